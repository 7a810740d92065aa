package cluster

import "strings"

// Count-min sketch dimensions: 4 rows of 2^18 16-bit counters (2 MiB), fixed
// whatever the number of articles.
const (
	cmsRows  = 4
	cmsWidth = 1 << 18
)

// boilerMaxWords is the longest line that can be boilerplate: navigation,
// share buttons, bylines and copyright notices are short, while a wire
// story's paragraphs, repeated by every outlet that carries it, are long
// and must count.
const boilerMaxWords = 15

// lineSketch counts in how many articles each short line appeared.
type lineSketch struct {
	c [cmsRows][]uint16
}

func newLineSketch() *lineSketch {
	s := &lineSketch{}
	for i := range s.c {
		s.c[i] = make([]uint16, cmsWidth)
	}
	return s
}

func (s *lineSketch) slot(h uint64, row int) int {
	return int(splitmix(h+uint64(row)*0x9E3779B97F4A7C15) % cmsWidth)
}

// count returns an upper bound on the articles that had the line.
func (s *lineSketch) count(h uint64) int {
	m := int(^uint16(0))
	for r := 0; r < cmsRows; r++ {
		if v := int(s.c[r][s.slot(h, r)]); v < m {
			m = v
		}
	}
	return m
}

func (s *lineSketch) add(h uint64) {
	for r := 0; r < cmsRows; r++ {
		if p := &s.c[r][s.slot(h, r)]; *p < ^uint16(0) {
			*p++
		}
	}
}

// lineKey normalises a line (lower case, letters and digits) and hashes it;
// ok is false for lines too long (or empty) to be boilerplate.
func lineKey(line string) (uint64, bool) {
	f := strings.Fields(strings.ToLower(line))
	if len(f) == 0 || len(f) > boilerMaxWords {
		return 0, false
	}
	var b strings.Builder
	for _, w := range f {
		for _, r := range w {
			if r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r > 127 {
				b.WriteRune(r)
			}
		}
		b.WriteByte(' ')
	}
	return hashString(b.String()), true
}

// stripBoilerplate removes the lines of text already seen in at least
// minSeen earlier articles, then records this article's short lines. With
// minSeen <= 0 it changes nothing.
func (s *lineSketch) stripBoilerplate(text string, minSeen int) string {
	return s.strip(text, minSeen, true)
}

// filter removes the lines that stripBoilerplate would remove now, without
// counting the text's lines: for an article analysed again (Remove), whose
// own lines are counted already, hence the one more sighting needed.
func (s *lineSketch) filter(text string, minSeen int) string {
	if minSeen <= 0 {
		return text
	}
	return s.strip(text, minSeen+1, false)
}

// strip removes the lines of text seen in at least atLeast articles and,
// with record, counts the text's short lines (each once). With atLeast <= 0
// it changes nothing.
func (s *lineSketch) strip(text string, atLeast int, record bool) string {
	if s == nil || atLeast <= 0 {
		return text
	}
	text = truncateUTF8(text, maxTextBytes)
	lines := strings.Split(text, "\n")
	keep := lines[:0:0]
	seen := map[uint64]bool{}
	removed := false
	for _, l := range lines {
		h, ok := lineKey(l)
		if !ok {
			keep = append(keep, l)
			continue
		}
		if s.count(h) >= atLeast {
			removed = true
			continue
		}
		keep = append(keep, l)
		if record && !seen[h] {
			seen[h] = true
			s.add(h)
		}
	}
	if !removed {
		return text
	}
	return strings.Join(keep, "\n")
}
