package rowcodec

import (
	"errors"
	"testing"

	"github.com/storyline-news/storyline/internal/news"
	"github.com/storyline-news/storyline/internal/store"
)

func TestPutEach(t *testing.T) {
	items := []store.Item{{Doc: news.Document{Origin: "a"}, Article: &news.Article{}}, {Doc: news.Document{Origin: "b", FeedItem: 9}, Article: &news.Article{}}}
	next := int64(0)
	put := func(it *store.Item) (store.Outcome, error) {
		next++
		it.Article.ID = next
		return store.Outcome(0), nil
	}
	var marked [][2]int64
	stored := func(feedItem, article int64) error { marked = append(marked, [2]int64{feedItem, article}); return nil }
	out, err := PutEach(items, put, stored)
	if err != nil || len(out) != 2 || len(marked) != 1 || marked[0] != [2]int64{9, 2} {
		t.Errorf("PutEach: %v %v %v", out, marked, err)
	}
	failed := errors.New("full")
	if _, err := PutEach(items, func(*store.Item) (store.Outcome, error) { return store.Outcome(0), failed }, stored); !errors.Is(err, failed) || err.Error() != "store a: full" {
		t.Errorf("PutEach put error: %v", err)
	}
	if _, err := PutEach(items, put, func(int64, int64) error { return failed }); err == nil || err.Error() != "store b: full" {
		t.Errorf("PutEach stored error: %v", err)
	}
}
