package fts

import (
	"reflect"
	"strings"
	"testing"
)

func TestSnippet(t *testing.T) {
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
		{"a match near the end of a long text", long + "Last words about the harbour.", "harbour",
			"…filler filler filler filler filler filler filler filler filler filler filler filler filler filler filler filler filler filler filler filler filler filler filler filler filler filler filler Last words about the harbour.",
			[]string{"harbour"}},
		{"no match in the text: its start", "Nothing here matches the title-only word at all.", "zebra",
			"Nothing here matches the title-only word at all.", nil},
	} {
		t.Run(c.name, func(t *testing.T) {
			pt := []PhraseTokens{}
			for _, p := range ParseQuery(c.query) {
				pt = append(pt, p.Tokens())
			}
			var tk Tokenizer
			got, ranges := Snippet(&tk, c.text, pt)
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
			if n := len(strings.Fields(strings.Trim(got, "…"))); n > SnippetTokens {
				t.Errorf("%d words, more than %d", n, SnippetTokens)
			}
		})
	}
}

// FuzzSnippet: any text and query give a snippet of the text's own
// bytes whose ranges lie inside it, and never a panic.
func FuzzSnippet(f *testing.F) {
	f.Add("Police closed the bridge. Later the harbour too.", "harbour police")
	f.Add(strings.Repeat("a b ", 50)+"end.", `"a b" end*`)
	f.Add("Genève à Zürich", "zurich")
	f.Fuzz(func(t *testing.T, text, query string) {
		var pt []PhraseTokens
		for _, p := range ParseQuery(query) {
			pt = append(pt, p.Tokens())
		}
		var tk Tokenizer
		got, ranges := Snippet(&tk, text, pt)
		for _, r := range ranges {
			if r[0] < 0 || r[1] > len(got) || r[0] >= r[1] {
				t.Fatalf("range %v outside snippet %q", r, got)
			}
		}
		if core := strings.TrimSuffix(strings.TrimPrefix(got, "…"), "…"); !strings.Contains(text, core) {
			t.Fatalf("snippet %q is not a piece of the text", got)
		}
	})
}
