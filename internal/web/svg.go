package web

import (
	"fmt"
	"math"
	"sort"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/storyline-news/storyline/internal/store"
)

// The charts are drawn here as geometry, in integer user units of each
// SVG's viewBox, and written out by the templates, so that every piece of
// text in them goes through html/template's escaping like any other.

type rect struct{ X, Y, W, H int }

// sparkline is a small bar chart of articles over a storyline's days.
type sparkline struct {
	W, H    int
	Bars    []rect
	Label   string // what the chart shows, for screen readers and the title
	PerBar  string // "per day", "per 44 days"
	Base    int    // y of the baseline
	Peak    int
	Dated   int
	HasData bool
}

const (
	sparkW    = 240
	sparkH    = 32
	sparkBins = 60
)

// sparkFromCounts draws articles per day as at most sparkBins bars
// spanning the first to the last day.
func sparkFromCounts(days []store.DayCount) *sparkline {
	sp := &sparkline{W: sparkW, H: sparkH, Base: sparkH - 1}
	type dayN struct {
		t time.Time
		n int
	}
	var ts []dayN
	total := 0
	for _, d := range days {
		if t, err := time.Parse("2006-01-02", d.Day); err == nil && d.Count > 0 {
			ts = append(ts, dayN{t, d.Count})
			total += d.Count
		}
	}
	if len(ts) == 0 {
		sp.Label = "no dated articles"
		return sp
	}
	sort.Slice(ts, func(i, j int) bool { return ts[i].t.Before(ts[j].t) })
	first, last := ts[0].t, ts[len(ts)-1].t
	nDays := int(last.Sub(first).Hours()/24) + 1
	bins := min(nDays, sparkBins)
	per := (nDays + bins - 1) / bins
	bins = (nDays + per - 1) / per
	counts := make([]int, bins)
	for _, d := range ts {
		counts[int(d.t.Sub(first).Hours()/24)/per] += d.n
	}
	for _, c := range counts {
		sp.Peak = max(sp.Peak, c)
	}
	bw := sparkW / sparkBins
	x0 := sparkW - bins*bw // right-aligned: the latest at the right edge
	for i, c := range counts {
		if c == 0 {
			continue
		}
		h := max(2, c*(sparkH-2)/sp.Peak)
		sp.Bars = append(sp.Bars, rect{X: x0 + i*bw, Y: sparkH - 1 - h, W: max(1, bw-1), H: h})
	}
	sp.PerBar = "per day"
	if per > 1 {
		sp.PerBar = fmt.Sprintf("per %d days", per)
	}
	sp.Dated = total
	sp.HasData = true
	sp.Label = fmt.Sprintf("%s from %s to %s, %s; at most %d %s",
		plural(total, "dated article", "dated articles"), first.Format("2006-01-02"), last.Format("2006-01-02"),
		"one bar "+sp.PerBar, sp.Peak, sp.PerBar)
	return sp
}

// timeline is a storyline's events down a vertical line, in date order
// (undated last), spaced by the time between them.
type timeline struct {
	Class  string // "wide" or "narrow": the stylesheet shows one per screen
	Wide   bool   // room for the article counts
	W, H   int
	Line   rect
	Points []tlPoint
	Label  string
}

type tlPoint struct {
	ID          int64
	Y           int
	Date        string
	Outlets     int
	Articles    int
	Lines       []tlLine // the title, wrapped
	Undated     bool
	GapLabel    string // the time since the previous event, when long
	GapY        int
	FirstOfYear bool
	// Events, when not 0, is how many events the point stands for (a
	// month of a long storyline); Outlets is then not counted.
	Events int

	title, first, month string
}

type tlLine struct {
	Text string
	DY   int
}

// The timeline is drawn twice: wide, one line of title per event, and
// narrow for a phone, where the wide one's text would shrink below
// reading size; the stylesheet shows one.
const (
	tlWideW   = 640
	tlNarrowW = 340
)

func newTimelines(evs []eventView) []*timeline {
	return []*timeline{newTimeline(evs, "wide", tlWideW, 72, 1), newTimeline(evs, "narrow", tlNarrowW, 36, 2)}
}

// maxTimelineEvents is the most events a timeline marks one by one; a
// storyline with more is drawn a month at a time (its events and
// articles, the largest event's title), so that the drawing stays a few
// hundred marks however long the story.
const maxTimelineEvents = 150

// timelineMonths groups evs (in date order, undated last) by month: each
// point is the month's largest event with the month's counts.
func timelineMonths(evs []eventView) []tlPoint {
	var out []tlPoint
	var big []eventView
	for _, ev := range evs {
		month := ""
		if len(ev.Row.First) >= 7 {
			month = ev.Row.First[:7]
		}
		if n := len(out); n > 0 && out[n-1].month == month {
			p := &out[n-1]
			p.Events++
			p.Articles += ev.Row.Articles
			if ev.Row.Articles > big[n-1].Row.Articles {
				big[n-1] = ev
			}
			continue
		}
		date := month
		if date == "" {
			date = dateOrUndated("")
		}
		out = append(out, tlPoint{ID: ev.Row.ID, Date: date, Events: 1, Articles: ev.Row.Articles,
			Undated: month == "", month: month, first: ev.Row.First})
		big = append(big, ev)
	}
	for i := range out {
		out[i].title = big[i].Row.Title
		if out[i].Events > 1 {
			out[i].title = fmt.Sprintf("%s, and %d more", big[i].Row.Title, out[i].Events-1)
		}
	}
	return out
}

