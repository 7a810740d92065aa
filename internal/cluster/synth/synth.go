// Package synth generates a news stream of any length by recombining real
// texts, to measure the clusterer at scale: vocabulary, sentence lengths and
// word statistics are those of real news, while each synthetic event gets
// its own invented names (so that, as in real news, the number of distinct
// names grows with the stream) and a publication date that advances with it.
//
// An event draws three base texts and invented names, and renames every
// capitalised word after a sentence's first and every number of them with
// names and numbers of its own: two events on the same base text are then
// similar happenings with different actors, places and figures, like two
// earthquakes in different places. Each of its articles
// is a rewrite: 30-60% of each base text's sentences in order, a fifth of
// the words dropped (so that, as between outlets, words are shared but long
// runs of them rarely are), the names put into the headline and some
// sentences, and a sentence of another text added. CopyRate of the articles
// are instead copies of an earlier article of the event with a new headline
// and a byline. Arrivals open a new event with probability NewEventRate,
// else join one of the last ActiveEvents, recent ones more often, which
// gives the long tail of event sizes of a real feed.
package synth

import (
	"fmt"
	"math/rand/v2"
	"strings"
	"time"
)

// Generator produces synthetic articles from a corpus of real texts.
type Generator struct {
	sents        [][]string // sentences of each corpus text
	rng          *rand.Rand
	events       []synthEvent
	n            int
	NewEventRate float64 // chance that an article opens a new event
	CopyRate     float64 // chance that an article copies an earlier one
	ActiveEvents int     // how many recent events later articles may join
	PerDay       int     // articles per simulated day
	start        time.Time
}

type synthEvent struct {
	bases [3]int
	names []string
	day   int
	last  string // the latest article's text, for copies (recent events only)
}

// Article is one generated article.
type Article struct {
	ID        int64
	Event     int // the synthetic event it was generated for
	Title     string
	Text      string
	Published string
}

// New returns a Generator over texts (one sentence per line, or prose that
// is split at sentence ends), seeded for reproducible streams.
func New(texts []string, seed uint64) (*Generator, error) {
	g := &Generator{
		rng:          rand.New(rand.NewPCG(seed, 0x5717)),
		NewEventRate: 0.35,
		CopyRate:     0.08,
		ActiveEvents: 2000,
		PerDay:       5000,
		start:        time.Date(2020, 1, 1, 0, 0, 0, 0, time.UTC),
	}
	for _, t := range texts {
		var ss []string
		for _, line := range strings.Split(t, "\n") {
			for _, s := range splitSentences(line) {
				if len(strings.Fields(s)) >= 4 {
					ss = append(ss, s)
				}
			}
		}
		if len(ss) >= 2 {
			g.sents = append(g.sents, ss)
		}
	}
	if len(g.sents) == 0 {
		return nil, fmt.Errorf("synth: no usable texts (need two sentences of four words)")
	}
	return g, nil
}

func splitSentences(line string) []string {
	var out []string
	start := 0
	for i := 0; i+1 < len(line); i++ {
		if (line[i] == '.' || line[i] == '!' || line[i] == '?') && line[i+1] == ' ' {
			out = append(out, strings.TrimSpace(line[start:i+1]))
			start = i + 2
		}
	}
	if s := strings.TrimSpace(line[start:]); s != "" {
		out = append(out, s)
	}
	return out
}

var syllables = []string{"ka", "lo", "mi", "ra", "ten", "vo", "zu", "bel", "dor", "fin", "gar", "hul", "jas", "kev", "lim", "nor", "pra", "quin", "sol", "tor", "ul", "ver", "wen", "yar"}

// name invents a capitalised name from a number, unique per number.
func name(k int) string {
	var b strings.Builder
	k++
	for k > 0 {
		b.WriteString(syllables[k%len(syllables)])
		k /= len(syllables)
	}
	s := b.String()
	return strings.ToUpper(s[:1]) + s[1:]
}

// Next returns the next article of the stream.
func (g *Generator) Next() Article {
	g.n++
	day := g.n / g.PerDay
	var e int
	if len(g.events) == 0 || g.rng.Float64() < g.NewEventRate {
		k := len(g.events)
		ev := synthEvent{
			names: []string{name(3*k) + " " + name(3*k+1), name(3*k + 2)},
			day:   day,
		}
		for i := range ev.bases {
			ev.bases[i] = g.rng.IntN(len(g.sents))
		}
		g.events = append(g.events, ev)
		e = k
		// Forget the texts of events no longer joined: memory stays flat.
		if old := k - g.ActiveEvents; old >= 0 {
			g.events[old].last = ""
		}
	} else {
		// Recent events more often: the square of a uniform number leans
		// towards 0, the newest.
		w := g.ActiveEvents
		if w > len(g.events) {
			w = len(g.events)
		}
		u := g.rng.Float64()
		e = len(g.events) - 1 - int(u*u*float64(w))
	}
	ev := &g.events[e]
	pub := g.start.AddDate(0, 0, ev.day+g.rng.IntN(2)).Format("2006-01-02")
	if ev.last != "" && g.rng.Float64() < g.CopyRate {
		title := name(g.n) + " reports: " + ev.names[0]
		text := "By " + name(g.n+1) + " " + name(g.n+2) + "\n\n" + ev.last
		return Article{ID: int64(g.n), Event: e, Title: title, Text: text, Published: pub}
	}
	var body []string
	for bi, b := range ev.bases {
		base := g.sents[b]
		keep := 0.3 + 0.3*g.rng.Float64()
		for i, s := range base {
			if g.rng.Float64() > keep {
				continue
			}
			s = g.dropWords(rename(s, e))
			if (i+bi)%3 == 0 {
				s = ev.names[g.rng.IntN(len(ev.names))] + " said " + s
			}
			body = append(body, s)
		}
	}
	o := g.sents[g.rng.IntN(len(g.sents))]
	body = append(body, o[g.rng.IntN(len(o))])
	title := ev.names[0] + ": " + g.dropWords(rename(g.sents[ev.bases[0]][0], e))
	text := strings.Join(body, "\n\n")
	ev.last = text
	return Article{ID: int64(g.n), Event: e, Title: title, Text: text, Published: pub}
}

// dropWords drops a fifth of a sentence's words.
func (g *Generator) dropWords(s string) string {
	f := strings.Fields(s)
	out := f[:0:0]
	for _, w := range f {
		if g.rng.Float64() >= 0.2 {
			out = append(out, w)
		}
	}
	return strings.Join(out, " ")
}

// rename gives the names and numbers of a base sentence to event e: each
// capitalised word but the first, and each number, is replaced by one
// derived from it and e, the same throughout the event.
func rename(s string, e int) string {
	f := strings.Fields(s)
	for i, w := range f {
		if w == "" {
			continue
		}
		c := w[0]
		isCap := c >= 'A' && c <= 'Z' && i > 0
		isNum := c >= '0' && c <= '9'
		if !isCap && !isNum {
			continue
		}
		h := uint64(14695981039346656037)
		for k := 0; k < len(w); k++ {
			h = (h ^ uint64(w[k])) * 1099511628211
		}
		h = (h ^ uint64(e)) * 1099511628211
		if isNum {
			f[i] = fmt.Sprint(h % 1000)
		} else {
			f[i] = name(int(h % (1 << 40)))
		}
	}
	return strings.Join(f, " ")
}
