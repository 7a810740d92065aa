package feeds

import (
	"fmt"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/storyline-news/storyline/internal/news"
)

// TestNewsSitemap: what a news sitemap states becomes the item's hints; a
// plain sitemap's lastmod is no publication date.
func TestNewsSitemap(t *testing.T) {
	p, _, err := Parse(readFixture(t, "news-sitemap.xml"), "https://gazette.example.org/news.xml")
	if err != nil {
		t.Fatal(err)
	}
	it := p.Items[0]
	want := news.Document{
		SourceID:  "https://gazette.example.org/2024/03/04/evening-ferries/",
		Origin:    "https://gazette.example.org/news.xml#url 1",
		URL:       "https://gazette.example.org/2024/03/04/evening-ferries/",
		Format:    news.FormatHTML,
		Title:     "Harbour council approves evening ferries",
		Published: "2024-03-04T09:15:00+01:00",
		Outlet:    "Example Gazette",
		HintFrom:  "sitemap",
		Source:    "https://gazette.example.org/news.xml",
	}
	if !reflect.DeepEqual(it.Doc, want) {
		t.Errorf("document %+v\nwant     %+v", it.Doc, want)
	}
	if it.Language != "en" || strings.Join(it.Keywords, "|") != "ferries|council|transport" || it.Updated != "2024-03-04T12:00:00+01:00" || it.GUID != "" {
		t.Errorf("item %+v", it)
	}
	if d := p.Items[1].Doc; d.Origin != "https://gazette.example.org/news.xml#url 3" || d.Title != "Market day moves to Thursday & stays" {
		t.Errorf("third url %+v", d)
	}

	p, _, err = Parse(readFixture(t, "sitemap.xml"), "s")
	if err != nil {
		t.Fatal(err)
	}
	if it := p.Items[1]; it.Doc.Published != "" || it.Updated != "2024-03-06T08:10:00Z" || it.Doc.Title != "" {
		t.Errorf("plain sitemap item %+v", it)
	}
}

func TestSitemapIndex(t *testing.T) {
	p, _, err := Parse(readFixture(t, "sitemapindex.xml"), "i")
	if err != nil {
		t.Fatal(err)
	}
	want := []Sitemap{
		{"https://gazette.example.org/sitemap-news.xml", time.Date(2024, 3, 7, 9, 0, 0, 0, time.UTC)},
		{"https://gazette.example.org/sitemap-2024-03.xml.gz", time.Date(2024, 3, 6, 0, 0, 0, 0, time.UTC)},
		{"https://gazette.example.org/sitemap-pages.xml", time.Time{}}, // "last tuesday"
	}
	if len(p.Sitemaps) != len(want) {
		t.Fatalf("sitemaps %+v", p.Sitemaps)
	}
	for i, w := range want {
		if g := p.Sitemaps[i]; g.URL != w.URL || !g.LastMod.Equal(w.LastMod) {
			t.Errorf("sitemap %d: %+v, want %+v", i+1, g, w)
		}
	}
}

// TestSitemapBounds: a hostile sitemap cannot make the poller fetch or
// parse without end.
func TestSitemapBounds(t *testing.T) {
	const head = `<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">`
	var b strings.Builder
	b.WriteString(head)
	for range MaxSitemapEntries + 10 {
		b.WriteString("<url><loc>https://x.example/</loc></url>")
	}
	b.WriteString("</urlset>")
	p, errs, err := Parse([]byte(b.String()), "many")
	if err != nil || len(p.Items) != MaxSitemapEntries || len(errs) != 1 ||
		!strings.Contains(errs[0].Error(), "record 50001: more than 50000 entries") {
		t.Errorf("%d items, errors %v, err %v", len(p.Items), errs, err)
	}

	b.Reset()
	b.WriteString(head)
	for range 2 * maxResyncs {
		b.WriteString("<url><loc>a < b</loc></url>\n")
	}
	b.WriteString("</urlset>")
	p, errs, err = Parse([]byte(b.String()), "broken")
	if err != nil || len(p.Items) != 0 || len(errs) != maxResyncs+2 ||
		!strings.Contains(errs[len(errs)-1].Error(), "more than 100 XML syntax errors") ||
		!strings.Contains(errs[maxResyncs].Error(), "record 101: XML syntax error on line 101: ") {
		t.Errorf("%d items, %d errors (%v), err %v", len(p.Items), len(errs), errs[len(errs)-1], err)
	}
}

// BenchmarkParseNewsSitemap reads a news sitemap of as many urls as the
// sitemap protocol allows.
func BenchmarkParseNewsSitemap(b *testing.B) {
	var s strings.Builder
	s.WriteString(`<?xml version="1.0" encoding="UTF-8"?>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">
`)
	for i := range MaxSitemapEntries {
		fmt.Fprintf(&s, `<url><loc>https://gazette.example.org/2024/%d/</loc><news:news><news:publication><news:name>Gazette</news:name>`+
			`<news:language>en</news:language></news:publication><news:publication_date>2024-03-07</news:publication_date>`+
			`<news:title>Story %d</news:title></news:news></url>`+"\n", i, i)
	}
	s.WriteString("</urlset>\n")
	data := []byte(s.String())
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	for b.Loop() {
		p, errs, err := Parse(data, "bench")
		if err != nil || len(errs) != 0 || len(p.Items) != MaxSitemapEntries {
			b.Fatal(err, errs)
		}
	}
}
