package web

import (
	"fmt"
	"testing"

	"github.com/storyline-news/storyline/internal/store"
)

// A storyline with more events than a timeline marks one by one is drawn a
// month at a time, in date order, undated last, with the month's counts.
func TestTimelineByMonth(t *testing.T) {
	var evs []eventView
	for i := range maxTimelineEvents + 10 {
		evs = append(evs, eventView{Row: store.EventRow{ID: int64(i + 1), Title: fmt.Sprintf("event %d", i+1),
			First: fmt.Sprintf("2020-%02d-%02d", 1+i/28, 1+i%28), Articles: 1 + i%3}})
	}
	evs = append(evs, eventView{Row: store.EventRow{ID: 999, Title: "undated", Articles: 2}})
	tl := newTimelines(evs)[0]
	months := (maxTimelineEvents+9)/28 + 1
	if len(tl.Points) != months+1 {
		t.Fatalf("%d points, want %d months and the undated", len(tl.Points), months)
	}
	events, articles := 0, 0
	for i, p := range tl.Points {
		events += p.Events
		articles += p.Articles
		if i > 0 && p.Y <= tl.Points[i-1].Y {
			t.Errorf("point %d above the previous", i)
		}
	}
	if first := tl.Points[0]; first.Date != "2020-01" || first.Events != 28 || first.Lines[0].Text != "event 3, and 27 more" {
		t.Errorf("first month: %+v", first)
	}
	if last := tl.Points[len(tl.Points)-1]; !last.Undated || last.Events != 1 {
		t.Errorf("undated: %+v", last)
	}
	want := 2
	for _, ev := range evs[:len(evs)-1] {
		want += ev.Row.Articles
	}
	if events != len(evs) || articles != want {
		t.Errorf("%d events, %d articles; want %d, %d", events, articles, len(evs), want)
	}
	if small := newTimelines(evs[:3])[0]; len(small.Points) != 3 || small.Points[0].Events != 0 || small.Points[0].Lines[0].Text != "event 1" {
		t.Errorf("few events: %+v", small.Points)
	}
}
