package sqlite

import (
	"reflect"
	"strings"
	"testing"
)

func TestSnippetOf(t *testing.T) {
	long := strings.Repeat("filler ", 40)
	for _, c := range []struct {
		name, text, query string
		want              string
		marked            []string
	}{
		{"short text, one word", "Police closed the bridge on Monday.", "police",
			"Police closed the bridge on Monday.", []string{"Police"}},
		{"a phrase is one range", "The endangered species act was signed.", `"endangered species"`,
			"The endangered species act was signed.", []string{"endangered species"}},
		{"folded forms", "Le ministre a parlé à Genève hier.", "geneve parle",
			"Le ministre a parlé à Genève hier.", []string{"parlé", "Genève"}},
		{"prefix", "Politicians and police met.", "pol*",
			"Politicians and police met.", []string{"Politicians", "police"}},
		{"window moves to the match, ellipses both sides", long + "the harbour closed today " + long, "harbour",
			"…filler filler the harbour closed today" + strings.Repeat(" filler", 26) + "…",
			[]string{"harbour"}},
		{"the window with most distinct phrases wins", long + "alpha " + long + "alpha beta " + long, "alpha beta",
			"", []string{"alpha", "beta"}},
		{"no match in the text: its start", "Nothing here matches the title-only word at all.", "zebra",
			"Nothing here matches the title-only word at all.", nil},
	} {
		t.Run(c.name, func(t *testing.T) {
			pt := []phraseTokens{}
			for _, p := range queryPhrases(c.query) {
				pt = append(pt, p.tokens())
			}
			var tk tokenizer
			got, ranges := snippetOf(&tk, c.text, pt)
			if c.want != "" && got != c.want {
				t.Errorf("snippet\n got %q\nwant %q", got, c.want)
			}
			var marked []string
			for _, r := range ranges {
				marked = append(marked, got[r[0]:r[1]])
			}
			if !reflect.DeepEqual(marked, c.marked) {
				t.Errorf("marked %q, want %q (snippet %q)", marked, c.marked, got)
			}
			if n := len(strings.Fields(strings.Trim(got, "…"))); n > snippetTokens {
				t.Errorf("%d words, more than %d", n, snippetTokens)
			}
		})
	}
}
