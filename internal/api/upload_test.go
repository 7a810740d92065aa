package api

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"errors"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/storyline-news/storyline/internal/store"
	"github.com/storyline-news/storyline/internal/store/sqlite"
)

// newWritable returns a seeded store of its own, a token for it, and the
// handler that takes uploads into it.
func newWritable(t *testing.T, opt Options) (*sqlite.Store, http.Handler, string) {
	t.Helper()
	st := newSeeded(t, t.TempDir())
	t.Cleanup(func() { st.Close() })
	token, hash, err := NewToken()
	if err != nil {
		t.Fatal(err)
	}
	if err := st.CreateToken(t.Context(), "test", hash); err != nil {
		t.Fatal(err)
	}
	opt.Tokens, opt.Ingest = st, NewIngester(st)
	return st, New(st, opt), token
}

func decode[T any](t *testing.T, b []byte) T {
	t.Helper()
	var v T
	if err := json.Unmarshal(b, &v); err != nil {
		t.Fatalf("%v: %s", err, b)
	}
	return v
}

const goodLine1 = `{"id": "u1", "url": "https://example.org/news/talks", "title": "Talks to resume in Geneva", "published": "2024-02-01", "outlet": "Example News", "text": "Diplomats said on Monday that talks on Syria would resume in Geneva next month. \"We will meet again,\" the envoy said."}`
const goodLine3 = `{"id": "u3", "url": "https://example.org/news/aid", "title": "Aid convoy reaches Aleppo", "published": "2024-02-02", "outlet": "Example News", "text": "An aid convoy of 40 trucks reached Aleppo on Tuesday, the United Nations said, after weeks of delay at the border."}`

func TestUpload(t *testing.T) {
	st, h, token := newWritable(t, Options{MaxUploadBytes: 64 << 10})
	auth := []string{"Authorization", "Bearer " + token}
	post := func(target, body string, header ...string) response {
		return do(t, h, http.MethodPost, target, strings.NewReader(body), header...)
	}
	count := func() int {
		n, err := st.Count(t.Context())
		if err != nil {
			t.Fatal(err)
		}
		return n
	}
	body := goodLine1 + "\n{\"id\": \"u2\", broken\n" + goodLine3 + "\n"

	// Without a token, with a wrong one, with another scheme: nothing stored.
	for _, hdr := range [][]string{nil, {"Authorization", "Bearer nope"}, {"Authorization", "Basic " + token}, {"Authorization", "Bearer"}} {
		if r := post("/api/v1/documents", body, hdr...); r.status != 401 {
			t.Errorf("upload with %q: %d %s", hdr, r.status, r.body)
		}
	}
	if n := count(); n != 5 {
		t.Fatalf("%d articles after refused uploads, want the 5 seeds", n)
	}

	// A bad line is reported with its line, and the rest is stored.
	r := post("/api/v1/documents?name=batch.jsonl", body, auth...)
	if r.status != 200 {
		t.Fatalf("upload: %d %s", r.status, r.body)
	}
	sum := decode[uploadSummary](t, r.body)
	if sum.Name != "batch.jsonl" || sum.Ingested != 2 || sum.Failed != 1 || len(sum.Errors) != 1 || sum.Errors[0].Line != 2 {
		t.Errorf("summary %+v", sum)
	}
	if e := sum.Errors[0]; !strings.HasPrefix(e.Message, "ingest batch.jsonl line 2: ") || strings.Contains(e.Message, "storyline-upload") {
		t.Errorf("error %+v: want it named after the upload, with no server path", e)
	}
	if n := count(); n != 7 {
		t.Errorf("%d articles after the upload, want 7", n)
	}
	// The new articles are read like the others, placed and analysed.
	page := decode[page[articleSummary]](t, get(t, h, "/api/v1/articles?outlet=Example+News").body)
	if len(page.Items) != 2 || page.Items[0].Title != "Talks to resume in Geneva" || page.Items[0].Event == 0 {
		t.Errorf("uploaded articles: %+v", page.Items)
	}

	// The same again is unchanged; a changed line is a revision.
	r = post("/api/v1/documents?name=batch.jsonl", body, auth...)
	if sum := decode[uploadSummary](t, r.body); sum.Unchanged != 2 || sum.Ingested != 0 {
		t.Errorf("same upload again: %+v", sum)
	}
	changed := strings.Replace(goodLine3, "40 trucks", "45 trucks", 1)
	r = post("/api/v1/documents?name=batch.jsonl", changed, auth...)
	if sum := decode[uploadSummary](t, r.body); sum.Revised != 1 {
		t.Errorf("changed upload: %+v", sum)
	}

	// A plain text without a name is named after its content.
	r = post("/api/v1/documents", "Ministers met in Paris on Friday to discuss the ceasefire in Gaza. The talks lasted six hours, officials said, and will continue next week in Cairo.", auth...)
	if sum := decode[uploadSummary](t, r.body); r.status != 200 || sum.Ingested != 1 || !strings.HasPrefix(sum.Name, "upload-") {
		t.Errorf("text upload: %d %s", r.status, r.body)
	}

	// Input that is no document fails as ingest fails it.
	r = post("/api/v1/documents?name=bin.dat", "abc\x00def", auth...)
	if sum := decode[uploadSummary](t, r.body); r.status != 200 || sum.Failed != 1 || sum.Errors[0].Reason == "" {
		t.Errorf("binary upload: %d %s", r.status, r.body)
	}

	before := count()
	for _, tt := range []struct {
		target, body string
		status       int
		code         string
	}{
		{"/api/v1/documents", strings.Repeat(goodLine1+"\n", 1000), 413, "too_large"},
		{"/api/v1/documents", "", 400, "empty_body"},
		{"/api/v1/documents?name=../etc/passwd", goodLine1, 400, "bad_parameter"},
		{"/api/v1/documents?name=.hidden", goodLine1, 400, "bad_parameter"},
		{"/api/v1/documents?other=1", goodLine1, 400, "bad_parameter"},
	} {
		r := post(tt.target, tt.body, auth...)
		e := decode[map[string]apiError](t, r.body)["error"]
		if r.status != tt.status || e.Code != tt.code {
			t.Errorf("%s (%d bytes): %d %s; want %d %s", tt.target, len(tt.body), r.status, r.body, tt.status, tt.code)
		}
	}
	if n := count(); n != before {
		t.Errorf("refused uploads stored %d articles", n-before)
	}

	// A revoked token is refused at once.
	if err := st.RevokeToken(t.Context(), "test"); err != nil {
		t.Fatal(err)
	}
	if r := post("/api/v1/documents", goodLine1, auth...); r.status != 401 {
		t.Errorf("revoked token: %d", r.status)
	}
}

