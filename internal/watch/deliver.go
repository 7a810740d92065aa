package watch

import (
	"context"
	"fmt"
	"math/rand/v2"
	"net/http"
	"strconv"
	"time"
)

// retryWaits is the wait before each retry. It grows quickly so that a
// receiver that is down for minutes gets its hits minutes late, and
// ends after about fifteen hours so that one that is gone for good
// stops costing requests.
var retryWaits = [...]time.Duration{
	30 * time.Second,
	2 * time.Minute,
	10 * time.Minute,
	30 * time.Minute,
	1 * time.Hour,
	2 * time.Hour,
	4 * time.Hour,
	8 * time.Hour,
}

// MaxRetries is how many times a failed delivery is retried.
const MaxRetries = len(retryWaits)

// Backoff returns the wait before delivery attempt n, where n = 1 is
// the first retry: 30s, 2m, 10m, 30m, 1h, 2h, 4h, 8h, each varied by up
// to ±20% so that deliveries that failed together (a receiver's outage)
// do not all retry in the same second. After MaxRetries it returns
// ok=false: give up. n ≤ 0, the first attempt, waits 0. rnd returns a
// number in [0, 1); nil means math/rand/v2. The wait is rounded to the
// second.
func Backoff(n int, rnd func() float64) (d time.Duration, ok bool) {
	if n <= 0 {
		return 0, true
	}
	if n > MaxRetries {
		return 0, false
	}
	if rnd == nil {
		rnd = rand.Float64
	}
	r := min(max(rnd(), 0), 1)
	jitter := 0.8 + 0.4*r
	return time.Duration(float64(retryWaits[n-1]) * jitter).Round(time.Second), true
}

// Poster is the HTTP client a delivery needs. The server's
// implementation refuses private and loopback addresses (webhook URLs
// are user input, checked at connect time) and sets the User-Agent.
type Poster interface {
	Post(ctx context.Context, url, contentType string, body []byte, h http.Header) (status int, err error)
}

// Result is the outcome of one delivery attempt, for the delivery log.
type Result struct {
	Status   int           // the HTTP status, 0 when none was received
	Err      error         // nil on success
	Duration time.Duration // how long the attempt took
}

// OK reports whether the delivery succeeded.
func (r Result) OK() bool { return r.Err == nil }

// Deliver POSTs body, a Payload, to wl's webhook once, signed with wl's
// secret at time now and labelled with deliveryID, which stays the same
// across retries so that receivers can drop duplicates. A 2xx status is
// success; any other status, or an error, is a failure to retry per
// Backoff. ctx bounds the attempt; the Poster should also have a
// timeout of its own.
func Deliver(ctx context.Context, p Poster, wl Watchlist, deliveryID int64, body []byte, now time.Time) Result {
	if wl.Webhook == "" {
		return Result{Err: fmt.Errorf("watch: watchlist %d has no webhook", wl.ID)}
	}
	if err := checkWebhook(wl.Webhook); err != nil {
		return Result{Err: fmt.Errorf("watch: watchlist %d: %w", wl.ID, err)}
	}
	// An unsigned request would be indistinguishable from a forged one.
	if wl.Secret == "" {
		return Result{Err: fmt.Errorf("watch: watchlist %d has no secret", wl.ID)}
	}
	h := http.Header{}
	h.Set(HeaderSignature, Sign(wl.Secret, now, body))
	h.Set(HeaderDelivery, strconv.FormatInt(deliveryID, 10))
	h.Set(HeaderEvent, EventHits)
	start := time.Now()
	status, err := p.Post(ctx, wl.Webhook, "application/json", body, h)
	r := Result{Status: status, Duration: time.Since(start)}
	switch {
	case err != nil:
		r.Err = fmt.Errorf("webhook delivery %d: %w", deliveryID, err)
	case status < 200 || status > 299:
		r.Err = &StatusError{Status: status}
	}
	return r
}

// StatusError is a delivery's failure when the receiver answered with a
// status other than 2xx.
type StatusError struct {
	Status int
}

func (e *StatusError) Error() string {
	if text := http.StatusText(e.Status); text != "" {
		return fmt.Sprintf("webhook answered %d %s", e.Status, text)
	}
	return fmt.Sprintf("webhook answered status %d", e.Status)
}
