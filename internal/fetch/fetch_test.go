package fetch

import (
	"bytes"
	"compress/gzip"
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"net/netip"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// loopback is what the tests allow: their servers, and nothing else private.
var loopback = []netip.Prefix{netip.MustParsePrefix("127.0.0.0/8"), netip.MustParsePrefix("::1/128")}

// newClient returns a Client for the tests' loopback servers with a short
// host delay; mod, if set, adjusts the options first.
func newClient(mod func(*Options)) *Client {
	opt := Options{HostDelay: time.Millisecond, AllowNets: loopback, Timeout: 10 * time.Second}
	if mod != nil {
		mod(&opt)
	}
	return New(opt)
}

func TestConditionalGet(t *testing.T) {
	const etag, lastMod = `"v1"`, "Sat, 01 Mar 2025 12:00:00 GMT"
	var mu sync.Mutex
	var seen []http.Header
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		seen = append(seen, r.Header.Clone())
		mu.Unlock()
		if r.Header.Get("If-None-Match") == etag {
			w.WriteHeader(http.StatusNotModified)
			return
		}
		w.Header().Set("ETag", etag)
		w.Header().Set("Last-Modified", lastMod)
		w.Header().Set("Cache-Control", "public, max-age=600")
		w.Header().Set("Content-Type", "application/rss+xml")
		fmt.Fprint(w, "<rss/>")
	}))
	defer srv.Close()
	c := newClient(nil)
	ctx := context.Background()

	resp, err := c.Get(ctx, Request{URL: srv.URL + "/feed", Accept: "application/rss+xml"})
	if err != nil {
		t.Fatal(err)
	}
	if resp.Status != 200 || string(resp.Body) != "<rss/>" || resp.NotModified {
		t.Fatalf("first response = %d %q (304: %v)", resp.Status, resp.Body, resp.NotModified)
	}
	if resp.ETag != etag || resp.LastModified != lastMod || resp.MaxAge != 10*time.Minute ||
		resp.ContentType != "application/rss+xml" || resp.URL != srv.URL+"/feed" {
		t.Errorf("first response = %+v", resp)
	}

	resp, err = c.Get(ctx, Request{URL: srv.URL + "/feed", ETag: resp.ETag, LastModified: resp.LastModified})
	if err != nil {
		t.Fatal(err)
	}
	if !resp.NotModified || resp.Status != http.StatusNotModified || len(resp.Body) != 0 {
		t.Errorf("second response = %d %q (304: %v)", resp.Status, resp.Body, resp.NotModified)
	}
	if resp.ETag != etag || resp.LastModified != lastMod {
		t.Errorf("304 validators = %q %q, want the request's", resp.ETag, resp.LastModified)
	}

	if len(seen) != 2 {
		t.Fatalf("server saw %d requests", len(seen))
	}
	if h := seen[0]; h.Get("If-None-Match") != "" || h.Get("If-Modified-Since") != "" || h.Get("Accept") != "application/rss+xml" {
		t.Errorf("first request headers = %v", h)
	}
	if h := seen[1]; h.Get("If-None-Match") != etag || h.Get("If-Modified-Since") != lastMod {
		t.Errorf("conditional request headers = %v", h)
	}
}

func TestUserAgentSent(t *testing.T) {
	var ua atomic.Value
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ua.Store(r.UserAgent())
	}))
	defer srv.Close()
	c := newClient(func(o *Options) { o.Contact = "mailto:ops@example.org" })
	if _, err := c.Get(context.Background(), Request{URL: srv.URL}); err != nil {
		t.Fatal(err)
	}
	got := ua.Load().(string)
	if !strings.Contains(got, "Storyline") || !strings.Contains(got, "mailto:ops@example.org") {
		t.Errorf("User-Agent = %q, want Storyline and the contact", got)
	}
}

