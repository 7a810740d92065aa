package ingest

import (
	"path/filepath"
	"strings"
	"testing"

	"github.com/storyline-news/storyline/internal/news"
)

func rssItem(n, body string) string {
	return "<item><title>Item " + n + "</title><link>https://x.example/" + n + "</link><description>" + body + "</description></item>\n"
}

func atomEntry(n, body string) string {
	return "<entry><title>Entry " + n + "</title><id>urn:x:" + n + "</id><updated>2024-03-05T09:00:00Z</updated><content type=\"html\">" + body + "</content></entry>\n"
}

const rssHead = `<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/"><channel><title>Recovery Times</title>
`

// TestFeedRecovery: one malformed item must not cost the feed's good items;
// it is reported with its item number.
func TestFeedRecovery(t *testing.T) {
	for _, tc := range []struct {
		name, feed string
		docs       string // the documents' titles, joined by "|"
		errs       []string
	}{
		{"stray-lt.xml", rssHead + rssItem("1", "one") + rssItem("2", "if a < b then") + rssItem("3", "three") + "</channel></rss>",
			"Item 1|Item 3", []string{"stray-lt.xml record 2: feed item: "}},
		{"open-comment.xml", rssHead + rssItem("1", "one") + rssItem("2", "x <!-- never ends") + rssItem("3", "three") + "</channel></rss>",
			"Item 1|Item 3", []string{"open-comment.xml record 2: feed item: "}},
		{"stray-end-tag.xml", rssHead + rssItem("1", "one") + rssItem("2", "two</description></item><description>") + rssItem("3", "three") + "</channel></rss>",
			"Item 1|Item 2|Item 3", nil},
		{"atom.xml", `<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom"><title>Atom Recovery</title>` + "\n" +
			atomEntry("1", "&lt;p&gt;one&lt;/p&gt;") + atomEntry("2", "a <b & c") + atomEntry("3", "&lt;p&gt;three&lt;/p&gt;") + "</feed>",
			"Entry 1|Entry 3", []string{"atom.xml record 2: feed item: "}},
		{"bad-head.xml", `<?xml version="1.0"?><rss version="2.0"><channel><title>Broken < head</title>` + rssItem("1", "one") + rssItem("2", "two") + "</channel></rss>",
			"Item 1|Item 2", nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			p := write(t, t.TempDir(), tc.name, []byte(tc.feed))
			r := scanAll(t, []string{p}, Options{})
			var titles []string
			for _, d := range r.Docs {
				checkDoc(t, d)
				titles = append(titles, d.Title)
			}
			if got := strings.Join(titles, "|"); got != tc.docs {
				t.Errorf("documents %q, want %q", got, tc.docs)
			}
			mustContain(t, "errors", r.Errors, tc.errs...)
			if len(r.Errors) != len(tc.errs) {
				t.Errorf("errors %q, want %d", r.Errors, len(tc.errs))
			}
			if len(r.Docs) > 1 {
				last := r.Docs[len(r.Docs)-1]
				if want := filepath.Base(p) + "#item 3"; len(tc.errs) > 0 && filepath.Base(last.Origin) != want {
					t.Errorf("last origin %q, want %q", last.Origin, want)
				}
				if tc.name == "stray-lt.xml" && (last.Outlet != "Recovery Times" || last.URL != "https://x.example/3" || last.Content != "three") {
					t.Errorf("recovered item: %+v", last)
				}
			}
		})
	}
}

// TestFeedHTMLText: titles and summaries that are HTML become plain text.
func TestFeedHTMLText(t *testing.T) {
	atom := `<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom"><title>T</title>
<entry><title type="html">Mayor &lt;em&gt;resigns&lt;/em&gt; &amp;amp; leaves</title><id>urn:1</id><updated>2024-03-05T09:00:00Z</updated>
  <summary type="html">&lt;p&gt;The mayor   &lt;b&gt;resigned&lt;/b&gt; &amp;amp; left.&lt;/p&gt;&lt;p&gt;More.&lt;/p&gt;</summary></entry>
<entry><title type="xhtml"><div xmlns="http://www.w3.org/1999/xhtml">Council <strong>votes</strong>
   today</div></title><id>urn:2</id><updated>2024-03-05T09:00:00Z</updated>
  <summary type="xhtml"><div xmlns="http://www.w3.org/1999/xhtml"><p>Vote &amp; count.</p></div></summary></entry>
<entry><title type="text">Use &lt;b&gt; for bold</title><id>urn:3</id><updated>2024-03-05T09:00:00Z</updated>
  <summary>Less &lt; more</summary></entry>
</feed>`
	rss := rssHead + `<item><title>Budget &lt;i&gt;passes&lt;/i&gt; &amp;amp; more</title><link>https://x.example/b</link><description>&lt;p&gt;Body &lt;b&gt;bold&lt;/b&gt;&lt;/p&gt;</description></item>
<item><title>AT&amp;T deal</title><link>https://x.example/c</link><description>text</description></item>
</channel></rss>`
	dir := t.TempDir()
	r := scanAll(t, []string{write(t, dir, "a.xml", []byte(atom)), write(t, dir, "r.xml", []byte(rss))}, Options{})
	want := []struct {
		title   string
		format  news.Format
		content string
	}{
		{"Mayor resigns & leaves", news.FormatText, "The mayor resigned & left.\n\nMore."},
		{"Council votes today", news.FormatText, "Vote & count."},
		{"Use <b> for bold", news.FormatText, "Less < more"},
		{"Budget passes & more", news.FormatHTML, "<p>Body <b>bold</b></p>"},
		{"AT&T deal", news.FormatHTML, "text"},
	}
	if len(r.Docs) != len(want) || len(r.Errors) != 0 {
		t.Fatalf("docs %+v errors %q", r.Docs, r.Errors)
	}
	for i, w := range want {
		d := r.Docs[i]
		if d.Title != w.title || d.Format != w.format || d.Content != w.content {
			t.Errorf("%s: title %q format %s content %q, want %q %s %q", d.Origin, d.Title, d.Format, d.Content, w.title, w.format, w.content)
		}
	}
}
