package watch

import (
	"encoding/json"
	"fmt"
	"strings"
	"time"
)

// The webhook body; doc.go shows it. Fields are always present (zero
// values included) so receivers in typed languages need no optional
// handling, except published, which is null when unknown.
type (
	payload struct {
		Watchlist payloadWatchlist `json:"watchlist"`
		Hits      []payloadHit     `json:"hits"`
	}
	payloadWatchlist struct {
		ID          int64     `json:"id"`
		Name        string    `json:"name"`
		Criterion   criterion `json:"criterion"`
		Description string    `json:"description"`
		Feed        string    `json:"feed"`
	}
	// criterion carries its kind and exactly one of the other fields,
	// each with its own JSON type, rather than one "value" whose type
	// would depend on the kind.
	criterion struct {
		Kind      string `json:"kind"`
		Query     string `json:"query,omitempty"`
		Entity    string `json:"entity,omitempty"`
		Storyline int64  `json:"storyline,omitempty"`
	}
	payloadHit struct {
		ID        int64      `json:"id"`
		Kind      string     `json:"kind"`
		ArticleID int64      `json:"article_id"`
		QuoteID   int64      `json:"quote_id"`
		Title     string     `json:"title"`
		Outlet    string     `json:"outlet"`
		URL       string     `json:"url"`
		Link      string     `json:"link"`
		Published *time.Time `json:"published"`
		Speaker   string     `json:"speaker"`
		Text      string     `json:"text"`
		Found     time.Time  `json:"found"`
	}
)

// Payload returns the webhook body for hits, in the order given:
// {"watchlist": {...}, "hits": [...]}, as documented in the package
// comment. base is the server's absolute base URL, from which the feed
// and article links are made. wl must be valid and every hit must
// belong to it. Text is cleaned as in the feed (control characters
// dropped; names and titles on one line), because receivers often
// post it straight into a chat message. The secret is never included.
func Payload(wl Watchlist, hits []Hit, base string) ([]byte, error) {
	base, err := cleanBase(base)
	if err != nil {
		return nil, err
	}
	if err := wl.Validate(); err != nil {
		return nil, fmt.Errorf("watch: payload for watchlist %d: %w", wl.ID, err)
	}
	p := payload{
		Watchlist: payloadWatchlist{
			ID:          wl.ID,
			Name:        oneLine(wl.Name),
			Criterion:   criterion{Kind: wl.kind()},
			Description: wl.Describe(),
			Feed:        feedLink(base, wl.ID),
		},
		Hits: make([]payloadHit, 0, len(hits)),
	}
	switch p.Watchlist.Criterion.Kind {
	case KindQuery:
		p.Watchlist.Criterion.Query = wl.Query
	case KindEntity:
		p.Watchlist.Criterion.Entity = wl.Entity
	case KindStoryline:
		p.Watchlist.Criterion.Storyline = wl.Storyline
	}
	for _, h := range hits {
		if err := h.check(wl); err != nil {
			return nil, err
		}
		ph := payloadHit{
			ID:        h.ID,
			Kind:      h.Kind,
			ArticleID: h.ArticleID,
			QuoteID:   h.QuoteID,
			Title:     oneLine(h.Title),
			Outlet:    oneLine(h.Outlet),
			URL:       sourceLink(h.URL),
			Link:      articleLink(base, h.ArticleID),
			Speaker:   oneLine(h.Speaker),
			Text:      strings.TrimSpace(clean(h.Text)),
			Found:     h.Found.UTC(),
		}
		if !h.Published.IsZero() {
			t := h.Published.UTC()
			ph.Published = &t
		}
		p.Hits = append(p.Hits, ph)
	}
	b, err := json.Marshal(p)
	if err != nil {
		return nil, fmt.Errorf("watch: payload for watchlist %d: %w", wl.ID, err)
	}
	return b, nil
}
