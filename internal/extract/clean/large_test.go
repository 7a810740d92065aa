package clean

import (
	"fmt"
	"strings"
	"testing"
)

// largeText is about size bytes of distinct paragraphs ending in last.
func largeText(size int, last string) string {
	var b strings.Builder
	b.Grow(size + len(last) + 200)
	for i := 0; b.Len() < size; i++ {
		fmt.Fprintf(&b, "Item %d: the council discussed line %d of the budget on day %d, and members voted %d to %d after a long debate about costs.\n\n",
			i, i*7, i%365, i%50, i%31)
	}
	b.WriteString(last)
	return b.String()
}

const largeLast = "The last paragraph says that the meeting closed at midnight."

// TestArticleWholeLargeText: a text up to MaxInput is cleaned whole, its
// last paragraph included.
func TestArticleWholeLargeText(t *testing.T) {
	r := Article(largeText(9<<20, largeLast), Hints{})
	if !strings.HasSuffix(r.Text, largeLast) {
		t.Errorf("the last paragraph of a 9 MiB text is lost; text ends %q", r.Text[max(0, len(r.Text)-200):])
	}
}

// BenchmarkArticleLarge cleans 9 MiB texts: time and memory grow linearly
// (half the size takes half of both), in paragraphs and in short lines.
func BenchmarkArticleLarge(b *testing.B) {
	paras := largeText(9<<20, largeLast)
	for _, c := range []struct{ name, text string }{
		{"paragraphs", paras},
		{"short-lines", strings.ReplaceAll(paras, ", ", "\n")},
	} {
		b.Run(c.name, func(b *testing.B) {
			b.SetBytes(int64(len(c.text)))
			b.ReportAllocs()
			for b.Loop() {
				Article(c.text, Hints{})
			}
		})
	}
}
