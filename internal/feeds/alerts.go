package feeds

import (
	"context"
	"errors"
	"net/http"
	"time"

	"github.com/storyline-news/storyline/internal/fetch"
	"github.com/storyline-news/storyline/internal/store"
	"github.com/storyline-news/storyline/internal/watch"
)

// Alerts matches watchlists against newly stored articles and delivers
// their webhooks.
type Alerts struct {
	Store store.Following
	// Client posts the webhooks: through the same address guard as every
	// fetch, since a webhook URL is as untrusted as a feed's.
	Client *fetch.Client
	// Base is the server's absolute URL, for the links in payloads.
	Base string
	Now  func() time.Time
}

// AlertStats counts what a pass did.
type AlertStats struct{ Hits, Delivered, Failed, GaveUp int }

func (a *Alerts) now() time.Time {
	if a.Now != nil {
		return a.Now()
	}
	return time.Now()
}

// Run records the hits of articles stored since the last pass, then POSTs
// every webhook delivery that is due.
func (a *Alerts) Run(ctx context.Context) (AlertStats, error) {
	var st AlertStats
	n, err := a.Store.MatchWatches(ctx, a.now())
	st.Hits = n
	if err != nil {
		return st, err
	}
	due, err := a.Store.DueDeliveries(ctx, a.now(), 100)
	if err != nil {
		return st, err
	}
	for _, d := range due {
		wl, err := a.Store.Watch(ctx, d.Watch)
		if err != nil {
			return st, err
		}
		body, err := watch.Payload(wl, d.Hits, a.Base)
		if err != nil {
			return st, err
		}
		now := a.now()
		r := watch.Deliver(ctx, poster{a.Client}, wl, d.ID, body, now)
		at := store.DeliveryAttempt{At: now, Status: r.Status, Duration: r.Duration}
		var next time.Time
		if r.Err != nil {
			at.Err = r.Err.Error()
			if wait, ok := watch.Backoff(d.Attempts+1, nil); ok {
				next = now.Add(wait)
				st.Failed++
			} else {
				st.GaveUp++
			}
		} else {
			st.Delivered++
		}
		if err := a.Store.RecordDelivery(ctx, d.ID, at, next); err != nil {
			return st, err
		}
	}
	return st, nil
}

// poster adapts the fetch client to watch.Poster.
type poster struct{ c *fetch.Client }

func (p poster) Post(ctx context.Context, url, contentType string, body []byte, h http.Header) (int, error) {
	resp, err := p.c.Post(ctx, url, contentType, body, h)
	var se *fetch.StatusError
	if errors.As(err, &se) {
		return se.Code, nil // watch.Deliver names the status
	}
	if err != nil {
		return 0, err
	}
	return resp.Status, nil
}