func TestStatusErrors(t *testing.T) {
	tests := []struct {
		name       string
		code       int
		retryAfter func() string
		min, max   time.Duration // bounds of StatusError.RetryAfter
		waits      bool          // a second request is held back
	}{
		{"500", 500, nil, 0, 0, false},
		{"404 keeps Retry-After", 404, func() string { return "5" }, 5 * time.Second, 5 * time.Second, false},
		{"429 seconds", 429, func() string { return "2" }, 2 * time.Second, 2 * time.Second, true},
		{"429 date", 429, func() string { return time.Now().Add(3 * time.Second).UTC().Format(http.TimeFormat) }, time.Second, 3 * time.Second, true},
		{"503 seconds", 503, func() string { return "30" }, 30 * time.Second, 30 * time.Second, true},
		{"503 without Retry-After", 503, nil, 0, 0, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var hits atomic.Int32
			srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				hits.Add(1)
				if tt.retryAfter != nil {
					w.Header().Set("Retry-After", tt.retryAfter())
				}
				w.WriteHeader(tt.code)
			}))
			defer srv.Close()
			c := newClient(nil)
			url := srv.URL + "/x"

			_, err := c.Get(context.Background(), Request{URL: url})
			var se *StatusError
			if !errors.As(err, &se) {
				t.Fatalf("err = %v, want a *StatusError", err)
			}
			if se.Code != tt.code || se.URL != url || se.RetryAfter < tt.min || se.RetryAfter > tt.max {
				t.Errorf("StatusError = %+v, want code %d, Retry-After in [%v, %v]", se, tt.code, tt.min, tt.max)
			}
			if !strings.Contains(err.Error(), url) || errors.Is(err, ErrHostWaiting) {
				t.Errorf("err = %v", err)
			}

			_, err = c.Get(context.Background(), Request{URL: srv.URL + "/y"})
			if got := errors.Is(err, ErrHostWaiting); got != tt.waits {
				t.Fatalf("second request: err = %v, ErrHostWaiting %v, want %v", err, got, tt.waits)
			}
			wantHits := int32(2)
			if tt.waits {
				wantHits = 1
				if !errors.As(err, &se) || se.RetryAfter <= 0 || se.RetryAfter > tt.max || se.Code != tt.code ||
					!strings.Contains(err.Error(), srv.URL+"/y") {
					t.Errorf("held-back error = %v (%+v)", err, se)
				}
				if _, err := c.Post(context.Background(), srv.URL+"/hook", "text/plain", nil, nil); !errors.Is(err, ErrHostWaiting) {
					t.Errorf("Post to a waiting host: err = %v", err)
				}
			}
			if got := hits.Load(); got != wantHits {
				t.Errorf("server saw %d requests, want %d", got, wantHits)
			}
		})
	}
}

func TestTimeout(t *testing.T) {
	tests := []struct {
		name    string
		handler http.HandlerFunc
	}{
		{"slow headers", func(w http.ResponseWriter, r *http.Request) {
			select {
			case <-r.Context().Done():
			case <-time.After(5 * time.Second):
			}
		}},
		{"slow body", func(w http.ResponseWriter, r *http.Request) {
			fmt.Fprint(w, "first part")
			w.(http.Flusher).Flush()
			select {
			case <-r.Context().Done():
			case <-time.After(5 * time.Second):
			}
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv := httptest.NewServer(tt.handler)
			defer srv.Close()
			c := newClient(func(o *Options) { o.Timeout = 200 * time.Millisecond })
			url := srv.URL + "/slow"
			_, err := c.Get(context.Background(), Request{URL: url})
			if !errors.Is(err, ErrTimeout) || !strings.Contains(err.Error(), "timeout") || !strings.Contains(err.Error(), url) {
				t.Errorf("err = %v, want a timeout naming %s", err, url)
			}
		})
	}
}

func TestCallerContext(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		<-r.Context().Done()
	}))
	defer srv.Close()
	ctx, cancel := context.WithCancel(context.Background())
	time.AfterFunc(50*time.Millisecond, cancel)
	_, err := newClient(nil).Get(ctx, Request{URL: srv.URL})
	if !errors.Is(err, context.Canceled) || errors.Is(err, ErrTimeout) || !strings.Contains(err.Error(), srv.URL) {
		t.Errorf("err = %v, want context.Canceled naming the URL", err)
	}
}

