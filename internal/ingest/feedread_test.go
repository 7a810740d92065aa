package ingest

import (
	"errors"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/storyline-news/storyline/internal/news"
)

// words returns n invented words of filler text.
func words(n int) string {
	return strings.TrimSpace(strings.Repeat("lorem ", n))
}

// TestReadFeed: the poller's view of a feed, read by the same code as Scan,
// whether gofeed reads the feed whole or, for a malformed item, item by item.
func TestReadFeed(t *testing.T) {
	const name = "https://gazette.example.org/feed"
	items := `<item><title>Full</title><link>https://gazette.example.org/full</link><guid isPermaLink="false">g-1</guid>
  <category>Transport</category><category> </category><category>Harbour</category>
  <atom:updated>2024-03-05T10:00:00Z</atom:updated>
  <description>Teaser.</description><content:encoded><![CDATA[<p>` + words(MinFullWords) + `</p>]]></content:encoded></item>
<item><title>Teaser</title><link>https://gazette.example.org/teaser</link>
  <content:encoded><![CDATA[<p>` + words(MinFullWords-1) + `</p><script>` + words(10) + `</script>]]></content:encoded></item>
<item><title>Description only</title><link>https://gazette.example.org/desc</link><guid>g-3</guid><description>Short.</description></item>
<item><title>Link only</title><link>https://gazette.example.org/bare</link></item>
<item><title>Nothing</title></item>
`
	for _, tc := range []struct {
		name, last string // last: a sixth item
		errs       []string
	}{
		{"whole", "", []string{
			"ingest " + name + " record 5: feed item has neither content, summary nor link",
		}},
		{"by item", `<item><title>Bad</title><link>https://gazette.example.org/bad</link><description>a < b</description></item>`, []string{
			"ingest " + name + " record 5: feed item has neither content, summary nor link",
			"ingest " + name + " record 6: feed item: ",
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			feed := `<?xml version="1.0"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:atom="http://www.w3.org/2005/Atom">
<channel><title>Example Gazette</title><link>https://gazette.example.org/</link><ttl>30</ttl><language>en-gb</language>
` + items + tc.last + `</channel></rss>`
			f, errs, err := ReadFeed([]byte(feed), name)
			if err != nil {
				t.Fatal(err)
			}
			checkGazette(t, name, f)
			var got []string
			for _, e := range errs {
				got = append(got, e.Error())
			}
			if len(got) != len(tc.errs) {
				t.Fatalf("errors %q, want %q", got, tc.errs)
			}
			for i, w := range tc.errs {
				if !strings.HasPrefix(got[i], w) {
					t.Errorf("error %q, want prefix %q", got[i], w)
				}
			}
		})
	}
}

func checkGazette(t *testing.T, name string, f *Feed) {
	t.Helper()
	if f.Title != "Example Gazette" || f.Link != "https://gazette.example.org/" || f.TTL != 30*time.Minute {
		t.Errorf("feed %q %q %v", f.Title, f.Link, f.TTL)
	}
	want := []struct {
		title, guid, link, updated string
		summary, content           bool
	}{
		{"Full", "g-1", "https://gazette.example.org/full", "2024-03-05T10:00:00Z", false, true},
		{"Teaser", "", "https://gazette.example.org/teaser", "", true, true},
		{"Description only", "g-3", "https://gazette.example.org/desc", "", true, true},
		{"Link only", "", "https://gazette.example.org/bare", "", true, false},
	}
	if len(f.Items) != len(want) {
		t.Fatalf("%d items, want %d: %+v", len(f.Items), len(want), f.Items)
	}
	for i, w := range want {
		it := f.Items[i]
		if it.Doc.Title != w.title || it.GUID != w.guid || it.Link != w.link || it.Updated != w.updated ||
			it.Summary != w.summary || (it.Doc.Content != "") != w.content {
			t.Errorf("item %d: %+v", i+1, it)
		}
		if it.Doc.Origin != name+"#item "+strconv.Itoa(i+1) || it.Doc.Source != name || it.Doc.HintFrom != "feed" ||
			it.Doc.Outlet != "Example Gazette" || it.Doc.URL != w.link {
			t.Errorf("item %d document: %+v", i+1, it.Doc)
		}
		if it.Language != "en-gb" {
			t.Errorf("item %d language %q", i+1, it.Language)
		}
	}
	if k := strings.Join(f.Items[0].Keywords, "|"); k != "Transport|Harbour" {
		t.Errorf("keywords %q", k)
	}
}

// TestReadFeedUnreadable: a feed that cannot be read at all is err, an
// *Error naming the input.
func TestReadFeedUnreadable(t *testing.T) {
	for _, data := range []string{"", "not a feed", `{"version":"https://jsonfeed.org/version/1.1","items":[`, "<rss><channel>"} {
		f, _, err := ReadFeed([]byte(data), "x.xml")
		var e *Error
		if f != nil || !errors.As(err, &e) || e.Input != "x.xml" {
			t.Errorf("%q: feed %+v, err %v", data, f, err)
		}
	}
	if _, _, err := ReadFeed(make([]byte, DefaultMaxDocBytes+1), "big.xml"); err == nil || !strings.Contains(err.Error(), "too large") {
		t.Errorf("too large: %v", err)
	}
}

