package web

import (
	"errors"
	"net/http"
	"net/url"
	"sort"
	"strconv"
	"time"
	"unicode/utf8"

	"github.com/storyline-news/storyline/internal/store"
)

// searchParams are the query parameters the search page reads; any other
// is ignored.
var searchParams = []string{"q", "from", "to", "outlet", "lang", "entity", "storyline", "cursor", "limit"}

type searchPage struct {
	Q, From, To, Outlet, Lang string
	Entity, Storyline         int64
	EntityName                string
	StorylineTitle            string
	Limit                     int
	Searched                  bool
	Res                       store.SearchResult
	Hits                      []searchHit
	Next                      string // the next page's address, "" on the last
	First                     string // the first page's address, when on a later one
	Outlets, Years, Entities  []facetLink
	Filters                   []facetLink // active filters, each linking to the search without it
}

type searchHit struct {
	store.SearchHit
	Snippet []snipPart
	Date    string
}

// snipPart is a piece of a snippet, marked when a search word matched it.
type snipPart struct {
	Text string
	Mark bool
}

type facetLink struct {
	Label string
	Count int
	Href  string
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
	p := searchPage{Q: q.Get("q"), From: q.Get("from"), To: q.Get("to"), Outlet: q.Get("outlet"), Lang: q.Get("lang"), Limit: DefaultPageSize}
	for _, d := range []string{p.From, p.To} {
		if _, err := time.Parse("2006-01-02", d); d != "" && err != nil {
			return nil, errBadRequest("dates are written YYYY-MM-DD")
		}
	}
	var err error
	if p.Entity, err = optionalID(q.Get("entity")); err != nil {
		return nil, err
	}
	if p.Storyline, err = optionalID(q.Get("storyline")); err != nil {
		return nil, err
	}
	if l := q.Get("limit"); l != "" {
		n, err := strconv.Atoi(l)
		if err != nil || n < 1 || n > MaxPageSize {
			return nil, errBadRequest("limit is a number from 1 to %d", MaxPageSize)
		}
		p.Limit = n
	}
	ctx := r.Context()
	if p.Entity != 0 {
		if c := s.entities(ctx).get(p.Entity); c != nil {
			p.EntityName = c.Name
		}
	}
	if p.Storyline != 0 {
		if sl, err := s.st.Storyline(ctx, p.Storyline); err == nil {
			p.StorylineTitle = sl.Title
		}
	}
	p.Filters = p.activeFilters(q)
	if p.Q == "" {
		return &view{name: "search", title: "Search", data: p}, nil
	}
	p.Searched = true
	res, err := s.st.Search(ctx, store.SearchQuery{
		Text: p.Q, From: p.From, To: p.To, Outlet: p.Outlet, Language: p.Lang,
		Entity: p.Entity, Storyline: p.Storyline, Limit: p.Limit, Cursor: q.Get("cursor"),
	})
	if errors.Is(err, store.ErrBadQuery) {
		return nil, errBadRequest("the search's dates or page cursor are not valid")
	}
	if err != nil {
		return nil, err
	}
	p.Res = res
	for _, h := range res.Hits {
		p.Hits = append(p.Hits, searchHit{SearchHit: h, Snippet: highlight(h.Snippet, h.Highlights), Date: dateOrUndated(h.Published)})
	}
	if res.Next != "" {
		p.Next = searchURL(q, "cursor", res.Next)
	}
	if q.Get("cursor") != "" {
		p.First = searchURL(q, "cursor", "")
	}
	for _, f := range res.Outlets {
		p.Outlets = append(p.Outlets, facetLink{Label: f.Label, Count: f.Count, Href: searchURL(q, "outlet", f.Value)})
	}
	for _, f := range res.Years {
		p.Years = append(p.Years, facetLink{Label: f.Label, Count: f.Count, Href: searchURL(q, "from", f.Value+"-01-01", "to", f.Value+"-12-31")})
	}
	for _, f := range res.Entities {
		p.Entities = append(p.Entities, facetLink{Label: f.Label, Count: f.Count, Href: searchURL(q, "entity", f.Value)})
	}
	return &view{name: "search", title: "Search: " + clip(60, p.Q), data: p}, nil
}

// activeFilters lists the filters in use, each with the address of the
// same search without it.
func (p *searchPage) activeFilters(q url.Values) []facetLink {
	var out []facetLink
	add := func(label string, keys ...string) {
		var kv []string
		for _, k := range keys {
			kv = append(kv, k, "")
		}
		out = append(out, facetLink{Label: label, Href: searchURL(q, kv...)})
	}
	if p.From != "" || p.To != "" {
		add("published "+span(p.From, p.To), "from", "to")
	}
	if p.Outlet != "" {
		add("outlet: "+p.Outlet, "outlet")
	}
	if p.Lang != "" {
		add("language: "+p.Lang, "lang")
	}
	if p.Entity != 0 {
		add("naming: "+orDash(p.EntityName), "entity")
	}
	if p.Storyline != 0 {
		add("in storyline: "+orDash(clip(60, p.StorylineTitle)), "storyline")
	}
	return out
}

func optionalID(v string) (int64, error) {
	if v == "" {
		return 0, nil
	}
	id, err := strconv.ParseInt(v, 10, 64)
	if err != nil || id <= 0 {
		return 0, errBadRequest("ids are positive numbers")
	}
	return id, nil
}

// searchURL is the search page's address with the parameters of q, those
// named in kv (key, value, ...) set (or removed when the value is ""); a
// change of filter starts again at the first page.
func searchURL(q url.Values, kv ...string) string {
	v := url.Values{}
	for _, k := range searchParams {
		if x := q.Get(k); x != "" {
			v.Set(k, x)
		}
	}
	resetCursor := true
	for i := 0; i+1 < len(kv); i += 2 {
		if kv[i] == "cursor" {
			resetCursor = false
		}
		if kv[i+1] == "" {
			v.Del(kv[i])
		} else {
			v.Set(kv[i], kv[i+1])
		}
	}
	if resetCursor {
		v.Del("cursor")
	}
	return "/search?" + v.Encode()
}

// highlight cuts a snippet into plain and marked parts at the hit's byte
// ranges, ignoring any range that is out of bounds, overlaps another or
// splits a character.
func highlight(snippet string, ranges [][2]int) []snipPart {
	rs := append([][2]int(nil), ranges...)
	sort.Slice(rs, func(i, j int) bool { return rs[i][0] < rs[j][0] })
	var out []snipPart
	at := 0
	for _, r := range rs {
		s, e := r[0], r[1]
		if s < at || e <= s || e > len(snippet) || !utf8.RuneStart(snippet[s]) || (e < len(snippet) && !utf8.RuneStart(snippet[e])) {
			continue
		}
		if s > at {
			out = append(out, snipPart{Text: snippet[at:s]})
		}
		out = append(out, snipPart{Text: snippet[s:e], Mark: true})
		at = e
	}
	if at < len(snippet) {
		out = append(out, snipPart{Text: snippet[at:]})
	}
	return out
}
