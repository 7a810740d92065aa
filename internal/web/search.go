package web

import "net/http"

type searchPage struct {
	Q string
}

func (s *Server) search(r *http.Request) (*view, error) {
	q := r.URL.Query()
	if len(q.Get("q")) > MaxSearchBytes {
		return nil, errBadRequest("the search is too long (at most %d bytes)", MaxSearchBytes)
	}
	for k, vs := range q {
		for _, v := range vs {
			if k != "q" && len(v) > MaxParamBytes {
				return nil, errBadRequest("a search parameter is too long (at most %d bytes)", MaxParamBytes)
			}
		}
	}
	return &view{name: "search", title: "Search", data: searchPage{Q: q.Get("q")}}, nil
}
