package htmlmain

import (
	"errors"
	"strings"
	"testing"
)

// TestRebreak: text glued from a page's blocks gets the page's breaks back;
// what the page hides is dropped, other text kept as it is.
func TestRebreak(t *testing.T) {
	for _, c := range []struct {
		name, page, text, want string
		seen                   bool
	}{
		{"glued blocks",
			`<h1>Mayor resigns</h1><p>The mayor resigned.</p><ul><li>One</li><li>Two</li></ul>`,
			"Mayor resignsThe mayor resigned.OneTwo", "Mayor resigns\n\nThe mayor resigned.\n\nOne\n\nTwo", true},
		{"br is a line break", `<div>First line of it<br>Second line of it</div>`,
			"First line of itSecond line of it", "First line of it\nSecond line of it", true},
		{"table cells", `<table><tr><td>For</td><td>12</td></tr><tr><td>Against</td><td>3</td></tr></table>`,
			"For12Against3", "For 12\n\nAgainst 3", true},
		{"already right", `<p>One paragraph here.</p><p>Another one.</p>`,
			"One paragraph here.\n\nAnother one.", "One paragraph here.\n\nAnother one.", true},
		{"inline elements stay inline", `<p>A <b>bold</b> word and <a href="x">a link</a>.</p>`,
			"A bold word and a link.", "A bold word and a link.", true},
		{"no space at an inline element's edge", `<p>Wir haben s<span>elbst</span> gemacht.</p>`,
			"Wir haben selbst gemacht.", "Wir haben selbst gemacht.", true},
		{"text the page does not show is kept", `<p>The mayor resigned on Tuesday.</p>`,
			"The mayor resigned on Tuesday.\n\nSomething else entirely", "The mayor resigned on Tuesday.\n\nSomething else entirely", true},
		{"title glued before the body is dropped",
			`<html><head><title>Vote count</title></head><body><p>The motion passed on Monday night.</p><p>The vote was close.</p></body></html>`,
			"Vote countThe motion passed on Monday night.The vote was close.", "The motion passed on Monday night.\n\nThe vote was close.", true},
		{"only hidden text",
			`<html><head><title>All script</title></head><body><script>x()</script><noscript>Please enable JavaScript.</noscript></body></html>`,
			"All scriptPlease enable JavaScript.", "All scriptPlease enable JavaScript.", false},
		{"JSON-LD articleBody",
			`<html><head><script type="application/ld+json">{"@type":"NewsArticle","articleBody":"First paragraph of the body.\n\nSecond paragraph of the body."}</script></head><body></body></html>`,
			"First paragraph of the body.Second paragraph of the body.", "First paragraph of the body.\n\nSecond paragraph of the body.", true},
	} {
		t.Run(c.name, func(t *testing.T) {
			got, seen := newPageText(parseT(t, c.page)).rebreak(c.text)
			if strings.TrimSpace(got) != c.want || seen != c.seen {
				t.Errorf("rebreak(%q) = %q, %v; want %q, %v", c.text, got, seen, c.want, c.seen)
			}
		})
	}
}

// TestShortPages: every block element of a short page, which trafilatura
// rescues by taking an element's whole text, ends a paragraph or a line;
// a page that shows no text has no main text.
func TestShortPages(t *testing.T) {
	for _, c := range []struct {
		name, page string
		want       []string // each a paragraph or line of the text; nil: ErrNoContent
	}{
		{"headline and paragraphs",
			`<html><body><h1>Mayor resigns after audit</h1><p>The mayor of Springfield resigned on Tuesday, a day after auditors found gaps in the city's accounts.</p><p>Her deputy takes over.</p></body></html>`,
			[]string{"The mayor of Springfield resigned on Tuesday, a day after auditors found gaps in the city's accounts.", "Her deputy takes over."}},
		{"div, br, li, blockquote",
			`<html><body><div>The council meets on Friday.<br>The budget is on the agenda.</div><ul><li>Road repairs</li><li>School meals</li></ul><blockquote>We will not back down</blockquote></body></html>`,
			[]string{"The council meets on Friday.", "The budget is on the agenda.", "Road repairs", "School meals", "We will not back down"}},
		{"sections, header, h2, table",
			`<html><body><header>Council news</header><section><h2>Vote count</h2>The motion passed.</section><table><tr><th>For</th><td>12</td></tr></table><article>The vote was held late on Monday.</article></body></html>`,
			[]string{"Council news", "Vote count", "The motion passed.", "For 12", "The vote was held late on Monday."}},
		{"only scripts and noscript",
			`<html><head><title>All script</title></head><body><script>var a = 1;</script><noscript>Please enable JavaScript.</noscript></body></html>`,
			nil},
	} {
		t.Run(c.name, func(t *testing.T) {
			p, err := Extract(c.page, "https://example.org/news/1")
			if c.want == nil {
				if !errors.Is(err, ErrNoContent) {
					t.Fatalf("err %v, text %q; want ErrNoContent", err, p.Text)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			lines := map[string]bool{}
			for _, l := range strings.Split(p.Text, "\n") {
				lines[l] = true
			}
			for _, w := range c.want {
				if !lines[w] {
					t.Errorf("%q is not a paragraph or line of %q", w, p.Text)
				}
			}
		})
	}
}
