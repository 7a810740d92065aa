package rowcodec

import (
	"encoding/json"
	"fmt"
	"time"

	"github.com/storyline-news/storyline/internal/news"
)

// Hints is the JSON of a raw document's hints column: what the source
// said of the article besides its content.
type Hints struct {
	Title     string   `json:"title,omitempty"`
	Published string   `json:"published,omitempty"`
	Outlet    string   `json:"outlet,omitempty"`
	Authors   []string `json:"authors,omitempty"`
	From      string   `json:"from,omitempty"`
	Source    string   `json:"source,omitempty"`
}

// HintsOf is the hints of d, for storing.
func HintsOf(d news.Document) Hints {
	return Hints{Title: d.Title, Published: d.Published, Outlet: d.Outlet, Authors: d.Authors, From: d.HintFrom, Source: d.Source}
}

// Raw completes d, the stored raw document of article id, from its hints
// JSON (S is how the driver reads it), fetched time (RFC 3339, "" for
// none) and compressed content.
func Raw[S string | []byte](d *news.Document, id int64, hints S, fetched string, content []byte) error {
	var h Hints
	if err := json.Unmarshal([]byte(hints), &h); err != nil {
		return fmt.Errorf("raw of article %d hints: %w", id, err)
	}
	d.Title, d.Published, d.Outlet, d.Authors, d.HintFrom, d.Source = h.Title, h.Published, h.Outlet, h.Authors, h.From, h.Source
	d.StoredID = id
	if fetched != "" {
		d.FetchedAt, _ = time.Parse(time.RFC3339, fetched)
	}
	text, err := Inflate(content)
	if err != nil {
		return fmt.Errorf("raw of article %d: %w", id, err)
	}
	d.Content = text
	return nil
}