// gzipped compresses b.
func gzipped(t *testing.T, b []byte) []byte {
	t.Helper()
	var buf bytes.Buffer
	zw := gzip.NewWriter(&buf)
	if _, err := zw.Write(b); err != nil {
		t.Fatal(err)
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func TestBodyLimit(t *testing.T) {
	const limit = 1 << 20
	// 64 gzip members of 1 MiB of zeros each: 64 MiB in about 64 KiB,
	// without compressing 64 MiB in the test.
	bomb := bytes.Repeat(gzipped(t, make([]byte, 1<<20)), 64)
	small := bytes.Repeat([]byte("news "), 1000)
	tests := []struct {
		name    string
		body    []byte
		gzip    bool
		tooBig  bool
		wantLen int
	}{
		{"at the limit", make([]byte, limit), false, false, limit},
		{"one byte over", make([]byte, limit+1), false, true, limit},
		{"far over", make([]byte, 3*limit), false, true, limit},
		{"gzip", gzipped(t, small), true, false, len(small)},
		{"gzip bomb", bomb, true, true, limit},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				if tt.gzip {
					if !strings.Contains(r.Header.Get("Accept-Encoding"), "gzip") {
						t.Errorf("Accept-Encoding = %q", r.Header.Get("Accept-Encoding"))
					}
					w.Header().Set("Content-Encoding", "gzip")
				}
				w.Write(tt.body)
			}))
			defer srv.Close()
			c := newClient(func(o *Options) { o.MaxBody = limit })
			url := srv.URL + "/big"
			resp, err := c.Get(context.Background(), Request{URL: url})
			if tt.tooBig {
				want := fmt.Sprintf("%s: body larger than %d bytes", url, limit)
				if !errors.Is(err, ErrTooLarge) || !strings.Contains(err.Error(), want) {
					t.Errorf("err = %v, want ErrTooLarge with %q", err, want)
				}
			} else if err != nil {
				t.Fatal(err)
			}
			if resp == nil || len(resp.Body) != tt.wantLen {
				t.Fatalf("body length = %v, want %d", resp, tt.wantLen)
			}
			if tt.name == "gzip" && !bytes.Equal(resp.Body, small) {
				t.Errorf("gzip body not decompressed")
			}
		})
	}
}

// redirector serves /r/N, which redirects to /r/N-1 until /r/0 answers 200.
func redirector(t *testing.T) *httptest.Server {
	return httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		n, err := strconv.Atoi(strings.TrimPrefix(r.URL.Path, "/r/"))
		if err != nil {
			http.NotFound(w, r)
			return
		}
		if n > 0 {
			http.Redirect(w, r, strconv.Itoa(n-1), http.StatusFound) // relative Location
			return
		}
		fmt.Fprint(w, "done")
	}))
}

func TestRedirects(t *testing.T) {
	srv := redirector(t)
	defer srv.Close()
	tests := []struct {
		name    string
		max     int
		chain   int
		wantErr string // "" for success
	}{
		{"chain of 5", 0, 5, ""},
		{"chain of 6", 0, 6, "stopped after 5"},
		{"chain of 2, max 2", 2, 2, ""},
		{"chain of 3, max 2", 2, 3, "stopped after 2"},
		{"none allowed", -1, 1, "stopped after 0"},
		{"no redirect, none allowed", -1, 0, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := newClient(func(o *Options) { o.MaxRedirects = tt.max })
			url := fmt.Sprintf("%s/r/%d", srv.URL, tt.chain)
			resp, err := c.Get(context.Background(), Request{URL: url})
			if tt.wantErr == "" {
				if err != nil {
					t.Fatal(err)
				}
				if resp.URL != srv.URL+"/r/0" || string(resp.Body) != "done" {
					t.Errorf("final URL %s, body %q", resp.URL, resp.Body)
				}
				return
			}
			if !errors.Is(err, ErrTooManyRedirects) || !strings.Contains(err.Error(), tt.wantErr) || !strings.Contains(err.Error(), url) {
				t.Errorf("err = %v, want ErrTooManyRedirects with %q", err, tt.wantErr)
			}
		})
	}
}

