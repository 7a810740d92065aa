package fetch

import (
	"errors"
	"fmt"
	"net/http"
	"time"
)

// Sentinel errors; every error the Client returns wraps at most one of them
// and names the URL it concerns.
var (
	// ErrBlocked reports a refused destination address (see BlockedError).
	ErrBlocked = errors.New("blocked address")
	// ErrTooLarge reports a body longer than Options.MaxBody.
	ErrTooLarge = errors.New("body too large")
	// ErrRobots reports a path that robots.txt disallows for Storyline.
	ErrRobots = errors.New("disallowed by robots.txt")
	// ErrHostWaiting reports a request refused without touching the network
	// because the host asked us to wait (see StatusError).
	ErrHostWaiting = errors.New("host asked to wait")
	// ErrScheme reports a URL, or a redirect target, that is not http or https.
	ErrScheme = errors.New("unsupported URL")
	// ErrTooManyRedirects reports a redirect chain longer than Options.MaxRedirects.
	ErrTooManyRedirects = errors.New("too many redirects")
	// ErrTimeout reports a request that ran past Options.Timeout or a
	// transport timeout.
	ErrTimeout = errors.New("timeout")
)

// StatusError reports a response whose status is neither 2xx nor 304, or,
// when Waiting is set, a request that was not sent because an earlier 429 or
// 503 told us to wait RetryAfter longer.
type StatusError struct {
	URL        string
	Code       int
	RetryAfter time.Duration // from Retry-After; for Waiting, the wait left
	Waiting    bool          // not sent: the host's Retry-After has not passed
}

func (e *StatusError) Error() string {
	if e.Waiting {
		return fmt.Sprintf("%s: not sent: host answered %d, retry after %v", e.URL, e.Code, e.RetryAfter)
	}
	msg := fmt.Sprintf("%s: status %d %s", e.URL, e.Code, http.StatusText(e.Code))
	if e.RetryAfter > 0 {
		msg += fmt.Sprintf(", retry after %v", e.RetryAfter)
	}
	return msg
}

// Is makes errors.Is(err, ErrHostWaiting) true for a request that was held back.
func (e *StatusError) Is(target error) bool {
	return target == ErrHostWaiting && e.Waiting
}

// BlockedError reports a URL whose address the guard refused: Addr is the
// address that was about to be dialled (or the IP literal in the URL).
type BlockedError struct {
	URL  string
	Addr string
}

func (e *BlockedError) Error() string {
	if e.URL == "" {
		return fmt.Sprintf("blocked address %s", e.Addr)
	}
	return fmt.Sprintf("%s: blocked address %s", e.URL, e.Addr)
}

// Unwrap returns ErrBlocked.
func (e *BlockedError) Unwrap() error { return ErrBlocked }
