package api

import (
	"bytes"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// TestGolden compares the responses for the seeds with the files under
// testdata/ (go test -update rewrites them).
func TestGolden(t *testing.T) {
	h := New(sharedStore(t), Options{})
	for _, target := range []string{
		"/api/v1/articles",
		"/api/v1/articles?limit=2",
		"/api/v1/articles?entity=5",
		"/api/v1/articles?from=2017-12-20&to=2017-12-31",
		"/api/v1/articles?outlet=Sputnik",
		"/api/v1/articles/1",
		"/api/v1/articles/2",
		"/api/v1/entities?limit=20",
		"/api/v1/entities?type=PER",
		"/api/v1/entities/5",
		"/api/v1/entities/5/quotes",
		"/api/v1/quotes?storyline=1&limit=10",
		"/api/v1/quotes?article=2",
		"/api/v1/events",
		"/api/v1/events?order=largest&limit=2",
		"/api/v1/events/1",
		"/api/v1/storylines",
		"/api/v1/storylines/1",
		"/api/v1/search?q=Syria&limit=3",
		"/api/v1/search?q=%22Foreign+Ministry%22&from=2017-01-01",
		"/api/v1/outlets",
		"/api/v1/outlets/Newsweek",
	} {
		resp := get(t, h, target)
		if resp.status != http.StatusOK {
			t.Errorf("%s: status %d: %s", target, resp.status, resp.body)
			continue
		}
		// When a revision was stored is the one thing that is not the same
		// in every run.
		resp.body = storedAt.ReplaceAll(resp.body, []byte(`"stored_at": "(time)"`))
		path := goldenName(target)
		if *update {
			if err := os.WriteFile(path, resp.body, 0o644); err != nil {
				t.Fatal(err)
			}
			continue
		}
		want, err := os.ReadFile(path)
		if err != nil {
			t.Fatalf("%v (go test -update writes it)", err)
		}
		if !bytes.Equal(resp.body, want) {
			t.Errorf("%s differs from %s (go test -update rewrites it):\n%s", target, path, resp.body)
		}
	}
}

var storedAt = regexp.MustCompile(`"stored_at": "[^"]*"`)

// TestRaw: the raw input is the seed file as it was read, as a text/plain
// attachment.
func TestRaw(t *testing.T) {
	h := New(sharedStore(t), Options{})
	resp := get(t, h, "/api/v1/articles/1")
	var a struct {
		SourceID string `json:"source_id"`
	}
	json.Unmarshal(resp.body, &a)
	want, err := os.ReadFile(filepath.Join(seedsDir, a.SourceID))
	if err != nil {
		t.Fatal(err)
	}
	resp = get(t, h, "/api/v1/articles/1/raw")
	if resp.status != 200 || !bytes.Equal(bytes.TrimSpace(resp.body), bytes.TrimSpace(want)) {
		t.Errorf("raw: status %d, %d bytes; want the %d bytes of %s", resp.status, len(resp.body), len(want), a.SourceID)
	}
	if ct := resp.header.Get("Content-Type"); ct != "text/plain; charset=utf-8" {
		t.Errorf("raw Content-Type %q", ct)
	}
	if cd := resp.header.Get("Content-Disposition"); !strings.HasPrefix(cd, "attachment;") {
		t.Errorf("raw Content-Disposition %q", cd)
	}
}

// TestPagination walks every list page by page, with several page sizes,
// and checks that each item comes exactly once and in the order of the
// whole list.
func TestPagination(t *testing.T) {
	h := New(sharedStore(t), Options{})
	key := func(item map[string]any) string {
		b, _ := json.Marshal([]any{item["id"], item["article"], item["index"], item["name"]})
		return string(b)
	}
	walk := func(target string, limit int) []string {
		t.Helper()
		var keys []string
		sep := "?"
		if strings.Contains(target, "?") {
			sep = "&"
		}
		url := target + sep + "limit=" + itoa(limit)
		for pages := 0; ; pages++ {
			if pages > 1000 {
				t.Fatalf("%s: no end", target)
			}
			resp := get(t, h, url)
			if resp.status != 200 {
				t.Fatalf("%s: %d %s", url, resp.status, resp.body)
			}
			var p struct {
				Items []map[string]any
				Next  string
			}
			if err := json.Unmarshal(resp.body, &p); err != nil {
				t.Fatal(err)
			}
			if len(p.Items) > limit || (p.Next != "" && len(p.Items) != limit) {
				t.Errorf("%s: %d items, next %q", url, len(p.Items), p.Next)
			}
			for _, it := range p.Items {
				keys = append(keys, key(it))
			}
			if p.Next == "" {
				return keys
			}
			url = target + sep + "limit=" + itoa(limit) + "&cursor=" + p.Next
		}
	}
	for _, target := range []string{
		"/api/v1/articles", "/api/v1/articles?storyline=1", "/api/v1/articles?entity=1",
		"/api/v1/entities", "/api/v1/entities?type=PER",
		"/api/v1/quotes", "/api/v1/quotes?storyline=1", "/api/v1/entities/5/quotes",
		"/api/v1/events", "/api/v1/events?order=largest", "/api/v1/storylines",
		"/api/v1/search?q=Syria", "/api/v1/search?q=Russia+troops", "/api/v1/outlets",
	} {
		all := walk(target, maxLimit)
		if len(all) == 0 {
			t.Errorf("%s: empty", target)
		}
		seen := map[string]bool{}
		for _, k := range all {
			if seen[k] {
				t.Errorf("%s: %s twice in one page", target, k)
			}
			seen[k] = true
		}
		for _, limit := range []int{1, 2, 3, 7} {
			if got := walk(target, limit); strings.Join(got, " ") != strings.Join(all, " ") {
				t.Errorf("%s by %d:\n%v\nwant\n%v", target, limit, got, all)
			}
		}
	}
	// The default and the cap.
	resp := get(t, h, "/api/v1/entities")
	var p struct{ Items []any }
	json.Unmarshal(resp.body, &p)
	if len(p.Items) != defaultLimit {
		t.Errorf("default page: %d entities, want %d", len(p.Items), defaultLimit)
	}
	pr, err := query(httptest.NewRequest("GET", "/api/v1/entities?limit=100000", nil), "limit")
	if n, lerr := pr.limit(); err != nil || lerr != nil || n != maxLimit {
		t.Errorf("limit=100000: %d, %v, %v; want the cap %d", n, err, lerr, maxLimit)
	}
}

func itoa(n int) string { return strings.TrimSpace(string(must(json.Marshal(n)))) }

func must[T any](v T, err error) T {
	if err != nil {
		panic(err)
	}
	return v
}

// TestErrors: every error has the one shape and the status that fits, and
// says nothing of the server's internals.
func TestErrors(t *testing.T) {
	h := New(sharedStore(t), Options{})
	for _, tt := range []struct {
		method, target string
		status         int
		code           string
	}{
		{"GET", "/api/v1/nothing", 404, "not_found"},
		{"GET", "/elsewhere", 404, "not_found"},
		{"GET", "/api/v1/articles/999", 404, "not_found"},
		{"GET", "/api/v1/articles/abc", 400, "bad_parameter"},
		{"GET", "/api/v1/articles/-1", 400, "bad_parameter"},
		{"GET", "/api/v1/articles?limit=0", 400, "bad_parameter"},
		{"GET", "/api/v1/articles?limit=-5", 400, "bad_parameter"},
		{"GET", "/api/v1/articles?event=x", 400, "bad_parameter"},
		{"GET", "/api/v1/articles?from=2017-13-01", 400, "bad_parameter"},
		{"GET", "/api/v1/articles?outlet=a&outlet=b", 400, "bad_parameter"},
		{"GET", "/api/v1/articles?colour=red", 400, "bad_parameter"},
		{"GET", "/api/v1/articles?cursor=garbage", 400, "bad_parameter"},
		{"GET", "/api/v1/articles?cursor=" + cursor{Kind: "events:latest"}.String(), 400, "bad_parameter"},
		{"GET", "/api/v1/articles/1?x=1", 400, "bad_parameter"},
		{"GET", "/api/v1/events?order=oldest", 400, "bad_parameter"},
		{"GET", "/api/v1/articles?" + strings.Repeat("x", maxQueryBytes+1), 414, "query_too_long"},
		{"POST", "/api/v1/articles", 405, "method_not_allowed"},
		{"PUT", "/api/v1/events/1", 405, "method_not_allowed"},
		{"GET", "/api/v1/documents", 405, "method_not_allowed"},
		{"POST", "/api/v1/documents", 401, "unauthorized"},
	} {
		resp := do(t, h, tt.method, tt.target, nil)
		var e struct {
			Error struct{ Code, Message string }
		}
		dec := json.NewDecoder(bytes.NewReader(resp.body))
		dec.DisallowUnknownFields()
		err := dec.Decode(&e)
		name := tt.method + " " + tt.target
		if len(name) > 60 {
			name = name[:60]
		}
		if resp.status != tt.status || err != nil || e.Error.Code != tt.code || e.Error.Message == "" {
			t.Errorf("%s: %d %s; want %d with code %s", name, resp.status, resp.body, tt.status, tt.code)
		}
		if ct := resp.header.Get("Content-Type"); ct != "application/json" {
			t.Errorf("%s: Content-Type %q", name, ct)
		}
		if tt.status == 405 && resp.header.Get("Allow") == "" {
			t.Errorf("%s: 405 without Allow", name)
		}
		if tt.status == 401 && !strings.HasPrefix(resp.header.Get("WWW-Authenticate"), "Bearer") {
			t.Errorf("%s: 401 without WWW-Authenticate", name)
		}
	}
}

// TestETag: reads carry a strong ETag and Cache-Control; If-None-Match
// with it answers 304 without a body; HEAD answers the headers alone.
func TestETag(t *testing.T) {
	h := New(sharedStore(t), Options{})
	for _, target := range []string{"/api/v1/articles", "/api/v1/articles/1", "/api/v1/articles/1/raw", "/api/v1/storylines/1", "/api/v1/openapi.json"} {
		resp := get(t, h, target)
		etag := resp.header.Get("ETag")
		if resp.status != 200 || !strings.HasPrefix(etag, `"`) || resp.header.Get("Cache-Control") == "" {
			t.Errorf("%s: %d, ETag %q, Cache-Control %q", target, resp.status, etag, resp.header.Get("Cache-Control"))
			continue
		}
		if again := get(t, h, target); again.header.Get("ETag") != etag {
			t.Errorf("%s: ETag changed between two reads", target)
		}
		for _, inm := range []string{etag, `"other", ` + etag, "W/" + etag, "*"} {
			r := get(t, h, target, "If-None-Match", inm)
			if r.status != http.StatusNotModified || len(r.body) != 0 || r.header.Get("ETag") != etag {
				t.Errorf("%s If-None-Match %s: %d, %d bytes", target, inm, r.status, len(r.body))
			}
		}
		if r := get(t, h, target, "If-None-Match", `"other"`); r.status != 200 || len(r.body) == 0 {
			t.Errorf("%s with another ETag: %d", target, r.status)
		}
		if r := do(t, h, http.MethodHead, target, nil); r.status != 200 || len(r.body) != 0 || r.header.Get("ETag") != etag {
			t.Errorf("%s HEAD: %d, %d bytes, ETag %q", target, r.status, len(r.body), r.header.Get("ETag"))
		}
	}
	// Another page has another ETag.
	if get(t, h, "/api/v1/articles/1").header.Get("ETag") == get(t, h, "/api/v1/articles/2").header.Get("ETag") {
		t.Error("two articles with one ETag")
	}
}

// TestSecurityHeaders: every response, errors included, forbids sniffing,
// framing and running anything.
func TestSecurityHeaders(t *testing.T) {
	h := New(sharedStore(t), Options{})
	for _, target := range []string{"/api/v1/articles/1", "/api/v1/articles/1/raw", "/api/v1/nothing"} {
		resp := get(t, h, target)
		if resp.header.Get("X-Content-Type-Options") != "nosniff" ||
			!strings.Contains(resp.header.Get("Content-Security-Policy"), "frame-ancestors 'none'") ||
			resp.header.Get("Referrer-Policy") == "" {
			t.Errorf("%s: headers %v", target, resp.header)
		}
	}
}
