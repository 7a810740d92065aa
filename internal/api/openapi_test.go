package api

import (
	"encoding/json"
	"net/http"
	"os"
	"strconv"
	"strings"
	"testing"
)

// openAPIFile is the part of openapi.json the test reads.
type openAPIFile struct {
	OpenAPI    string                                 `json:"openapi"`
	Paths      map[string]map[string]openAPIOperation `json:"paths"`
	Components struct {
		Schemas map[string]*schema `json:"schemas"`
	} `json:"components"`
}

type openAPIOperation struct {
	Responses map[string]struct {
		Content map[string]struct {
			Schema *schema `json:"schema"`
		} `json:"content"`
	} `json:"responses"`
}

// template returns the documented path a request path matches:
// "/api/v1/articles/{id}" for "/api/v1/articles/3".
func template(doc *openAPIFile, path string) string {
	segs := strings.Split(path, "/")
	for tpl := range doc.Paths {
		ts := strings.Split(tpl, "/")
		if len(ts) != len(segs) {
			continue
		}
		ok := true
		for i := range ts {
			if ts[i] != segs[i] && !strings.HasPrefix(ts[i], "{") {
				ok = false
			}
		}
		if ok {
			return tpl
		}
	}
	return ""
}

// TestOpenAPI sends requests to every documented operation, on the
// seeded store, and checks each response against the schema the
// description gives for its status; and that every operation's 200 is
// seen.
func TestOpenAPI(t *testing.T) {
	b, err := os.ReadFile("openapi.json")
	if err != nil {
		t.Fatal(err)
	}
	var doc openAPIFile
	if err := json.Unmarshal(b, &doc); err != nil {
		t.Fatal(err)
	}
	if doc.OpenAPI != "3.1.0" {
		t.Errorf("openapi %q, want 3.1.0", doc.OpenAPI)
	}
	vd := &validator{schemas: doc.Components.Schemas}

	st := newSeeded(t, t.TempDir())
	defer st.Close()
	token, hash, err := NewToken()
	if err != nil {
		t.Fatal(err)
	}
	if err := st.CreateToken(t.Context(), "test", hash); err != nil {
		t.Fatal(err)
	}
	h := New(st, Options{Tokens: st, Ingest: NewIngester(st), MaxUploadBytes: 1 << 20})
	auth := []string{"Authorization", "Bearer " + token}
	jsonl := `{"id": "a1", "url": "https://example.org/a1", "title": "Upload", "published": "2024-02-01", "outlet": "Example", "text": "The minister said on Monday that talks would resume. \"We will meet again,\" she said."}` + "\n{not json\n"

	type req struct {
		method, target, body string
		header               []string
		status               int
	}
	reqs := []req{
		{"GET", "/api/v1/openapi.json", "", nil, 200},
		{"GET", "/api/v1/articles", "", nil, 200},
		{"GET", "/api/v1/articles?limit=2&storyline=1&from=2017-01-01&to=2030-01-01", "", nil, 200},
		{"GET", "/api/v1/articles?entity=5", "", nil, 200},
		{"GET", "/api/v1/articles?limit=x", "", nil, 400},
		{"GET", "/api/v1/articles?" + strings.Repeat("a", 3000), "", nil, 414},
		{"GET", "/api/v1/articles/1", "", nil, 200},
		{"GET", "/api/v1/articles/2", "", nil, 200},
		{"GET", "/api/v1/articles/99", "", nil, 404},
		{"DELETE", "/api/v1/articles/1", "", nil, 405},
		{"GET", "/api/v1/articles/1/raw", "", nil, 200},
		{"GET", "/api/v1/articles/99/raw", "", nil, 404},
		{"GET", "/api/v1/search?q=Syria", "", nil, 200},
		{"GET", "/api/v1/search?q=%22Foreign+Ministry%22&storyline=1&from=2017-01-01&to=2018-01-01&limit=2", "", nil, 200},
		{"GET", "/api/v1/search?q=", "", nil, 400},
		{"GET", "/api/v1/search?q=x&cursor=abc", "", nil, 400},
		{"GET", "/api/v1/outlets", "", nil, 200},
		{"GET", "/api/v1/outlets/Newsweek", "", nil, 200},
		{"GET", "/api/v1/outlets/Nobody", "", nil, 404},
		{"GET", "/api/v1/events?since=2020-01-01", "", nil, 200},
		{"GET", "/api/v1/articles?duplicate_of=1", "", nil, 200},
		{"GET", "/api/v1/entities", "", nil, 200},
		{"GET", "/api/v1/entities?type=PER", "", nil, 200},
		{"GET", "/api/v1/entities?type=XX", "", nil, 400},
		{"GET", "/api/v1/entities/5", "", nil, 200},
		{"GET", "/api/v1/entities/99999", "", nil, 404},
		{"GET", "/api/v1/entities/5/quotes", "", nil, 200},
		{"GET", "/api/v1/quotes", "", nil, 200},
		{"GET", "/api/v1/quotes?storyline=1&limit=3", "", nil, 200},
		{"GET", "/api/v1/quotes?article=2", "", nil, 200},
		{"GET", "/api/v1/events", "", nil, 200},
		{"GET", "/api/v1/events?order=largest", "", nil, 200},
		{"GET", "/api/v1/events/1", "", nil, 200},
		{"GET", "/api/v1/events/99", "", nil, 404},
		{"GET", "/api/v1/storylines", "", nil, 200},
		{"GET", "/api/v1/storylines/1", "", nil, 200},
		{"GET", "/api/v1/storylines/99", "", nil, 404},
		{"POST", "/api/v1/documents", jsonl, nil, 401},
		{"POST", "/api/v1/documents?name=up.jsonl", jsonl, auth, 200},
		{"POST", "/api/v1/documents", strings.Repeat("x", 2<<20), auth, 413},
		{"GET", "/api/v1/documents", "", nil, 405},
	}
	seen := map[string]bool{}
	for _, r := range reqs {
		resp := do(t, h, r.method, r.target, strings.NewReader(r.body), r.header...)
		name := r.method + " " + r.target
		if len(name) > 80 {
			name = name[:80] + "…"
		}
		if resp.status != r.status {
			t.Errorf("%s: status %d, want %d: %s", name, resp.status, r.status, resp.body)
			continue
		}
		path, _, _ := strings.Cut(r.target, "?")
		tpl := template(&doc, path)
		if tpl == "" {
			t.Errorf("%s: path not documented", name)
			continue
		}
		method := strings.ToLower(r.method)
		op, ok := doc.Paths[tpl][method]
		if !ok {
			if r.status != http.StatusMethodNotAllowed {
				t.Errorf("%s: method not documented", name)
			}
			// A 405 is documented on the operations the path has.
			for _, o := range doc.Paths[tpl] {
				op = o
			}
		}
		code := strconv.Itoa(resp.status)
		seen[method+" "+tpl+" "+code] = true
		rs, ok := op.Responses[code]
		if !ok {
			t.Errorf("%s: status %s not documented", name, code)
			continue
		}
		ctype, _, _ := strings.Cut(resp.header.Get("Content-Type"), ";")
		c, ok := rs.Content[ctype]
		if !ok {
			t.Errorf("%s: content type %q not documented", name, ctype)
			continue
		}
		if ctype != "application/json" {
			continue
		}
		for _, e := range vd.validateJSON(c.Schema, resp.body) {
			t.Errorf("%s: %s", name, e)
		}
	}
	for tpl, ops := range doc.Paths {
		for method := range ops {
			if !seen[method+" "+tpl+" 200"] {
				t.Errorf("%s %s: no request got its 200", method, tpl)
			}
		}
	}
}
