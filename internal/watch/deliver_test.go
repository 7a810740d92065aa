package watch

import (
	"bytes"
	"context"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"
)

func TestBackoff(t *testing.T) {
	fixed := func(r float64) func() float64 { return func() float64 { return r } }
	tests := []struct {
		n      int
		r      float64
		want   time.Duration
		wantOK bool
	}{
		{0, 0.5, 0, true}, // the first attempt does not wait
		{-1, 0.5, 0, true},
		{1, 0.5, 30 * time.Second, true},
		{2, 0.5, 2 * time.Minute, true},
		{3, 0.5, 10 * time.Minute, true},
		{4, 0.5, 30 * time.Minute, true},
		{5, 0.5, time.Hour, true},
		{6, 0.5, 2 * time.Hour, true},
		{7, 0.5, 4 * time.Hour, true},
		{8, 0.5, 8 * time.Hour, true},
		{9, 0.5, 0, false},
		{100, 0.5, 0, false},
		{1, 0, 24 * time.Second, true}, // -20%
		{1, 0.999999, 36 * time.Second, true},
		{8, 0, 6*time.Hour + 24*time.Minute, true},
		{8, 0.75, 8*time.Hour + 48*time.Minute, true}, // +10%
		{2, 1.7, 144 * time.Second, true},             // a bad rnd is clamped
		{2, -3, 96 * time.Second, true},
	}
	for _, tt := range tests {
		got, ok := Backoff(tt.n, fixed(tt.r))
		if got != tt.want || ok != tt.wantOK {
			t.Errorf("Backoff(%d, %v) = %v, %t; want %v, %t", tt.n, tt.r, got, ok, tt.want, tt.wantOK)
		}
	}
	for n := 1; n <= MaxRetries; n++ {
		base, _ := Backoff(n, fixed(0.5))
		for range 100 {
			d, ok := Backoff(n, nil)
			if !ok || float64(d) < 0.8*float64(base)-float64(time.Second) || float64(d) > 1.2*float64(base)+float64(time.Second) {
				t.Fatalf("Backoff(%d, nil) = %v, %t; want within 20%% of %v", n, d, ok, base)
			}
		}
	}
}

// httpPoster is a plain Poster for tests; the server's own refuses
// loopback addresses, which httptest uses.
type httpPoster struct{ c *http.Client }

func (p httpPoster) Post(ctx context.Context, url, contentType string, body []byte, h http.Header) (int, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, url, bytes.NewReader(body))
	if err != nil {
		return 0, err
	}
	req.Header = h.Clone()
	req.Header.Set("Content-Type", contentType)
	req.Header.Set("User-Agent", "storyline-test/1")
	resp, err := p.c.Do(req)
	if err != nil {
		return 0, err
	}
	defer resp.Body.Close()
	_, _ = io.Copy(io.Discard, resp.Body)
	return resp.StatusCode, nil
}

type errPoster struct{ err error }

func (p errPoster) Post(context.Context, string, string, []byte, http.Header) (int, error) {
	return 0, p.err
}

func TestDeliver(t *testing.T) {
	wl, hits := fixture()
	body, err := Payload(wl, hits, testBase)
	if err != nil {
		t.Fatal(err)
	}
	statuses := []int{http.StatusOK, http.StatusInternalServerError}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		got, err := io.ReadAll(r.Body)
		if err != nil {
			t.Error(err)
		}
		// The receiver's side: check the signature against its own clock.
		if err := Verify(wl.Secret, r.Header.Get(HeaderSignature), got, time.Now(), DefaultTolerance); err != nil {
			t.Errorf("receiver: %v", err)
			w.WriteHeader(http.StatusUnauthorized)
			return
		}
		for k, want := range map[string]string{
			"Content-Type": "application/json",
			"User-Agent":   "storyline-test/1",
			HeaderEvent:    "hits",
			HeaderDelivery: "88",
		} {
			if v := r.Header.Get(k); v != want {
				t.Errorf("receiver: %s = %q, want %q", k, v, want)
			}
		}
		if r.Method != http.MethodPost || !bytes.Equal(got, body) {
			t.Errorf("receiver: %s with body %q", r.Method, got)
		}
		w.WriteHeader(statuses[0])
		statuses = statuses[1:]
	}))
	defer srv.Close()
	wl.Webhook = srv.URL + "/hook"
	p := httpPoster{srv.Client()}
	ctx := context.Background()

	r := Deliver(ctx, p, wl, 88, body, time.Now())
	if !r.OK() || r.Status != http.StatusOK || r.Duration <= 0 {
		t.Errorf("first delivery: %+v, want success with status 200", r)
	}

	r = Deliver(ctx, p, wl, 88, body, time.Now())
	var se *StatusError
	if r.OK() || r.Status != http.StatusInternalServerError || !errors.As(r.Err, &se) || se.Status != 500 {
		t.Errorf("second delivery: %+v, want a StatusError 500", r)
	} else if msg := r.Err.Error(); !strings.Contains(msg, "500 Internal Server Error") {
		t.Errorf("error %q does not name the status", msg)
	}

	refused := errors.New("dial tcp 203.0.113.9:443: connect: connection refused")
	r = Deliver(ctx, errPoster{refused}, wl, 89, body, time.Now())
	if !errors.Is(r.Err, refused) || r.Status != 0 {
		t.Errorf("failed delivery: %+v, want the Poster's error", r)
	} else if msg := r.Err.Error(); !strings.Contains(msg, "delivery 89") {
		t.Errorf("error %q does not name the delivery", msg)
	}
}

func TestDeliverRefuses(t *testing.T) {
	wl, _ := fixture()
	noHook, noSecret, badHook := wl, wl, wl
	noHook.Webhook = ""
	noSecret.Secret = ""
	badHook.Webhook = "file:///etc/passwd"
	tests := []struct {
		name string
		wl   Watchlist
		want string
	}{
		{"no webhook", noHook, "no webhook"},
		{"no secret", noSecret, "no secret"},
		{"bad webhook", badHook, "scheme"},
	}
	for _, tt := range tests {
		posted := false
		p := posterFunc(func() { posted = true })
		r := Deliver(context.Background(), p, tt.wl, 1, []byte("{}"), time.Now())
		if r.Err == nil || !strings.Contains(r.Err.Error(), tt.want) {
			t.Errorf("%s: Deliver() = %+v, want error containing %q", tt.name, r, tt.want)
		}
		if posted {
			t.Errorf("%s: Deliver posted anyway", tt.name)
		}
	}
}

type posterFunc func()

func (f posterFunc) Post(context.Context, string, string, []byte, http.Header) (int, error) {
	f()
	return http.StatusOK, nil
}

func TestStatusErrorUnknownStatus(t *testing.T) {
	if got := (&StatusError{Status: 599}).Error(); got != "webhook answered status 599" {
		t.Errorf("got %q", got)
	}
}
