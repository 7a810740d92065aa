package main

import "testing"

func TestCodePoints(t *testing.T) {
	s := "a “b” c"
	conv := codePoints(s)
	tests := []struct{ b, want int }{{0, 0}, {2, 2}, {5, 3}, {6, 4}, {9, 5}, {len(s), 7}, {-1, 0}, {100, 7}}
	for _, tc := range tests {
		if got := conv(tc.b); got != tc.want {
			t.Errorf("byte %d: code point %d, want %d", tc.b, got, tc.want)
		}
	}
}

func TestBaseline(t *testing.T) {
	a := article{ID: "x", Text: "Intro.\n\n“We stay,” Maria Lind said. No quote here.\n\nHe said “yes” and left."}
	p := baseline(a)
	if len(p.Quotes) != 2 {
		t.Fatalf("got %d quotes: %+v", len(p.Quotes), p.Quotes)
	}
	if q := p.Quotes[0]; q.Speaker != "Maria Lind" || !q.Direct {
		t.Errorf("first quote: %+v", q)
	}
	if q := p.Quotes[1]; q.Speaker != "He" {
		t.Errorf("second quote speaker %q, want He", q.Speaker)
	}
}
