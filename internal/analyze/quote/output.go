package quote

import (
	"strconv"
	"strings"
	"time"
)

// quotes turns the resolved attributions into Quotes.
func (d *doc) quotes(published string) []Quote {
	pub, hasPub := parseDay(published)
	out := make([]Quote, 0, len(d.attrs))
	for _, a := range d.attrs {
		if len(a.pieces) == 0 {
			continue
		}
		q := Quote{
			Direct:       a.direct,
			Start:        d.toks[a.pieces[0][0]].Start,
			End:          d.toks[a.pieces[len(a.pieces)-1][1]].End,
			CueStart:     -1,
			CueEnd:       -1,
			SpeakerStart: -1,
			SpeakerEnd:   -1,
			Speaker:      a.speaker,
			SpeakerType:  a.stype,
			Role:         a.role,
			Speech:       a.speech,
		}
		var parts []string
		for _, p := range a.pieces {
			x, y := p[0], p[1]
			if a.direct {
				if d.isQuoteMark(x) && x < y {
					x++
				}
				if d.isQuoteMark(y) && y > x {
					y--
				}
			}
			if t := d.span(x, y); t != "" {
				parts = append(parts, t)
			}
		}
		q.Text = strings.Join(parts, " ")
		if len(a.pieces) > 1 {
			for _, p := range a.pieces {
				q.Pieces = append(q.Pieces, Span{d.toks[p[0]].Start, d.toks[p[1]].End})
			}
		}
		if a.cue[0] >= 0 {
			q.Cue = d.span(a.cue[0], a.cue[1])
			q.CueStart, q.CueEnd = d.toks[a.cue[0]].Start, d.toks[a.cue[1]].End
		}
		if a.spk[0] >= 0 {
			q.SpeakerMention = d.span(a.spk[0], a.spk[1])
			q.SpeakerStart, q.SpeakerEnd = d.toks[a.spk[0]].Start, d.toks[a.spk[1]].End
		}
		if a.stype == "" {
			q.Speaker = stripArticle(q.Speaker)
		}
		if day, ok := d.saidOn(a, pub, hasPub); ok {
			q.SaidOn = day
		} else if hasPub {
			q.SaidOn = pub.Format("2006-01-02")
		}
		out = append(out, q)
	}
	return out
}

// stripArticle drops a leading "the" from a description kept as speaker
// ("the joint statement" gives "joint statement"); "a US official" keeps
// its article, which says the speaker is not identified.
func stripArticle(s string) string {
	if len(s) > 4 && strings.EqualFold(s[:4], "the ") {
		return s[4:]
	}
	return s
}

// parseDay reads the date part of an RFC 3339 date or date-time.
func parseDay(s string) (time.Time, bool) {
	s = strings.TrimSpace(s)
	if len(s) < 10 {
		return time.Time{}, false
	}
	t, err := time.Parse("2006-01-02", s[:10])
	if err != nil {
		return time.Time{}, false
	}
	return t, true
}

// saidOn returns the day the cue clause of a names ("on Thursday", "said
// Wednesday", "yesterday", "on December 27"), counted from the article's
// date; ok is false when the clause names no day.
func (d *doc) saidOn(a *attr, pub time.Time, hasPub bool) (string, bool) {
	lo, hi := a.clause[0], a.clause[1]
	if lo < 0 {
		if a.from >= 0 && a.from < len(d.attrs) {
			lo, hi = d.attrs[a.from].clause[0], d.attrs[a.from].clause[1]
		}
		if lo < 0 {
			return "", false
		}
	}
	// the sentence's opening phrase counts too ("On Monday, Russia said")
	if s := d.sentA[d.sent[lo]]; s < lo && d.inQ[s] < 0 {
		content := false
		for _, p := range a.pieces {
			if p[0] <= lo && p[1] >= s {
				content = true
			}
		}
		if !content {
			lo = s
		}
	}
	for k := lo; k <= hi && k < len(d.toks); k++ {
		if d.inQ[k] >= 0 {
			continue
		}
		inContent := false
		for _, p := range a.pieces {
			if k >= p[0] && k <= p[1] {
				inContent = true
			}
		}
		if inContent {
			continue
		}
		l := d.low[k]
		if wd, ok := weekdays[l]; ok && hasPub {
			if d.tok(k-1) == "next" {
				continue
			}
			back := (int(pub.Weekday()) - wd + 7) % 7
			if d.tok(k-1) == "last" && back == 0 {
				back = 7
			}
			return pub.AddDate(0, 0, -back).Format("2006-01-02"), true
		}
		switch l {
		case "yesterday":
			if hasPub {
				return pub.AddDate(0, 0, -1).Format("2006-01-02"), true
			}
		case "today", "tonight":
			if hasPub {
				return pub.Format("2006-01-02"), true
			}
		}
		if mo, ok := months[l]; ok {
			// "December 27", "Dec. 27, 2017"
			if day, ok := dayNum(d.tok(k + 1)); ok {
				year := 0
				if d.tok(k+2) == "," {
					year, _ = yearNum(d.tok(k + 3))
				} else {
					year, _ = yearNum(d.tok(k + 2))
				}
				if s, ok := fullDate(year, mo, day, pub, hasPub); ok {
					return s, true
				}
			}
		}
		if day, ok := dayNum(l); ok {
			// "27 December"
			if mo, ok := months[d.tok(k+1)]; ok {
				year, _ := yearNum(d.tok(k + 2))
				if s, ok := fullDate(year, mo, day, pub, hasPub); ok {
					return s, true
				}
			}
		}
	}
	return "", false
}

// fullDate completes a day and month with the year stated or, failing
// that, the article's year (the year before when that would be after the
// article).
func fullDate(year, mo, day int, pub time.Time, hasPub bool) (string, bool) {
	if year == 0 {
		if !hasPub {
			return "", false
		}
		year = pub.Year()
		t := time.Date(year, time.Month(mo), day, 0, 0, 0, 0, time.UTC)
		if t.After(pub.AddDate(0, 0, 1)) {
			year--
		}
	}
	t := time.Date(year, time.Month(mo), day, 0, 0, 0, 0, time.UTC)
	if t.Day() != day {
		return "", false
	}
	return t.Format("2006-01-02"), true
}

func dayNum(s string) (int, bool) {
	s = strings.TrimSuffix(strings.TrimSuffix(strings.TrimSuffix(strings.TrimSuffix(s, "st"), "nd"), "rd"), "th")
	n, err := strconv.Atoi(s)
	if err != nil || n < 1 || n > 31 {
		return 0, false
	}
	return n, true
}

func yearNum(s string) (int, bool) {
	n, err := strconv.Atoi(s)
	if err != nil || n < 1900 || n > 2200 {
		return 0, false
	}
	return n, true
}
