// Package synth builds large benchmark corpora by recombining real article
// texts: each generated article takes a headline, a byline, a date line and
// paragraphs drawn from different real documents, so that it reads like news
// (real sentence lengths, names, numbers, quotes) without copying any one
// article. The same seed gives the same corpus.
package synth

import (
	"fmt"
	"math/rand/v2"
	"strings"
	"time"

	"github.com/storyline-news/storyline/internal/news"
)

// Pool is the material articles are recombined from.
type Pool struct {
	Titles     []string
	Paragraphs []string
}

// Add splits a real text into a title (its first line) and paragraphs.
func (p *Pool) Add(text string) {
	lines := strings.Split(strings.ReplaceAll(text, "\r\n", "\n"), "\n")
	var para []string
	flush := func() {
		if s := strings.TrimSpace(strings.Join(para, " ")); len(s) > 40 {
			p.Paragraphs = append(p.Paragraphs, s)
		}
		para = para[:0]
	}
	titled := false
	for _, l := range lines {
		l = strings.TrimSpace(l)
		if !titled && l != "" {
			if len(l) < 160 {
				p.Titles = append(p.Titles, l)
			}
			titled = true
			continue
		}
		if l == "" {
			flush()
			continue
		}
		para = append(para, l)
		if len(para) >= 3 { // one-sentence-per-line sources: group in threes
			flush()
		}
	}
	flush()
}

var firstNames = []string{"Anna", "James", "Maria", "Li", "Omar", "Sofia", "David", "Elena", "Kwame", "Yuki"}
var lastNames = []string{"Smith", "Garcia", "Chen", "Okafor", "Ivanova", "Müller", "Haddad", "Silva", "Kim", "Novak"}
var outlets = []string{"Daily Ledger", "Morning Wire", "Global Times Report", "City Courier", "The Observer Post"}

// Doc returns the i-th generated article as a text document. Articles are
// independent of each other, so a corpus can be generated in any order or
// in parallel.
func (p *Pool) Doc(seed uint64, i int) news.Document {
	r := rand.New(rand.NewPCG(seed, uint64(i)))
	var b strings.Builder
	b.WriteString(p.Titles[r.IntN(len(p.Titles))])
	b.WriteString("\n\n")
	day := time.Date(2015, 1, 1, 0, 0, 0, 0, time.UTC).AddDate(0, 0, r.IntN(3650))
	fmt.Fprintf(&b, "By %s %s - %s\n%s\n\n", firstNames[r.IntN(len(firstNames))], lastNames[r.IntN(len(lastNames))],
		outlets[r.IntN(len(outlets))], day.Format("2 January, 2006"))
	n := 3 + r.IntN(8)
	for k := 0; k < n; k++ {
		b.WriteString(p.Paragraphs[r.IntN(len(p.Paragraphs))])
		b.WriteString("\n\n")
	}
	id := fmt.Sprintf("synth-%d-%d", seed, i)
	return news.Document{SourceID: id, Origin: id, Format: news.FormatText, Content: b.String()}
}
