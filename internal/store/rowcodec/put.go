package rowcodec

import (
	"fmt"

	"github.com/storyline-news/storyline/internal/store"
)

// PutEach writes items one by one with put, in order, and marks the feed
// item each came from (when it did) stored with its article's id; an
// error names the item's origin.
func PutEach(items []store.Item, put func(*store.Item) (store.Outcome, error), stored func(feedItem, article int64) error) ([]store.Outcome, error) {
	out := make([]store.Outcome, len(items))
	for i := range items {
		o, err := put(&items[i])
		if err != nil {
			return nil, fmt.Errorf("store %s: %w", items[i].Doc.Origin, err)
		}
		out[i] = o
		if id := items[i].Doc.FeedItem; id != 0 {
			if err := stored(id, items[i].Article.ID); err != nil {
				return nil, fmt.Errorf("store %s: %w", items[i].Doc.Origin, err)
			}
		}
	}
	return out, nil
}