func newTimeline(evs []eventView, class string, w, perLine, lines int) *timeline {
	tl := &timeline{Class: class, W: w, Wide: class == "wide"}
	tlRow := 34 + 19*lines
	y := 24
	var prev time.Time
	var points []tlPoint
	if len(evs) > maxTimelineEvents {
		points = timelineMonths(evs)
	} else {
		for _, ev := range evs {
			points = append(points, tlPoint{ID: ev.Row.ID, Date: dateOrUndated(ev.Row.First), Outlets: len(ev.Row.Outlets), Articles: ev.Row.Articles,
				Undated: ev.Row.First == "", title: ev.Row.Title, first: ev.Row.First})
		}
	}
	for i, p := range points {
		for i, l := range wrap(p.title, perLine, lines) {
			p.Lines = append(p.Lines, tlLine{Text: l, DY: 24 + 19*i})
		}
		t, err := time.Parse("2006-01-02", p.first)
		if i > 0 {
			gap, label := 0, ""
			if err == nil && !prev.IsZero() {
				days := int(t.Sub(prev).Hours() / 24)
				// The spacing grows with the log of the gap: a week and
				// six years both fit on one page.
				gap = int(math.Min(60, 8*math.Log1p(float64(days)/7)))
				if days >= 60 {
					label = gapText(days)
					gap = max(gap, 28)
				}
			}
			bottom := y + 24 + 19*(lines-1) // the previous title's last baseline
			y += tlRow + gap
			if label != "" {
				p.GapLabel, p.GapY = label, (bottom+y-7)/2+6
			}
		}
		if err == nil {
			prev = t
		}
		p.Y = y
		tl.Points = append(tl.Points, p)
	}
	tl.H = y + 24 + 19*(lines-1) + 16
	tl.Line = rect{X: 18, Y: 16, W: 2, H: max(0, y-8)}
	tl.Label = fmt.Sprintf("Timeline of %s in date order, undated last", plural(len(evs), "event", "events"))
	if len(evs) > maxTimelineEvents {
		tl.Label = fmt.Sprintf("Timeline of %s by month, in date order, undated last", plural(len(evs), "event", "events"))
	}
	return tl
}

// wrap breaks s at spaces into at most lines lines of about width runes,
// the last clipped.
func wrap(s string, width, lines int) []string {
	var out []string
	words := strings.Fields(s)
	cur := ""
	for i, w := range words {
		switch {
		case cur == "":
			cur = w
		case utf8.RuneCountInString(cur)+1+utf8.RuneCountInString(w) <= width:
			cur += " " + w
		default:
			if len(out) == lines-1 {
				return append(out, clip(width, strings.Join(append([]string{cur}, words[i:]...), " ")))
			}
			out = append(out, cur)
			cur = w
		}
	}
	if cur != "" {
		out = append(out, clip(width, cur))
	}
	return out
}

func gapText(days int) string {
	switch {
	case days >= 730:
		return fmt.Sprintf("%d years later", days/365)
	case days >= 365:
		return "a year later"
	}
	return fmt.Sprintf("%d months later", days/30)
}

// monthChart is a bar chart of articles per month.
type monthChart struct {
	W, H   int
	Bars   []monthBar
	Base   int
	Peak   int
	Label  string
	Months int
}

type monthBar struct {
	rect
	Month   string // "2017-12"
	Count   int
	YearTag string // the year, under the first bar of each year
	CountY  int
}

const (
	chartW = 640
	chartH = 160
	// maxMonths caps the months drawn: the latest ones.
	maxMonths = 240
)

// newMonthChart draws counts per month ("2006-01" -> n) from the first month
// with articles to the last, empty months included.
func newMonthChart(counts map[string]int) *monthChart {
	mc := &monthChart{W: chartW, H: chartH, Base: chartH - 20}
	var months []string
	for m := range counts {
		months = append(months, m)
	}
	if len(months) == 0 {
		mc.Label = "no dated articles"
		return mc
	}
	sort.Strings(months)
	first, err1 := time.Parse("2006-01", months[0])
	last, err2 := time.Parse("2006-01", months[len(months)-1])
	if err1 != nil || err2 != nil {
		mc.Label = "no dated articles"
		return mc
	}
	var all []string
	for t := first; !t.After(last); t = t.AddDate(0, 1, 0) {
		all = append(all, t.Format("2006-01"))
	}
	if len(all) > maxMonths {
		all = all[len(all)-maxMonths:]
	}
	for _, m := range all {
		mc.Peak = max(mc.Peak, counts[m])
	}
	bw := min(48, max(2, chartW/len(all)))
	mc.W = max(chartW, bw*len(all))
	total, lastTag := 0, -100
	for i, m := range all {
		c := counts[m]
		total += c
		h := 0
		if c > 0 {
			h = max(2, c*(mc.Base-16)/mc.Peak)
		}
		b := monthBar{rect: rect{X: i * bw, Y: mc.Base - h, W: max(1, bw-1), H: h}, Month: m, Count: c, CountY: mc.Base - h - 3}
		if (i == 0 || m[5:] == "01") && b.X-lastTag >= 64 {
			b.YearTag, lastTag = m[:4], b.X
		}
		mc.Bars = append(mc.Bars, b)
	}
	mc.Months = len(all)
	mc.Label = fmt.Sprintf("%s per month from %s to %s; at most %d in a month",
		plural(total, "article", "articles"), all[0], all[len(all)-1], mc.Peak)
	return mc
}