func TestGuard(t *testing.T) {
	var hits atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		hits.Add(1)
		if to := r.URL.Query().Get("to"); to != "" {
			http.Redirect(w, r, to, http.StatusFound)
		}
	}))
	defer srv.Close()
	port := srv.URL[strings.LastIndex(srv.URL, ":")+1:]

	tests := []struct {
		name     string
		opt      func(*Options)
		url      string
		wantAddr string // the refused address; "" when the request must succeed
	}{
		{"redirect to metadata", nil, srv.URL + "/?to=http://169.254.169.254/latest/meta-data/", "169.254.169.254:80"},
		{"redirect to private", nil, srv.URL + "/?to=http://10.1.2.3/", "10.1.2.3:80"},
		{"redirect to mapped private", nil, srv.URL + "/?to=http://[::ffff:10.1.2.3]:8080/", "[::ffff:10.1.2.3]:8080"},
		{"redirect to shared space", nil, srv.URL + "/?to=https://100.64.1.1/", "100.64.1.1:443"},
		{"loopback without allowance", func(o *Options) { o.AllowNets = nil }, srv.URL + "/", "127.0.0.1:" + port},
		// A name, not a literal: refused by the dialer's Control hook.
		{"localhost without allowance", func(o *Options) { o.AllowNets = nil }, "http://localhost:" + port + "/", "*"},
		{"allowed loopback", nil, srv.URL + "/", ""},
		{"allow private", func(o *Options) { o.AllowNets, o.AllowPrivate = nil, true }, srv.URL + "/", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			hits.Store(0)
			c := newClient(tt.opt)
			_, err := c.Get(context.Background(), Request{URL: tt.url})
			if tt.wantAddr == "" {
				if err != nil {
					t.Fatal(err)
				}
				return
			}
			var be *BlockedError
			if !errors.Is(err, ErrBlocked) || !errors.As(err, &be) {
				t.Fatalf("err = %v, want ErrBlocked", err)
			}
			if tt.wantAddr != "*" && be.Addr != tt.wantAddr {
				t.Errorf("blocked %s, want %s", be.Addr, tt.wantAddr)
			}
			if tt.wantAddr == "*" && !strings.HasSuffix(be.Addr, ":"+port) {
				t.Errorf("blocked %q, want a resolved address with port %s", be.Addr, port)
			}
			if !strings.Contains(err.Error(), tt.url) {
				t.Errorf("err = %v does not name %s", err, tt.url)
			}
			if strings.Contains(tt.url, "?to=") && hits.Load() != 1 {
				t.Errorf("server saw %d requests, want 1", hits.Load())
			}
		})
	}

	c := newClient(func(o *Options) { o.AllowNets = nil })
	if _, err := c.Post(context.Background(), srv.URL+"/hook", "application/json", []byte("{}"), nil); !errors.Is(err, ErrBlocked) {
		t.Errorf("Post to loopback: err = %v, want ErrBlocked", err)
	}
	if _, err := c.Get(context.Background(), Request{URL: srv.URL, Robots: true}); !errors.Is(err, ErrBlocked) {
		t.Errorf("Get with robots to loopback: err = %v, want ErrBlocked", err)
	}
}

func TestSchemes(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, r.URL.Query().Get("to"), http.StatusMovedPermanently)
	}))
	defer srv.Close()
	c := newClient(nil)
	for _, url := range []string{
		"file:///etc/passwd",
		"ftp://example.org/pub/file",
		"gopher://example.org/",
		"javascript:alert(1)",
		"/relative/path",
		"http:///no-host",
		"http://[::1",
		srv.URL + "/?to=file:///etc/passwd",
		srv.URL + "/?to=ftp://example.org/",
	} {
		_, err := c.Get(context.Background(), Request{URL: url})
		if !errors.Is(err, ErrScheme) || !strings.Contains(err.Error(), url) {
			t.Errorf("Get(%s): err = %v, want ErrScheme naming the URL", url, err)
		}
	}
}

