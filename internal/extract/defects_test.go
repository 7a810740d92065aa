package extract

import (
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/storyline-news/storyline/internal/news"
)

const body = "The council met on Monday to discuss next year's budget and voted to cut the road repair fund by a third."

// TestTitleHintKeepsFirstParagraph: with a title given, the first paragraph
// is dropped only when it repeats that title, never for looking like one.
func TestTitleHintKeepsFirstParagraph(t *testing.T) {
	quote := "\"We will not back down,\" the mayor said on Tuesday."
	for _, c := range []struct {
		name, text, title, wantText string
	}{
		{"quotation", quote + "\n\n" + body, "Council meets", quote + "\n\n" + body},
		{"short headline-like line", "Budget Cuts Loom\n\n" + body, "Council meets", "Budget Cuts Loom\n\n" + body},
		{"repeated title", "Council Meets!\n\n" + body, "Council meets", body},
		{"repeated title, other spacing", "COUNCIL  MEETS.\n\n" + body, "Council meets", body},
		{"title with the site's name", "Council meets | The Springfield Gazette\n\n" + body, "Council meets", body},
		{"site's name in the title", "Council meets\n\n" + body, "Council meets - The Springfield Gazette", body},
		{"a sentence is no site name", "Council meets - and the mayor walks out of the room.\n\n" + body, "Council meets", "Council meets - and the mayor walks out of the room.\n\n" + body},
	} {
		t.Run(c.name, func(t *testing.T) {
			a, err := Article(news.Document{Format: news.FormatText, Content: c.text, Title: c.title, HintFrom: "jsonl"})
			if err != nil {
				t.Fatal(err)
			}
			if a.Text != c.wantText {
				t.Errorf("text %q, want %q", a.Text, c.wantText)
			}
			if a.Title != c.title || a.TitleFrom != "jsonl" {
				t.Errorf("title %q from %q", a.Title, a.TitleFrom)
			}
		})
	}
}

// TestNoMainText: a document without main text is an ErrNoMainText error,
// also when it has a title, never an article with empty text.
func TestNoMainText(t *testing.T) {
	for _, c := range []struct {
		name   string
		format news.Format
		text   string
		title  string
	}{
		{"empty text", news.FormatText, " \n ", ""},
		{"only a furniture line", news.FormatText, "Subscribe to our newsletter.", "Mayor resigns"},
		{"only a furniture line, no title", news.FormatText, "Subscribe to our newsletter.", ""},
		{"only the title", news.FormatText, "Council meets", "Council meets"},
		{"empty page", news.FormatHTML, "<html><body></body></html>", ""},
		{"scripts and a noscript note", news.FormatHTML, `<html><head><title>All script</title></head><body><script>var a = 1;</script><noscript>Please enable JavaScript.</noscript><script src="app.js"></script></body></html>`, ""},
		{"a title and a noscript note", news.FormatHTML, `<html><head><title>Mayor resigns after a long audit of the city's accounts</title></head><body><div id="app"></div><noscript>You need to enable JavaScript to run this app.</noscript></body></html>`, ""},
	} {
		t.Run(c.name, func(t *testing.T) {
			a, err := Article(news.Document{Format: c.format, Content: c.text, Title: c.title})
			if !errors.Is(err, ErrNoMainText) {
				t.Fatalf("err %v, article %+v; want ErrNoMainText", err, a)
			}
			if !strings.Contains(err.Error(), "no main text") {
				t.Errorf("error %q does not say why", err)
			}
		})
	}
}

// TestOneSentenceKept: a one-sentence news item is its text, with or
// without a title given.
func TestOneSentenceKept(t *testing.T) {
	const s = "The mayor of Springfield resigned on Tuesday after an audit."
	for _, title := range []string{"", "Mayor resigns"} {
		a, err := Article(news.Document{Format: news.FormatText, Content: s, Title: title})
		if err != nil {
			t.Fatalf("title %q: %v", title, err)
		}
		if a.Text != s || a.Title != title {
			t.Errorf("title hint %q: title %q, text %q", title, a.Title, a.Text)
		}
	}
}

// TestLargeTextWhole: a text up to MaxTextBytes is read whole; a longer one
// is refused, naming the limit, never cut.
func TestLargeTextWhole(t *testing.T) {
	const last = "The last paragraph says that the meeting closed at midnight."
	var b strings.Builder
	b.WriteString("Council budget\n\n")
	for i := 0; b.Len() < 9<<20; i++ {
		fmt.Fprintf(&b, "Item %d: the council discussed line %d of the budget, and members voted %d to %d after a debate.\n\n", i, 7*i, i%50, i%31)
	}
	b.WriteString(last)
	a, err := Article(news.Document{Format: news.FormatText, Content: b.String()})
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasSuffix(a.Text, last) {
		t.Errorf("the last paragraph of a %d-byte text is lost", b.Len())
	}

	huge := strings.Repeat("word ", MaxTextBytes/5+1)
	_, err = Article(news.Document{Format: news.FormatText, Content: huge})
	if !errors.Is(err, ErrTooLarge) || !strings.Contains(err.Error(), fmt.Sprint(MaxTextBytes)) {
		t.Errorf("err %v for %d bytes; want ErrTooLarge naming %d", err, len(huge), MaxTextBytes)
	}
}

// TestShortPagesKeepBlocks: block elements of a short page (extracted by
// trafilatura's rescue) stay apart as paragraphs or lines.
func TestShortPagesKeepBlocks(t *testing.T) {
	for _, c := range []struct {
		name, page, title string
		paras             []string // each must be a paragraph or a line of the text
	}{
		{"headline and paragraphs",
			`<html><body><h1>Mayor resigns after audit</h1><p>The mayor of Springfield resigned on Tuesday, a day after auditors found gaps in the city's accounts.</p><p>Her deputy takes over.</p></body></html>`,
			"Mayor resigns after audit",
			[]string{"The mayor of Springfield resigned on Tuesday, a day after auditors found gaps in the city's accounts.", "Her deputy takes over."}},
		{"br and li",
			`<html><head><title>Council notice</title></head><body><div>The council meets on Friday.<br>The budget is on the agenda.</div><ul><li>Road repairs</li><li>School meals</li></ul></body></html>`,
			"Council notice",
			[]string{"The council meets on Friday.", "The budget is on the agenda.", "Road repairs", "School meals"}},
		{"table, blockquote, sections",
			`<html><head><title>Vote count</title></head><body><section>The motion passed.</section><blockquote>We will not back down</blockquote><table><tr><th>For</th><td>12</td></tr><tr><th>Against</th><td>3</td></tr></table><article>The vote was held late on Monday.</article></body></html>`,
			"Vote count",
			[]string{"The motion passed.", "We will not back down", "For 12", "Against 3", "The vote was held late on Monday."}},
	} {
		t.Run(c.name, func(t *testing.T) {
			a, err := Article(news.Document{Format: news.FormatHTML, Content: c.page})
			if err != nil {
				t.Fatal(err)
			}
			if a.Title != c.title {
				t.Errorf("title %q, want %q", a.Title, c.title)
			}
			lines := map[string]bool{}
			for _, l := range strings.FieldsFunc(a.Text, func(r rune) bool { return r == '\n' }) {
				lines[l] = true
			}
			for _, p := range c.paras {
				if !lines[p] {
					t.Errorf("%q is not a paragraph or line of %q", p, a.Text)
				}
			}
		})
	}
}