// TestReadFeedSummary: which items are summaries, in every feed format.
func TestReadFeedSummary(t *testing.T) {
	long, short := words(MinFullWords+5), words(12)
	atom := func(entry string) string {
		return `<feed xmlns="http://www.w3.org/2005/Atom"><title>A</title><entry><id>urn:1</id><title>T</title>` +
			`<link href="https://a.example/1"/><updated>2024-03-05T09:00:00Z</updated>` + entry + `</entry></feed>`
	}
	json := func(item string) string {
		return `{"version":"https://jsonfeed.org/version/1.1","title":"J","items":[{"id":"1","url":"https://j.example/1",` + item + `}]}`
	}
	for _, tc := range []struct {
		name, feed string
		summary    bool
		format     news.Format
	}{
		{"atom content", atom(`<content type="html">&lt;p&gt;` + long + `&lt;/p&gt;</content>`), false, news.FormatHTML},
		{"atom text content", atom(`<content>` + long + `</content>`), false, news.FormatText},
		{"atom short content", atom(`<content type="html">` + short + `</content>`), true, news.FormatHTML},
		{"atom summary only", atom(`<summary>` + long + `</summary>`), true, news.FormatText},
		{"atom out-of-line content", atom(`<summary>s</summary><content src="https://a.example/1.html" type="text/html"/>`), true, news.FormatText},
		{"json content_html", json(`"content_html":"<p>` + long + `</p>"`), false, news.FormatHTML},
		{"json content_text", json(`"content_text":"` + long + `"`), false, news.FormatHTML},
		{"json summary only", json(`"summary":"` + long + `"`), true, news.FormatHTML},
		{"words split by markup", `<rss><channel><item><link>https://r.example/</link><description>d</description><content:encoded xmlns:content="http://purl.org/rss/1.0/modules/content/">` +
			strings.Repeat("&lt;b&gt;a&lt;/b&gt;b ", MinFullWords-1) + `</content:encoded></item></channel></rss>`, true, news.FormatHTML},
	} {
		t.Run(tc.name, func(t *testing.T) {
			f, errs, err := ReadFeed([]byte(tc.feed), "f")
			if err != nil || len(errs) != 0 || len(f.Items) != 1 {
				t.Fatalf("feed %+v errs %v err %v", f, errs, err)
			}
			if it := f.Items[0]; it.Summary != tc.summary || it.Doc.Format != tc.format {
				t.Errorf("summary %v format %s, want %v %s: %+v", it.Summary, it.Doc.Format, tc.summary, tc.format, it)
			}
		})
	}
}

func TestFewerWords(t *testing.T) {
	for _, tc := range []struct {
		s      string
		html   bool
		n      int
		fewer  bool
		reason string
	}{
		{"", false, 1, true, "empty"},
		{"one two three", false, 3, false, "exactly n"},
		{"one two\n\tthree", false, 4, true, "under n"},
		{"<p>one</p><p>two</p>", true, 2, false, "paragraphs part words"},
		{"<p>o<b>n</b>e</p>", true, 2, true, "inline markup does not"},
		{"one<br>two", true, 2, false, "a line break parts words"},
		{"<script>a b c d</script>one", true, 2, true, "script is no text"},
		{"a &amp; b", true, 3, false, "an entity is text"},
		{"a < b", false, 3, false, "text is not HTML"},
		{"naïve café déjà", false, 3, false, "UTF-8 letters"},
		{"a\u00a0b", false, 2, false, "a no-break space parts words"},
	} {
		if got := fewerWords(tc.s, tc.html, tc.n); got != tc.fewer {
			t.Errorf("%s: fewerWords(%q, %v, %d) = %v", tc.reason, tc.s, tc.html, tc.n, got)
		}
	}
}

func TestTTLMinutes(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want time.Duration
	}{
		{"", 0},
		{"60", time.Hour},
		{" 15 ", 15 * time.Minute},
		{"0", 0},
		{"-5", 0},
		{"1.5", 0},
		{"soon", 0},
		{"99999999999999999999999", time.Duration(1<<63-1) / time.Minute * time.Minute},
	} {
		if got := ttlMinutes(tc.in); got != tc.want {
			t.Errorf("ttlMinutes(%q) = %v, want %v", tc.in, got, tc.want)
		}
	}
}

// FuzzReadFeed checks what the poller relies on: every item has an Origin
// and either content or a link, and every error names an item.
func FuzzReadFeed(f *testing.F) {
	f.Add([]byte(`<rss><channel><ttl>5</ttl><item><link>https://x.example/</link></item><item/></channel></rss>`))
	f.Add([]byte(rssHead + rssItem("1", "one") + rssItem("2", "a < b") + "</channel></rss>"))
	f.Add([]byte(`{"version":"https://jsonfeed.org/version/1","items":[{"id":"1","url":"u"},{}]}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		feed, errs, err := ReadFeed(data, "fuzz")
		if err != nil {
			return
		}
		for _, it := range feed.Items {
			if !strings.HasPrefix(it.Doc.Origin, "fuzz#item ") || it.Doc.Content == "" && it.Link == "" {
				t.Errorf("item %+v", it)
			}
			if it.Doc.Content == "" && !it.Summary {
				t.Errorf("empty item not a summary: %+v", it)
			}
		}
		for _, e := range errs {
			if e.Record < 1 || e.Err == nil {
				t.Errorf("error %+v", e)
			}
		}
		if feed.TTL < 0 {
			t.Errorf("ttl %v", feed.TTL)
		}
	})
}
