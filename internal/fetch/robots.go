package fetch

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"sync"
	"time"

	"github.com/temoto/robotstxt"
)

const (
	// robotsMaxBody is the most of a robots.txt that is read; RFC 9309 asks
	// crawlers to parse at least 500 KiB, and a longer file is parsed as cut.
	robotsMaxBody = 512 << 10
	// robotsRetry is how long an unreachable robots.txt (5xx, network
	// error) keeps its host disallowed before it is asked for again.
	robotsRetry = 10 * time.Minute
)

// The rules taken when robots.txt cannot be used: RFC 9309 reads a missing
// file (4xx) as "allow all" and an unreachable one (5xx) as "disallow all".
var (
	robotsAllowAll, _    = robotstxt.FromStatusAndBytes(http.StatusNotFound, nil)
	robotsDisallowAll, _ = robotstxt.FromStatusAndBytes(http.StatusInternalServerError, nil)
)

// robotsEntry is the robots.txt of one scheme://host:port, or the fetch of it
// in progress.
type robotsEntry struct {
	ready chan struct{} // closed once the fields below are set

	data    *robotstxt.RobotsData
	why     string // for a disallow-all taken for an unreachable file
	expires time.Time
	err     error // a failure not to cache: the next caller fetches again
}

// robotsCache holds the robots.txt files a Client has read.
type robotsCache struct {
	ttl time.Duration

	mu      sync.Mutex
	entries map[string]*robotsEntry
}

// entry returns the live entry for key, or a new one that the caller must
// fill (owner is true).
func (rc *robotsCache) entry(key string) (e *robotsEntry, owner bool) {
	rc.mu.Lock()
	defer rc.mu.Unlock()
	if rc.entries == nil {
		rc.entries = make(map[string]*robotsEntry)
	}
	now := time.Now()
	if e := rc.entries[key]; e != nil {
		select {
		case <-e.ready:
			if now.Before(e.expires) {
				return e, false
			}
		default:
			return e, false // being fetched
		}
	}
	if len(rc.entries) >= pruneAt {
		for k, e := range rc.entries {
			select {
			case <-e.ready:
				if !now.Before(e.expires) {
					delete(rc.entries, k)
				}
			default:
			}
		}
	}
	e = &robotsEntry{ready: make(chan struct{})}
	rc.entries[key] = e
	return e, true
}

// done publishes a filled entry; one holding an error is dropped from the
// cache first, so it is only seen by those already waiting for it.
func (rc *robotsCache) done(key string, e *robotsEntry) {
	if e.err != nil {
		rc.mu.Lock()
		if rc.entries[key] == e {
			delete(rc.entries, key)
		}
		rc.mu.Unlock()
	}
	close(e.ready)
}

// checkRobots returns ErrRobots when robots.txt disallows u for our agent,
// and the error of a robots.txt fetch that says nothing about the rules
// (a cancelled context, a blocked address, a host asking us to wait).
func (c *Client) checkRobots(ctx context.Context, u *url.URL) error {
	key := u.Scheme + "://" + hostPort(u)
	for {
		e, owner := c.robots.entry(key)
		if owner {
			c.loadRobots(ctx, u, e)
			c.robots.done(key, e)
		} else {
			select {
			case <-e.ready:
			case <-ctx.Done():
				return fmt.Errorf("%s: %w", u, ctx.Err())
			}
		}
		if e.err != nil {
			if owner {
				if ctx.Err() != nil {
					return fmt.Errorf("%s: %w", u, ctx.Err())
				}
				return fmt.Errorf("%s: %w", u, e.err)
			}
			continue // the owner's failure may be its own (its context); try anew
		}
		path := u.EscapedPath()
		if path == "" {
			path = "/"
		}
		if u.RawQuery != "" {
			path += "?" + u.RawQuery
		}
		if e.data.TestAgent(path, c.agent) {
			return nil
		}
		if e.why != "" {
			return fmt.Errorf("%s: %w (%s)", u, ErrRobots, e.why)
		}
		return fmt.Errorf("%s: %w", u, ErrRobots)
	}
}

// loadRobots fetches the robots.txt for u's origin into e.
func (c *Client) loadRobots(ctx context.Context, u *url.URL, e *robotsEntry) {
	ru := url.URL{Scheme: u.Scheme, Host: u.Host, Path: "/robots.txt"}
	resp, err := c.do(ctx, call{
		method:  http.MethodGet,
		url:     ru.String(),
		header:  http.Header{"Accept": {"text/plain"}},
		maxBody: robotsMaxBody,
	})
	now := time.Now()
	e.expires = now.Add(c.robots.ttl)
	var se *StatusError
	switch {
	case err == nil || errors.Is(err, ErrTooLarge) && resp != nil:
		data, perr := robotstxt.FromStatusAndBytes(resp.Status, resp.Body)
		if perr != nil {
			// Unparseable rules are no rules, as for a missing file.
			data = robotsAllowAll
		}
		e.data = data
	case ctx.Err() != nil, errors.Is(err, ErrBlocked), errors.Is(err, ErrHostWaiting),
		errors.As(err, &se) && se.Code == http.StatusTooManyRequests:
		// Nothing learnt about the rules: the page request will meet the
		// same refusal, or the caller gave up.
		e.err = err
	case errors.As(err, &se) && se.Code >= 400 && se.Code < 500,
		errors.Is(err, ErrTooManyRedirects), errors.Is(err, ErrScheme):
		// RFC 9309: a missing file, or one behind too many redirects,
		// allows everything.
		e.data = robotsAllowAll
	default:
		e.data = robotsDisallowAll
		e.why = "robots.txt unreachable: " + err.Error()
		e.expires = now.Add(min(robotsRetry, c.robots.ttl))
	}
}