// TestReadOnly: a server without an Ingester takes no uploads, whatever
// the token.
func TestReadOnly(t *testing.T) {
	st := sharedStore(t)
	token, hash, _ := NewToken()
	tokens := &memTokens{hash: string(hash)}
	h := New(st, Options{Tokens: tokens})
	r := do(t, h, http.MethodPost, "/api/v1/documents", strings.NewReader(goodLine1), "Authorization", "Bearer "+token)
	if e := decode[map[string]apiError](t, r.body)["error"]; r.status != 403 || e.Code != "read_only" {
		t.Errorf("upload to a read-only server: %d %s", r.status, r.body)
	}
}

// TestAuthRead: with RequireReadToken every read needs a token.
func TestAuthRead(t *testing.T) {
	st := sharedStore(t)
	token, hash, _ := NewToken()
	h := New(st, Options{Tokens: &memTokens{hash: string(hash)}, RequireReadToken: true})
	for _, target := range []string{"/api/v1/articles", "/api/v1/articles/1/raw", "/api/v1/openapi.json"} {
		if r := get(t, h, target); r.status != 401 {
			t.Errorf("%s without a token: %d", target, r.status)
		}
		if r := get(t, h, target, "Authorization", "Bearer x"+token); r.status != 401 {
			t.Errorf("%s with a wrong token: %d", target, r.status)
		}
		r := get(t, h, target, "Authorization", "Bearer "+token)
		if r.status != 200 || !strings.Contains(r.header.Get("Cache-Control"), "private") {
			t.Errorf("%s with the token: %d, Cache-Control %q", target, r.status, r.header.Get("Cache-Control"))
		}
	}
	// Open reads stay open without tokens at all.
	if r := get(t, New(st, Options{}), "/api/v1/articles"); r.status != 200 {
		t.Errorf("open read: %d", r.status)
	}
}

// memTokens is one token in memory.
type memTokens struct{ hash string }

func (m *memTokens) CreateToken(context.Context, string, []byte) error               { return nil }
func (m *memTokens) ListTokens(context.Context, func(string, time.Time) error) error { return nil }
func (m *memTokens) RevokeToken(context.Context, string) error                       { return nil }
func (m *memTokens) CheckToken(_ context.Context, hash []byte) (string, error) {
	if string(hash) != m.hash {
		return "", store.ErrNotFound
	}
	return "test", nil
}

// TestTokens: create, check, list and revoke on the SQLite store; only
// the hash is stored.
func TestTokens(t *testing.T) {
	st, err := sqlite.Open(t.TempDir() + "/tokens.db")
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	var tokens Tokens = st
	ctx := t.Context()
	token, hash, err := NewToken()
	if err != nil {
		t.Fatal(err)
	}
	if raw, err := base64.RawURLEncoding.DecodeString(token); err != nil || len(raw) != 32 {
		t.Errorf("token %q: %d bytes, %v; want 32 bytes of base64url", token, len(raw), err)
	}
	if other, _, _ := NewToken(); other == token {
		t.Error("two tokens alike")
	}
	if err := tokens.CreateToken(ctx, "ci", hash); err != nil {
		t.Fatal(err)
	}
	if err := tokens.CreateToken(ctx, "ci", HashToken("other")); !errors.Is(err, sqlite.ErrTokenExists) {
		t.Errorf("second token named ci: %v", err)
	}
	if name, err := tokens.CheckToken(ctx, HashToken(token)); err != nil || name != "ci" {
		t.Errorf("check: %q, %v", name, err)
	}
	if _, err := tokens.CheckToken(ctx, HashToken(token+"x")); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("check a wrong token: %v", err)
	}
	var stored []byte
	if err := st.DB().QueryRow("SELECT hash FROM api_tokens").Scan(&stored); err != nil || string(stored) != string(hash) || strings.Contains(string(stored), token) {
		t.Errorf("stored %x, %v; want the SHA-256 only", stored, err)
	}
	var names []string
	err = tokens.ListTokens(ctx, func(name string, created time.Time) error {
		if time.Since(created) > time.Hour {
			t.Errorf("%s created %v", name, created)
		}
		names = append(names, name)
		return nil
	})
	if err != nil || strings.Join(names, ",") != "ci" {
		t.Errorf("list: %v, %v", names, err)
	}
	if err := tokens.RevokeToken(ctx, "ci"); err != nil {
		t.Fatal(err)
	}
	if _, err := tokens.CheckToken(ctx, hash); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("check after revoke: %v", err)
	}
	if err := tokens.RevokeToken(ctx, "ci"); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("revoke twice: %v", err)
	}
}
