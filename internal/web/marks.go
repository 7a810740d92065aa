package web

import (
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/storyline-news/storyline/internal/news"
)

// The article page marks quotations and entity mentions in the text. The
// analysis stores their byte offsets in the text (news.Quote Start, End
// and Pieces; news.Entity MentionsAt), which are used where they fit the
// text. An article analysed before offsets were kept has none: then a
// quotation is found where its text next occurs in the body, an entity
// wherever one of its forms (its name and aliases) occurs as whole words,
// and a quotation whose text the body does not hold verbatim is listed but
// not marked.

// para is one paragraph of an article's text, cut into parts at
// quotation boundaries.
type para struct{ Parts []textPart }

// textPart is a run of text inside one quotation (Quote >= 0) or outside
// any (Quote = -1), cut into spans at entity mentions.
type textPart struct {
	Quote  int
	Anchor bool // the quotation's first part: it carries the id q{Quote}
	Spans  []textSpan
}

// textSpan is plain text, or an entity mention when Type is set.
type textSpan struct {
	Text     string
	Type     string // PER, ORG, LOC, MISC; "" for plain text
	EntityID int64
}

type interval struct {
	s, e int
	q    int          // quotation index
	ent  *news.Entity // mentioned entity
}

// quoteSpans finds each quotation in text, each after the previous one
// when it occurs there again (a repeated body holds each twice), and
// reports which were found.
func quoteSpans(text string, qs []news.Quote) ([]interval, []bool) {
	var out []interval
	found := make([]bool, len(qs))
	from := 0
	for i, q := range qs {
		if ivs, ok := quoteOffsets(text, q, i); ok {
			found[i] = true
			out = append(out, ivs...)
			from = ivs[len(ivs)-1].e
			continue
		}
		t := strings.TrimSpace(q.Text)
		if t == "" {
			continue
		}
		at := -1
		if j := strings.Index(text[from:], t); j >= 0 {
			at = from + j
		} else if j := strings.Index(text, t); j >= 0 {
			at = j
		}
		if at < 0 {
			continue
		}
		found[i] = true
		out = append(out, interval{s: at, e: at + len(t), q: i})
		from = at + len(t)
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].s < out[j].s })
	return dropOverlaps(out), found
}

// quoteOffsets is the quotation's stored pieces (else Start..End) as
// intervals of quotation i; ok is false when it has no offsets or they do
// not fit text.
func quoteOffsets(text string, q news.Quote, i int) ([]interval, bool) {
	rs := q.Pieces
	if len(rs) == 0 {
		rs = [][2]int{{q.Start, q.End}}
	}
	out := make([]interval, 0, len(rs))
	for _, r := range rs {
		if !fits(text, r[0], r[1]) {
			return nil, false
		}
		out = append(out, interval{s: r[0], e: r[1], q: i})
	}
	return out, true
}

// fits reports whether s..e is a non-empty range of text that cuts no
// UTF-8 sequence.
func fits(text string, s, e int) bool {
	return s >= 0 && s < e && e <= len(text) && utf8.RuneStart(text[s]) && (e == len(text) || utf8.RuneStart(text[e]))
}

// entitySpans finds the whole-word occurrences of each entity's name and
// aliases, the longest form winning where two overlap.
func entitySpans(text string, ents []news.Entity) []interval {
	var out []interval
	for i := range ents {
		en := &ents[i]
		if len(en.MentionsAt) > 0 && allFit(text, en.MentionsAt) {
			for _, m := range en.MentionsAt {
				out = append(out, interval{s: m[0], e: m[1], q: -1, ent: en})
			}
			continue
		}
		forms := append([]string{en.Name}, en.Aliases...)
		seen := map[string]bool{}
		for _, f := range forms {
			f = strings.TrimSpace(f)
			if utf8.RuneCountInString(f) < 2 || seen[f] {
				continue
			}
			seen[f] = true
			for from := 0; ; {
				j := strings.Index(text[from:], f)
				if j < 0 {
					break
				}
				s, e := from+j, from+j+len(f)
				if wordEdge(text, s, e) {
					out = append(out, interval{s: s, e: e, q: -1, ent: en})
				}
				from = s + len(f)
			}
		}
	}
	sort.SliceStable(out, func(i, j int) bool {
		if out[i].s != out[j].s {
			return out[i].s < out[j].s
		}
		return out[i].e > out[j].e
	})
	return dropOverlaps(out)
}

func allFit(text string, rs [][2]int) bool {
	for _, r := range rs {
		if !fits(text, r[0], r[1]) {
			return false
		}
	}
	return true
}

// wordEdge reports whether text[s:e] is neither preceded nor followed by a
// letter or digit.
func wordEdge(text string, s, e int) bool {
	if r, _ := utf8.DecodeLastRuneInString(text[:s]); s > 0 && (unicode.IsLetter(r) || unicode.IsDigit(r)) {
		return false
	}
	if r, _ := utf8.DecodeRuneInString(text[e:]); e < len(text) && (unicode.IsLetter(r) || unicode.IsDigit(r)) {
		return false
	}
	return true
}

// dropOverlaps keeps, of intervals sorted by start, each one that does
// not overlap one kept before it.
func dropOverlaps(in []interval) []interval {
	var out []interval
	end := 0
	for _, iv := range in {
		if iv.s >= end {
			out = append(out, iv)
			end = iv.e
		}
	}
	return out
}

// markText cuts text into paragraphs (at blank lines) of quotation parts
// and entity spans.
func markText(text string, quotes, ents []interval) []para {
	var out []para
	anchored := map[int]bool{}
	for ps := 0; ps < len(text); {
		pe := len(text)
		next := len(text)
		if j := strings.Index(text[ps:], "\n\n"); j >= 0 {
			pe, next = ps+j, ps+j+2
		}
		if strings.TrimSpace(text[ps:pe]) != "" {
			p := markPara(text, ps, pe, quotes, ents)
			for i, part := range p.Parts {
				if part.Quote >= 0 && !anchored[part.Quote] {
					anchored[part.Quote] = true
					p.Parts[i].Anchor = true
				}
			}
			out = append(out, p)
		}
		ps = next
	}
	return out
}

func markPara(text string, ps, pe int, quotes, ents []interval) para {
	cuts := []int{ps, pe}
	for _, set := range [][]interval{quotes, ents} {
		for _, iv := range set {
			for _, c := range []int{iv.s, iv.e} {
				if c > ps && c < pe {
					cuts = append(cuts, c)
				}
			}
		}
	}
	sort.Ints(cuts)
	var p para
	for i := 0; i+1 < len(cuts); i++ {
		a, b := cuts[i], cuts[i+1]
		if a == b {
			continue
		}
		q := -1
		if iv, ok := covering(quotes, a); ok {
			q = iv.q
		}
		sp := textSpan{Text: text[a:b]}
		if iv, ok := covering(ents, a); ok {
			sp.Type, sp.EntityID = iv.ent.Type, iv.ent.ID
			if sp.Type == "" {
				sp.Type = "MISC"
			}
		}
		if n := len(p.Parts); n == 0 || p.Parts[n-1].Quote != q {
			p.Parts = append(p.Parts, textPart{Quote: q})
		}
		last := &p.Parts[len(p.Parts)-1]
		last.Spans = append(last.Spans, sp)
	}
	return p
}

// covering returns the interval of a sorted, non-overlapping set that
// holds offset at.
func covering(set []interval, at int) (interval, bool) {
	i := sort.Search(len(set), func(i int) bool { return set[i].e > at })
	if i < len(set) && set[i].s <= at {
		return set[i], true
	}
	return interval{}, false
}
