package fetch

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// robotsServer serves robots.txt with the given status and body, and 200
// for every other path; it counts the robots.txt requests.
func robotsServer(t *testing.T, status int, body string) (*httptest.Server, *atomic.Int32) {
	var hits atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/robots.txt":
			hits.Add(1)
			if ua := r.UserAgent(); !strings.Contains(ua, "Storyline") {
				t.Errorf("robots.txt requested as %q", ua)
			}
			if status == http.StatusMovedPermanently {
				http.Redirect(w, r, "/moved-robots.txt", status)
				return
			}
			w.WriteHeader(status)
			w.Write([]byte(body))
		case "/moved-robots.txt":
			w.Write([]byte("User-agent: *\nDisallow: /\n"))
		default:
			w.Write([]byte("page"))
		}
	}))
	t.Cleanup(srv.Close)
	return srv, &hits
}

func TestRobots(t *testing.T) {
	const private = "User-agent: *\nDisallow: /private/\n"
	type check struct {
		path    string
		robots  bool
		blocked bool
	}
	tests := []struct {
		name   string
		status int
		body   string
		checks []check
	}{
		{"disallowed directory", 200, private, []check{
			{"/private/x", true, true},
			{"/private/x", false, false},
			{"/public/x", true, false},
			{"/private", true, false},
			{"/", true, false},
		}},
		{"our group wins over *", 200, "User-agent: *\nDisallow:\n\nUser-agent: Storyline\nDisallow: /\n", []check{
			{"/a", true, true},
			{"/a", false, false},
		}},
		{"another bot's group", 200, "User-agent: OtherBot\nDisallow: /\n", []check{
			{"/a", true, false},
		}},
		{"query in the rule", 200, "User-agent: *\nDisallow: /*?session=\n", []check{
			{"/a?session=1", true, true},
			{"/a?page=1", true, false},
		}},
		{"404 allows all", 404, "", []check{
			{"/private/x", true, false},
		}},
		{"403 allows all", 403, "", []check{
			{"/private/x", true, false},
		}},
		{"500 disallows all", 500, private, []check{
			{"/public/x", true, true},
			{"/public/x", false, false},
		}},
		{"redirected robots.txt", 301, "", []check{
			{"/a", true, true},
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv, hits := robotsServer(t, tt.status, tt.body)
			c := newClient(nil)
			for _, ch := range tt.checks {
				url := srv.URL + ch.path
				resp, err := c.Get(context.Background(), Request{URL: url, Robots: ch.robots})
				if ch.blocked {
					if !errors.Is(err, ErrRobots) || !strings.Contains(err.Error(), url) {
						t.Errorf("%s (robots %v): err = %v, want ErrRobots naming the URL", ch.path, ch.robots, err)
					}
					continue
				}
				if err != nil || string(resp.Body) != "page" {
					t.Errorf("%s (robots %v): err = %v", ch.path, ch.robots, err)
				}
			}
			if got := hits.Load(); got != 1 {
				t.Errorf("robots.txt fetched %d times, want 1", got)
			}
		})
	}
}

func TestRobotsConcurrentAndExpiry(t *testing.T) {
	srv, hits := robotsServer(t, 200, "User-agent: *\nDisallow: /private/\n")
	const ttl = 100 * time.Millisecond
	c := newClient(func(o *Options) { o.RobotsTTL = ttl })
	var wg sync.WaitGroup
	for range 5 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if _, err := c.Get(context.Background(), Request{URL: srv.URL + "/a", Robots: true}); err != nil {
				t.Error(err)
			}
		}()
	}
	wg.Wait()
	if got := hits.Load(); got != 1 {
		t.Fatalf("five concurrent requests fetched robots.txt %d times, want 1", got)
	}
	time.Sleep(2 * ttl)
	if _, err := c.Get(context.Background(), Request{URL: srv.URL + "/private/x", Robots: true}); !errors.Is(err, ErrRobots) {
		t.Errorf("err = %v, want ErrRobots", err)
	}
	if got := hits.Load(); got != 2 {
		t.Errorf("robots.txt fetched %d times after its TTL, want 2", got)
	}
}

func TestRobotsLarge(t *testing.T) {
	// A file past the size limit is parsed as far as it was read.
	body := "User-agent: *\nDisallow: /private/\n" + strings.Repeat("# padding\n", robotsMaxBody/10+100)
	srv, _ := robotsServer(t, 200, body)
	c := newClient(nil)
	if _, err := c.Get(context.Background(), Request{URL: srv.URL + "/private/x", Robots: true}); !errors.Is(err, ErrRobots) {
		t.Errorf("err = %v, want ErrRobots", err)
	}
	if _, err := c.Get(context.Background(), Request{URL: srv.URL + "/public", Robots: true}); err != nil {
		t.Errorf("err = %v", err)
	}
}
