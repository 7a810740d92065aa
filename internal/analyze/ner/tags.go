package ner

import "strings"

// Types are the entity types of CoNLL-2003, in the order used for tag ids.
// Callers must not modify it.
var Types = []string{"PER", "ORG", "LOC", "MISC"}

// span is one entity as token indices [start, end) and a type index.
type span struct{ start, end, typ int }

// scheme maps entity spans to tag ids and back. The tagger is trained on
// BILOU (begin, inside, last, unit) tags, which separate the edges of an
// entity better than BIO; its output is converted to IOB2 strings.
type scheme struct {
	names []string // tag id -> name, id 0 is "O"
	bilou bool
	// allowed[prev][cur] says whether tag cur may follow tag prev; row
	// len(names) is the sentence start.
	allowed [][]bool
	// final[t] says whether a sentence may end with tag t.
	final []bool
	// prevs[c] lists the tags that may precede tag c, for Viterbi.
	prevs [][]int32
}

func newScheme(bilou bool) *scheme {
	s := &scheme{bilou: bilou}
	s.names = []string{"O"}
	parts := []string{"B", "I"}
	if bilou {
		parts = []string{"B", "I", "L", "U"}
	}
	for _, t := range Types {
		for _, p := range parts {
			s.names = append(s.names, p+"-"+t)
		}
	}
	k := len(s.names)
	s.allowed = make([][]bool, k+1)
	s.final = make([]bool, k)
	for p := 0; p <= k; p++ {
		s.allowed[p] = make([]bool, k)
		for c := 0; c < k; c++ {
			s.allowed[p][c] = s.transitionOK(p, c, p == k)
		}
	}
	s.prevs = make([][]int32, k)
	for c := 0; c < k; c++ {
		for p := 0; p < k; p++ {
			if s.allowed[p][c] {
				s.prevs[c] = append(s.prevs[c], int32(p))
			}
		}
	}
	for t := 0; t < k; t++ {
		pp, _ := s.part(t)
		s.final[t] = !bilou || (pp != 'B' && pp != 'I')
	}
	return s
}

// part returns a tag's prefix letter ('O', 'B', 'I', 'L', 'U') and type index.
func (s *scheme) part(t int) (byte, int) {
	if t == 0 {
		return 'O', -1
	}
	n := 2
	if s.bilou {
		n = 4
	}
	return s.names[t][0], (t - 1) / n
}

func (s *scheme) transitionOK(p, c int, start bool) bool {
	var pp byte = 'O'
	pt := -1
	if !start {
		pp, pt = s.part(p)
	}
	cp, ct := s.part(c)
	if !s.bilou {
		return cp != 'I' || ((pp == 'B' || pp == 'I') && pt == ct)
	}
	open := pp == 'B' || pp == 'I' // an entity is open and must go on
	if open {
		return (cp == 'I' || cp == 'L') && ct == pt
	}
	return cp == 'O' || cp == 'B' || cp == 'U'
}

// tagID returns the id of tag part p ('B', 'I', 'L', 'U') of type typ.
func (s *scheme) tagID(p byte, typ int) int {
	if !s.bilou {
		if p == 'B' || p == 'U' {
			return 1 + 2*typ
		}
		return 2 + 2*typ
	}
	off := 0
	switch p {
	case 'I':
		off = 1
	case 'L':
		off = 2
	case 'U':
		off = 3
	}
	return 1 + 4*typ + off
}

// encode turns spans over n tokens into tag ids.
func (s *scheme) encode(n int, spans []span) []int {
	tags := make([]int, n)
	for _, sp := range spans {
		for i := sp.start; i < sp.end; i++ {
			switch {
			case sp.end-sp.start == 1:
				tags[i] = s.tagID('U', sp.typ)
			case i == sp.start:
				tags[i] = s.tagID('B', sp.typ)
			case i == sp.end-1:
				tags[i] = s.tagID('L', sp.typ)
			default:
				tags[i] = s.tagID('I', sp.typ)
			}
		}
	}
	return tags
}

// decode reads spans from tag ids; it is lenient, like conlleval, so that
// any sequence yields well-formed spans.
func (s *scheme) decode(tags []int) []span {
	var out []span
	cur := span{start: -1}
	closeCur := func(i int) {
		if cur.start >= 0 {
			cur.end = i
			out = append(out, cur)
			cur.start = -1
		}
	}
	for i, t := range tags {
		p, typ := s.part(t)
		switch {
		case p == 'O':
			closeCur(i)
		case p == 'B' || p == 'U' || cur.start < 0 || cur.typ != typ:
			closeCur(i)
			cur = span{start: i, typ: typ}
		}
		if p == 'L' || p == 'U' {
			closeCur(i + 1)
		}
	}
	closeCur(len(tags))
	return out
}

// iob2 renders spans over n tokens as IOB2 tag strings.
func iob2(n int, spans []span) []string {
	out := make([]string, n)
	for i := range out {
		out[i] = "O"
	}
	for _, sp := range spans {
		out[sp.start] = "B-" + Types[sp.typ]
		for i := sp.start + 1; i < sp.end; i++ {
			out[i] = "I-" + Types[sp.typ]
		}
	}
	return out
}

// parseIOB reads spans from IOB1 or IOB2 tag strings with the conlleval
// rule: an entity starts at B-X, or at I-X after O or another type.
func parseIOB(tags []string) []span {
	var out []span
	cur := span{start: -1}
	for i, t := range tags {
		p, typ := byte('O'), -1
		if len(t) > 2 && t[1] == '-' {
			p = t[0]
			typ = typeIndex(t[2:])
		}
		if typ < 0 {
			p = 'O'
		}
		if cur.start >= 0 && (p == 'O' || p == 'B' || p == 'S' || p == 'U' || typ != cur.typ) {
			cur.end = i
			out = append(out, cur)
			cur.start = -1
		}
		if p != 'O' && cur.start < 0 {
			cur = span{start: i, typ: typ}
		}
		if cur.start >= 0 && (p == 'E' || p == 'L' || p == 'S' || p == 'U') {
			cur.end = i + 1
			out = append(out, cur)
			cur.start = -1
		}
	}
	if cur.start >= 0 {
		cur.end = len(tags)
		out = append(out, cur)
	}
	return out
}

func typeIndex(t string) int {
	for i, x := range Types {
		if strings.EqualFold(x, t) {
			return i
		}
	}
	return -1
}