func TestPost(t *testing.T) {
	type seen struct {
		method, ctype, auth, sig, ua string
		body                         string
	}
	var mu sync.Mutex
	var got []seen
	record := func(w http.ResponseWriter, r *http.Request) {
		b, _ := io.ReadAll(r.Body)
		mu.Lock()
		got = append(got, seen{r.Method, r.Header.Get("Content-Type"), r.Header.Get("Authorization"), r.Header.Get("X-Signature"), r.UserAgent(), string(b)})
		mu.Unlock()
		w.WriteHeader(http.StatusNoContent)
	}
	other := httptest.NewServer(http.HandlerFunc(record))
	defer other.Close()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/307":
			http.Redirect(w, r, "/hook", http.StatusTemporaryRedirect)
		case "/303":
			http.Redirect(w, r, "/hook", http.StatusSeeOther)
		case "/elsewhere":
			http.Redirect(w, r, other.URL+"/hook", http.StatusPermanentRedirect)
		default:
			record(w, r)
		}
	}))
	defer srv.Close()

	const payload = `{"event":"story"}`
	h := http.Header{"Authorization": {"Bearer secret"}, "X-Signature": {"sha256=abc"}}
	tests := []struct {
		path string
		want seen
	}{
		{"/hook", seen{"POST", "application/json", "Bearer secret", "sha256=abc", "", payload}},
		{"/307", seen{"POST", "application/json", "Bearer secret", "sha256=abc", "", payload}},
		{"/303", seen{"GET", "", "Bearer secret", "sha256=abc", "", ""}},
		{"/elsewhere", seen{"POST", "application/json", "", "sha256=abc", "", payload}},
	}
	c := newClient(nil)
	for _, tt := range tests {
		mu.Lock()
		got = nil
		mu.Unlock()
		resp, err := c.Post(context.Background(), srv.URL+tt.path, "application/json", []byte(payload), h)
		if err != nil {
			t.Fatalf("%s: %v", tt.path, err)
		}
		if resp.Status != http.StatusNoContent {
			t.Errorf("%s: status %d", tt.path, resp.Status)
		}
		if len(got) != 1 {
			t.Fatalf("%s: hook saw %d requests", tt.path, len(got))
		}
		g := got[0]
		if !strings.Contains(g.ua, "Storyline") {
			t.Errorf("%s: User-Agent %q", tt.path, g.ua)
		}
		g.ua = ""
		if g != tt.want {
			t.Errorf("%s: hook saw %+v, want %+v", tt.path, g, tt.want)
		}
	}
	if h.Get("Content-Type") != "" {
		t.Errorf("Post changed the caller's header: %v", h)
	}
}

func TestTLSAndTransport(t *testing.T) {
	srv := httptest.NewTLSServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprint(w, "secure")
	}))
	defer srv.Close()
	base := srv.Client().Transport.(*http.Transport).Clone()
	base.Proxy = http.ProxyFromEnvironment
	base.DialTLSContext = func(ctx context.Context, network, addr string) (net.Conn, error) {
		t.Error("the base transport's TLS dialer was used")
		return nil, errors.New("unused")
	}

	c := newClient(func(o *Options) { o.Transport = base; o.Timeout = 7 * time.Second })
	tr := c.hc.Transport.(*http.Transport)
	if tr.Proxy != nil || tr.DialTLSContext != nil || tr.MaxConnsPerHost != 1 || tr.ResponseHeaderTimeout != 7*time.Second ||
		tr.DisableCompression || tr.TLSHandshakeTimeout != 10*time.Second {
		t.Errorf("transport not overridden: %+v", tr)
	}
	if base.Proxy == nil {
		t.Errorf("the base transport was changed, not cloned")
	}
	resp, err := c.Get(context.Background(), Request{URL: srv.URL})
	if err != nil || string(resp.Body) != "secure" {
		t.Fatalf("https: %v", err)
	}

	c = newClient(func(o *Options) { o.Transport = base; o.AllowNets = nil })
	if _, err := c.Get(context.Background(), Request{URL: "https://localhost:" + srv.URL[strings.LastIndex(srv.URL, ":")+1:]}); !errors.Is(err, ErrBlocked) {
		t.Errorf("https to localhost without allowance: err = %v, want ErrBlocked", err)
	}
}
