package rowcodec

import (
	"testing"
	"time"

	"github.com/storyline-news/storyline/internal/watch"
)

func parseText(s string) time.Time {
	t, _ := time.Parse(time.RFC3339, s)
	return t
}

func TestWatchHitAndDelivery(t *testing.T) {
	r := &fakeRows{rows: [][]any{
		{int64(1), int64(2), watch.KindQuote, int64(3), int64(0), "2020-01-02T03:04:05Z", "T", "o", "u", "2020-01-01", "S", "x"},
		{int64(4), int64(2), "article", int64(5), int64(-1), "2020-01-02T03:04:05Z", "T", "o", "u", "", "", "x"},
	}}
	hits, err := Collect(r, func(s Scanner) (watch.Hit, error) { return WatchHit(s, parseText) })
	if err != nil || len(hits) != 2 {
		t.Fatalf("WatchHit: %v %v", hits, err)
	}
	if hits[0].QuoteID != 1 || hits[1].QuoteID != 0 || hits[0].Published.Day() != 1 || !hits[1].Published.IsZero() || hits[0].Found.Second() != 5 {
		t.Errorf("WatchHit: %+v", hits)
	}
	d, err := Delivery(&fakeRows{rows: [][]any{{int64(1), int64(2), "pending", 3, "", "2020-01-02T03:04:05Z", "", int64(7), int64(9)}}, at: 1},
		parseText, parseText)
	if err != nil || !d.NextTry.IsZero() || d.Created.Year() != 2020 || d.Attempts != 3 || d.LastHit != 9 {
		t.Errorf("Delivery: %+v %v", d, err)
	}
	if Published("2020-05-06T07:08:09+02:00").Hour() != 7 || Published("2020-05-06").Day() != 6 || !Published("May").IsZero() {
		t.Error("Published")
	}
}
