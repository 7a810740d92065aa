package watch

import (
	"bytes"
	"encoding/xml"
	"errors"
	"io"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/mmcdole/gofeed"
	"github.com/mmcdole/gofeed/atom"
)

func TestWriteAtomGolden(t *testing.T) {
	wl, hits := fixture()
	var buf bytes.Buffer
	if err := WriteAtom(&buf, testBase, wl, hits, time.Time{}); err != nil {
		t.Fatal(err)
	}
	out := buf.Bytes()
	golden(t, "feed.atom.golden", out)

	wellFormed(t, out)
	for _, bad := range []string{"<script", "]]>", "\x00", "\x01", "\x07", "\x1b", "\x7f", "\u0085", "javascript:"} {
		if bytes.Contains(out, []byte(bad)) {
			t.Errorf("feed contains %q", bad)
		}
	}
	if !utf8.Valid(out) {
		t.Error("feed is not valid UTF-8")
	}

	f, err := gofeed.NewParser().Parse(bytes.NewReader(out))
	if err != nil {
		t.Fatalf("gofeed: %v", err)
	}
	if f.FeedType != "atom" || f.FeedVersion != "1.0" {
		t.Errorf("feed type %s %s, want atom 1.0", f.FeedType, f.FeedVersion)
	}
	if want := "Storyline: Grain <deal> & ports"; f.Title != want {
		t.Errorf("feed title %q, want %q", f.Title, want)
	}
	if want := time.Date(2026, 3, 1, 9, 10, 0, 0, time.UTC); f.UpdatedParsed == nil || !f.UpdatedParsed.Equal(want) {
		t.Errorf("feed updated %v, want the newest hit's %v", f.UpdatedParsed, want)
	}
	if f.FeedLink != "http://127.0.0.1:8080/watchlists/7.atom" {
		t.Errorf("feed self link %q", f.FeedLink)
	}

	type want struct {
		id, title, link string
		published       time.Time
		updated         time.Time
		summary         string
	}
	wants := []want{
		{
			id:      "tag:storyline,2026:watch/7/hit/103",
			title:   "Ports reopen",
			link:    "http://127.0.0.1:8080/articles/312",
			updated: time.Date(2026, 3, 1, 9, 10, 0, 0, time.UTC),
		},
		{
			id:        "tag:storyline,2026:watch/7/hit/102",
			title:     "Maria Zakharova: “The corridor will stay open as long as the guarantees ]]> hold, and not one day…”",
			link:      "http://127.0.0.1:8080/articles/311",
			published: time.Date(2026, 3, 1, 6, 30, 0, 0, time.UTC),
			updated:   time.Date(2026, 3, 1, 9, 5, 0, 0, time.UTC),
			summary:   "“The corridor will stay open as long as the guarantees ]]> hold, and not one day longer than that.”\n\nQuoted in: Talks resume <script>alert(1)</script> — Example & Co. News",
		},
		{
			id:        "tag:storyline,2026:watch/7/hit/101",
			title:     "Talks resume <script>alert(1)</script> — Example & Co. News",
			link:      "http://127.0.0.1:8080/articles/311",
			published: time.Date(2026, 3, 1, 6, 30, 0, 0, time.UTC),
			updated:   time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC),
			summary:   "Ministers met in Istanbul]]> to revive the deal. Bad byte: \uFFFD.",
		},
	}
	if len(f.Items) != len(wants) {
		t.Fatalf("%d entries, want %d", len(f.Items), len(wants))
	}
	for i, w := range wants {
		it := f.Items[i]
		if it.GUID != w.id {
			t.Errorf("entry %d id %q, want %q", i, it.GUID, w.id)
		}
		if it.Title != w.title {
			t.Errorf("entry %d title %q, want %q", i, it.Title, w.title)
		}
		if it.Link != w.link {
			t.Errorf("entry %d link %q, want %q", i, it.Link, w.link)
		}
		if it.UpdatedParsed == nil || !it.UpdatedParsed.Equal(w.updated) {
			t.Errorf("entry %d updated %v, want %v", i, it.UpdatedParsed, w.updated)
		}
		// gofeed's universal item falls back to updated for an unknown
		// published date; the Atom parser below checks it is absent.
		if !w.published.IsZero() && (it.PublishedParsed == nil || !it.PublishedParsed.Equal(w.published)) {
			t.Errorf("entry %d published %v, want %v", i, it.PublishedParsed, w.published)
		}
		if it.Description != w.summary {
			t.Errorf("entry %d summary %q, want %q", i, it.Description, w.summary)
		}
	}

	// The universal parser keeps one link per entry; the Atom parser
	// shows their relations.
	af, err := (&atom.Parser{}).Parse(bytes.NewReader(out))
	if err != nil {
		t.Fatalf("gofeed atom: %v", err)
	}
	if len(af.Authors) != 1 || af.Authors[0].Name != "Storyline" {
		t.Errorf("feed authors %v", af.Authors)
	}
	if len(af.Links) != 1 || af.Links[0].Rel != "self" || af.Links[0].Type != "application/atom+xml" {
		t.Errorf("feed links %+v, want one self link of type application/atom+xml", af.Links)
	}
	rels := func(e *atom.Entry) string {
		var s []string
		for _, l := range e.Links {
			s = append(s, l.Rel+" "+l.Href)
		}
		return strings.Join(s, "; ")
	}
	wantRels := []string{
		"alternate http://127.0.0.1:8080/articles/312", // javascript: source dropped
		"alternate http://127.0.0.1:8080/articles/311; related https://example.com/grain?x=1&y=2",
		"alternate http://127.0.0.1:8080/articles/311; related https://example.com/grain?x=1&y=2",
	}
	for i, e := range af.Entries {
		if got := rels(e); got != wantRels[i] {
			t.Errorf("entry %d links %q, want %q", i, got, wantRels[i])
		}
		if got, want := e.Published != "", !wants[i].published.IsZero(); got != want {
			t.Errorf("entry %d published %q, want one: %t", i, e.Published, want)
		}
	}
}

