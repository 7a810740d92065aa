package rowcodec

import (
	"errors"
	"testing"

	"github.com/storyline-news/storyline/internal/news"
)

func TestPaged(t *testing.T) {
	const total = 1234
	read := func(after int64, n int) ([]*news.Article, error) {
		var out []*news.Article
		for id := after + 1; id <= total && len(out) < n; id++ {
			out = append(out, &news.Article{ID: id})
		}
		return out, nil
	}
	for _, tc := range []struct {
		after      int64
		limit      int
		want       int
		first, end int64
	}{{0, 0, total, 1, total}, {0, 600, 600, 1, 600}, {1000, 0, 234, 1001, total}, {0, 500, 500, 1, 500}} {
		var got []int64
		err := Paged(tc.after, tc.limit, ArticlePage, read, ArticleID, func(a *news.Article) error { got = append(got, a.ID); return nil })
		if err != nil || len(got) != tc.want || got[0] != tc.first || got[len(got)-1] != tc.end {
			t.Errorf("Paged(%d, %d): %d articles, err %v", tc.after, tc.limit, len(got), err)
		}
	}
	stop := errors.New("stop")
	if err := Paged(0, 0, ArticlePage, read, ArticleID, func(*news.Article) error { return stop }); err != stop {
		t.Errorf("Paged: fn's error %v", err)
	}
}
