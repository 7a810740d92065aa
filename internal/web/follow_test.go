package web

import (
	"context"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/storyline-news/storyline/internal/store/sqlite"
)

// writableServer is a server on a fresh store whose forms take the write
// token "good".
func writableServer(t *testing.T) (*Server, *sqlite.Store) {
	t.Helper()
	st, err := sqlite.Open(filepath.Join(t.TempDir(), "w.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	s, err := New(st, Options{Writes: &Writes{Store: st, CheckToken: func(_ context.Context, tok string) (string, error) {
		if tok == "good" {
			return "editor", nil
		}
		return "", errors.New("no")
	}}})
	if err != nil {
		t.Fatal(err)
	}
	return s, st
}

// formCSRF opens a page, returning its form secret and the cookie.
func formCSRF(t *testing.T, h http.Handler, path string) (string, *http.Cookie) {
	t.Helper()
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, path, nil))
	m := regexp.MustCompile(`name="csrf" value="([0-9a-f]{64})"`).FindStringSubmatch(rec.Body.String())
	cs := rec.Result().Cookies()
	if m == nil || len(cs) != 1 || cs[0].Value != m[1] || !cs[0].HttpOnly || cs[0].SameSite != http.SameSiteStrictMode {
		t.Fatalf("GET %s: no form secret or cookie (%v)", path, cs)
	}
	return m[1], cs[0]
}

func postForm(h http.Handler, path string, form url.Values, c *http.Cookie, site string) *httptest.ResponseRecorder {
	req := httptest.NewRequest(http.MethodPost, path, strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	if site != "" {
		req.Header.Set("Sec-Fetch-Site", site)
	}
	if c != nil {
		req.AddCookie(c)
	}
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	return rec
}

func TestFeedsForms(t *testing.T) {
	s, st := writableServer(t)
	csrf, cookie := formCSRF(t, s, "/feeds")
	add := url.Values{"url": {"https://news.example/feed.xml"}, "every": {"30m"}, "token": {"good"}, "csrf": {csrf}}
	with := func(k, v string) url.Values {
		f := url.Values{}
		for key, vs := range add {
			f[key] = vs
		}
		f.Set(k, v)
		return f
	}
	for _, c := range []struct {
		name   string
		form   url.Values
		cookie *http.Cookie
		site   string
		want   int
	}{
		{"no cookie", add, nil, "same-origin", http.StatusForbidden},
		{"wrong csrf", with("csrf", strings.Repeat("0", 64)), cookie, "same-origin", http.StatusForbidden},
		{"cross-site", add, cookie, "cross-site", http.StatusForbidden},
		{"bad token", with("token", "bad"), cookie, "same-origin", http.StatusForbidden},
		{"bad url", with("url", "javascript:alert(1)"), cookie, "same-origin", http.StatusBadRequest},
		{"bad interval", with("every", "1s"), cookie, "same-origin", http.StatusBadRequest},
		{"good", add, cookie, "same-origin", http.StatusSeeOther},
		{"again", add, cookie, "same-origin", http.StatusConflict},
	} {
		if rec := postForm(s, "/feeds", c.form, c.cookie, c.site); rec.Code != c.want {
			t.Errorf("%s: POST /feeds answered %d, want %d", c.name, rec.Code, c.want)
		}
	}
	fs, err := st.Feeds(context.Background())
	if err != nil || len(fs) != 1 || fs[0].Every.Minutes() != 30 {
		t.Fatalf("feeds after the posts: %+v %v", fs, err)
	}
	if _, body := get(t, s, "/feeds"); !strings.Contains(body, "https://news.example/feed.xml") {
		t.Error("the feeds page does not list the new feed")
	}
	rm := url.Values{"token": {"good"}, "csrf": {csrf}}
	if rec := postForm(s, "/feeds/1/remove", rm, cookie, ""); rec.Code != http.StatusSeeOther {
		t.Errorf("remove: %d", rec.Code)
	}
	if fs, _ := st.Feeds(context.Background()); len(fs) != 0 {
		t.Error("the feed was not removed")
	}

	// Watchlists the same way.
	csrf, cookie = formCSRF(t, s, "/watchlists")
	w := url.Values{"kind": {"query"}, "value": {"harbour ferry"}, "name": {"ports"}, "token": {"good"}, "csrf": {csrf}}
	if rec := postForm(s, "/watchlists", w, cookie, "same-origin"); rec.Code != http.StatusSeeOther {
		t.Fatalf("add watchlist: %d %s", rec.Code, rec.Body)
	}
	w.Set("kind", "storyline")
	w.Set("value", "x")
	if rec := postForm(s, "/watchlists", w, cookie, "same-origin"); rec.Code != http.StatusBadRequest {
		t.Errorf("bad storyline: %d", rec.Code)
	}
	_, body := get(t, s, "/watchlists")
	if !strings.Contains(body, `href="/watchlists/1.atom"`) || !strings.Contains(body, "ports") {
		t.Error("the watchlists page does not list the new watchlist")
	}
	res, feed := get(t, s, "/watchlists/1.atom")
	if res.StatusCode != 200 || !strings.Contains(feed, "<feed") {
		t.Errorf("the new watchlist's feed: %d", res.StatusCode)
	}
}

// TestFollowPagesReadOnly: without Writes the pages list but offer no
// form, and a POST is refused.
func TestFollowPagesReadOnly(t *testing.T) {
	s := testServer(t)
	for _, p := range []string{"/feeds", "/watchlists"} {
		res, body := get(t, s, p)
		if res.StatusCode != 200 || strings.Contains(body, "<form method=\"post\"") {
			t.Errorf("GET %s: %d, post form shown: %v", p, res.StatusCode, strings.Contains(body, "method=\"post\""))
		}
		if err := wellFormed(body); err != nil {
			t.Errorf("%s: %v", p, err)
		}
	}
	rec := postForm(s, "/feeds", url.Values{"url": {"https://x.example/"}}, nil, "same-origin")
	b, _ := io.ReadAll(rec.Body)
	if rec.Code != http.StatusForbidden || !strings.Contains(string(b), "read-only") {
		t.Errorf("POST to a read-only server: %d", rec.Code)
	}
}