// wellFormed fails t unless doc is a well-formed XML document.
func wellFormed(t testing.TB, doc []byte) {
	t.Helper()
	d := xml.NewDecoder(bytes.NewReader(doc))
	d.Strict = true
	for {
		_, err := d.Token()
		if errors.Is(err, io.EOF) {
			return
		}
		if err != nil {
			t.Fatalf("not well-formed XML: %v\n%s", err, doc)
		}
	}
}

func TestWriteAtomEmpty(t *testing.T) {
	wl := Watchlist{ID: 3, Storyline: 12, Created: time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)}
	var buf bytes.Buffer
	if err := WriteAtom(&buf, "https://news.example.org", wl, nil, time.Time{}); err != nil {
		t.Fatal(err)
	}
	wellFormed(t, buf.Bytes())
	f, err := gofeed.NewParser().Parse(&buf)
	if err != nil {
		t.Fatal(err)
	}
	if f.Title != "Storyline: storyline 12" || len(f.Items) != 0 {
		t.Errorf("title %q, %d items", f.Title, len(f.Items))
	}
	if f.UpdatedParsed == nil || !f.UpdatedParsed.Equal(wl.Created) {
		t.Errorf("updated %v, want the watchlist's creation %v", f.UpdatedParsed, wl.Created)
	}
}

func TestWriteAtomErrors(t *testing.T) {
	wl, hits := fixture()
	other := hits[0]
	other.Watch = 8
	odd := hits[0]
	odd.Kind = "comment"
	tests := []struct {
		name string
		base string
		hits []Hit
		want string
	}{
		{"relative base", "/", hits, "absolute"},
		{"base without scheme", "127.0.0.1:8080", hits, "base URL"},
		{"base with query", "http://h/?a=b", hits, "query"},
		{"hit of another watchlist", testBase, []Hit{hits[1], other}, "belongs to watchlist 8"},
		{"unknown kind", testBase, []Hit{odd}, `kind "comment"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var buf bytes.Buffer
			err := WriteAtom(&buf, tt.base, wl, tt.hits, time.Time{})
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("WriteAtom() = %v, want error containing %q", err, tt.want)
			}
			if buf.Len() != 0 {
				t.Errorf("WriteAtom wrote %d bytes before failing", buf.Len())
			}
		})
	}
}

func TestQuoteTitle(t *testing.T) {
	eighty := strings.Repeat("é", 80)
	tests := []struct {
		speaker, text, want string
	}{
		{"Maria Zakharova", "We will respond.", "Maria Zakharova: “We will respond.”"},
		{"Maria Zakharova", `"We will respond."`, "Maria Zakharova: “We will respond.”"},
		{"Maria Zakharova", "«Nous répondrons.»", "Maria Zakharova: “Nous répondrons.”"},
		{" Maria\nZakharova ", "We   will\n\nrespond.", "Maria Zakharova: “We will respond.”"},
		{"", "We will respond.", "“We will respond.”"},
		{"X", eighty, "X: “" + eighty + "”"},
		{"X", eighty + "ü", "X: “" + eighty + "…”"},
		{"X", strings.Repeat("a", 79) + " tail", "X: “" + strings.Repeat("a", 79) + "…”"},
	}
	for _, tt := range tests {
		if got := quoteTitle(Hit{Speaker: tt.speaker, Text: tt.text}); got != tt.want {
			t.Errorf("quoteTitle(%q, %q) = %q, want %q", tt.speaker, tt.text, got, tt.want)
		}
	}
}

// FuzzWriteAtom checks that no text, however hostile, makes the feed
// ill-formed or unreadable by gofeed, and that titles survive.
func FuzzWriteAtom(f *testing.F) {
	f.Add("Talks <b>resume</b>", "Outlet & Co", "Maria", "]]>\x00\xff", "https://example.com/a")
	f.Add("\ufffe\uffff", "\x85", "\u2028", "<![CDATA[x]]>", "javascript:alert(1)")
	f.Add("", "", "", "", "http://[::1]:80/%zz")
	f.Fuzz(func(t *testing.T, title, outlet, speaker, text, url string) {
		wl := Watchlist{ID: 1, Name: title, Entity: speaker}
		hits := []Hit{
			{ID: 1, Watch: 1, Kind: KindArticle, ArticleID: 1, Title: title, Outlet: outlet, URL: url, Text: text},
			{ID: 2, Watch: 1, Kind: KindQuote, ArticleID: 1, QuoteID: 1, Title: title, Outlet: outlet, URL: url, Speaker: speaker, Text: text},
		}
		var buf bytes.Buffer
		if err := WriteAtom(&buf, testBase, wl, hits, time.Unix(0, 0)); err != nil {
			t.Fatal(err)
		}
		wellFormed(t, buf.Bytes())
		feed, err := gofeed.NewParser().Parse(&buf)
		if err != nil {
			t.Fatalf("gofeed: %v", err)
		}
		if len(feed.Items) != 2 {
			t.Fatalf("%d items, want 2", len(feed.Items))
		}
		if want := articleTitle(hits[0]); strings.TrimSpace(feed.Items[1].Title) != want {
			t.Errorf("article title %q, want %q", feed.Items[1].Title, want)
		}
	})
}
