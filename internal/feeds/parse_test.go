package feeds

import (
	"bytes"
	"compress/gzip"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/storyline-news/storyline/internal/ingest"
	"github.com/storyline-news/storyline/internal/news"
)

var update = flag.Bool("update", false, "rewrite the golden files under testdata/golden")

// fixtures are the hand-written bodies under testdata that Parse reads.
var fixtures = []string{
	"rss-full.xml", "rss-description.xml", "rss-teaser.xml", "atom-summary.xml", "feed.json", "rdf.xml",
	"malformed-rss.xml", "news-sitemap.xml", "sitemap.xml", "sitemapindex.xml", "malformed-sitemap.xml",
	"latin1-sitemap.xml", "not-a-feed.html",
}

func readFixture(t testing.TB, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// goldenItem is what the golden files hold of an item: the fields Parse
// sets, without those other packages add to news.Document.
type goldenItem struct {
	SourceID, Origin, URL, Title, Published, Outlet, HintFrom, Source string
	Format                                                            news.Format
	Authors                                                           []string `json:",omitempty"`
	Content                                                           string   `json:",omitempty"`
	GUID, Link, Updated, Language                                     string
	Summary                                                           bool
	Keywords                                                          []string `json:",omitempty"`
}

type golden struct {
	Kind, Title, Link string
	TTL               string
	Items             []goldenItem
	Sitemaps          []Sitemap `json:",omitempty"`
	Errors            []string  `json:",omitempty"`
	Err               string    `json:",omitempty"`
}

func goldenOf(p *Parsed, errs []*ingest.Error, err error) golden {
	var g golden
	for _, e := range errs {
		g.Errors = append(g.Errors, e.Error())
	}
	if err != nil {
		g.Err = err.Error()
	}
	if p == nil {
		return g
	}
	g.Kind, g.Title, g.Link, g.TTL, g.Sitemaps = p.Kind, p.Title, p.Link, p.TTL.String(), p.Sitemaps
	for _, it := range p.Items {
		d := it.Doc
		g.Items = append(g.Items, goldenItem{
			SourceID: d.SourceID, Origin: d.Origin, URL: d.URL, Title: d.Title, Published: d.Published,
			Outlet: d.Outlet, HintFrom: d.HintFrom, Source: d.Source, Format: d.Format, Authors: d.Authors,
			Content: d.Content, GUID: it.GUID, Link: it.Link, Updated: it.Updated, Language: it.Language,
			Summary: it.Summary, Keywords: it.Keywords,
		})
	}
	return g
}

// TestParseGolden reads every fixture; go test -update rewrites the golden
// files, to be reviewed in the diff.
func TestParseGolden(t *testing.T) {
	for _, name := range fixtures {
		t.Run(name, func(t *testing.T) {
			var b bytes.Buffer
			enc := json.NewEncoder(&b)
			enc.SetEscapeHTML(false) // URLs hold "&"
			enc.SetIndent("", "  ")
			if err := enc.Encode(goldenOf(Parse(readFixture(t, name), name))); err != nil {
				t.Fatal(err)
			}
			got := b.Bytes()
			path := filepath.Join("testdata", "golden", name+".json")
			if *update {
				if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
					t.Fatal(err)
				}
				if err := os.WriteFile(path, got, 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			want, err := os.ReadFile(path)
			if err != nil {
				t.Fatalf("%v (run go test -update)", err)
			}
			if !bytes.Equal(got, want) {
				t.Errorf("%s differs from Parse's output:\n%s", path, got)
			}
		})
	}
}

// TestParse checks what the poller relies on in each fixture; the golden
// files hold the rest.
func TestParse(t *testing.T) {
	type item struct {
		url     string
		summary bool
		content bool // holds content
	}
	for _, tc := range []struct {
		name  string
		kind  string
		ttl   time.Duration
		items []item
		maps  []string
		errs  []string // prefixes, after "ingest NAME "
		err   string   // a part of err
	}{
		{name: "rss-full.xml", kind: KindRSS, ttl: time.Hour, items: []item{
			{"https://gazette.example.org/2024/03/04/evening-ferries/", false, true},
			{"https://gazette.example.org/2024/03/05/market-day/", false, true},
		}},
		{name: "rss-description.xml", kind: KindRSS, items: []item{
			{"https://courier.example.net/news/library-hours-4411", true, true},
			// Neither content nor description: the page is fetched.
			{"https://courier.example.net/news/bridge-4412", true, false},
		}},
		{name: "rss-teaser.xml", kind: KindRSS, ttl: 5 * time.Minute, items: []item{
			{"https://herald.example.com/a/storm-road", true, true},
		}},
		{name: "atom-summary.xml", kind: KindAtom, items: []item{
			{"https://quotidien.example.fr/2024/03/ferry", true, true},
			{"https://quotidien.example.fr/2024/03/quai", true, true},
		}},
		{name: "feed.json", kind: KindJSON, items: []item{
			{"https://json.example.org/2024/council-budget", true, true},
		}},
		{name: "rdf.xml", kind: KindRSS, items: []item{
			{"https://rdf.example.org/2024/tram", true, true},
		}},
		{name: "malformed-rss.xml", kind: KindRSS, items: []item{
			{"https://bugle.example.org/1", true, true},
			{"https://bugle.example.org/3", true, true},
		}, errs: []string{"record 2: feed item: "}},
		{name: "news-sitemap.xml", kind: KindSitemap, items: []item{
			{"https://gazette.example.org/2024/03/04/evening-ferries/", true, false},
			// A raw "&", which a strict XML decoder refuses.
			{"https://gazette.example.org/search?q=market&page=2", true, false},
		}, errs: []string{`record 2: loc "ftp://gazette.example.org/2024/03/archive.zip" is not an http or https URL`}},
		{name: "sitemap.xml", kind: KindSitemap, items: []item{
			{"https://courier.example.net/news/library-hours-4411", true, false},
			{"https://courier.example.net/news/bridge-4412", true, false},
		}, errs: []string{"record 3: url has no loc"}},
		{name: "sitemapindex.xml", kind: KindSitemapIndex, maps: []string{
			"https://gazette.example.org/sitemap-news.xml",
			"https://gazette.example.org/sitemap-2024-03.xml.gz",
			"https://gazette.example.org/sitemap-pages.xml",
		}, errs: []string{`record 3: loc "/sitemap-relative.xml" is not an http or https URL`}},
		{name: "malformed-sitemap.xml", kind: KindSitemap, items: []item{
			{"https://bugle.example.org/1", true, false},
			{"https://bugle.example.org/3", true, false},
		}, errs: []string{
			"record 2: XML syntax error on line 4: ",
			"record 4: XML syntax error on line 7: unexpected EOF",
		}},
		{name: "latin1-sitemap.xml", kind: KindSitemap, items: []item{
			{"https://quotidien.example.fr/2024/03/café", true, false},
		}},
		{name: "not-a-feed.html", err: "not-a-feed.html: an HTML page, not a feed"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			p, errs, err := Parse(readFixture(t, tc.name), tc.name)
			if tc.err != "" {
				if err == nil || !strings.Contains(err.Error(), tc.err) || p != nil {
					t.Fatalf("err %v, want %q; parsed %+v", err, tc.err, p)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if p.Kind != tc.kind || p.TTL != tc.ttl {
				t.Errorf("kind %q ttl %v, want %q %v", p.Kind, p.TTL, tc.kind, tc.ttl)
			}
			var got []item
			for _, it := range p.Items {
				got = append(got, item{it.Link, it.Summary, it.Doc.Content != ""})
				if it.Doc.URL != it.Link || it.Doc.Source != tc.name {
					t.Errorf("item %+v", it)
				}
			}
			if !reflect.DeepEqual(got, tc.items) {
				t.Errorf("items %+v\nwant  %+v", got, tc.items)
			}
			var maps []string
			for _, m := range p.Sitemaps {
				maps = append(maps, m.URL)
			}
			if !reflect.DeepEqual(maps, tc.maps) {
				t.Errorf("sitemaps %q, want %q", maps, tc.maps)
			}
			if len(errs) != len(tc.errs) {
				t.Fatalf("errors %v, want %q", errs, tc.errs)
			}
			for i, e := range errs {
				if w := "ingest " + tc.name + " " + tc.errs[i]; !strings.HasPrefix(e.Error(), w) {
					t.Errorf("error %q, want prefix %q", e, w)
				}
			}
		})
	}
}

func gz(b []byte) []byte {
	var buf bytes.Buffer
	w := gzip.NewWriter(&buf)
	_, _ = w.Write(b)
	_ = w.Close()
	return buf.Bytes()
}

// TestParseGzip: a .xml.gz body reads as its XML; nothing is decompressed
// beyond MaxBytes.
func TestParseGzip(t *testing.T) {
	for _, name := range []string{"news-sitemap.xml", "sitemapindex.xml", "rss-full.xml"} {
		data := readFixture(t, name)
		plain := goldenOf(Parse(data, name))
		zipped := goldenOf(Parse(gz(data), name))
		if !reflect.DeepEqual(plain, zipped) {
			t.Errorf("%s: gzip %+v\nplain %+v", name, zipped, plain)
		}
	}
	bomb := gz(make([]byte, MaxBytes+1))
	if _, _, err := Parse(bomb, "bomb.xml.gz"); err == nil || !strings.Contains(err.Error(), "decompressed") {
		t.Errorf("gzip bomb: %v", err)
	}
	cut := gz(readFixture(t, "sitemap.xml"))
	if _, _, err := Parse(cut[:len(cut)-10], "cut.xml.gz"); err == nil || !strings.Contains(err.Error(), "gzip") {
		t.Errorf("truncated gzip: %v", err)
	}
}

// TestParseRefused: bodies that are no feed.
func TestParseRefused(t *testing.T) {
	for _, tc := range []struct{ body, err string }{
		{"", "x: empty"},
		{" \n", "x: empty"},
		{"hello", "neither XML nor JSON"},
		{`{"error":"not found"}`, "a JSON document, not a JSON Feed"},
		{`{"version":"https://jsonfeed.org/version/1.1","items":[`, "feed: "},
		{`<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg"/>`, "XML root <svg> is neither a feed nor a sitemap"},
		{`<?xml version="1.0"?><!-- only a comment`, "no XML root element"},
		{"\x1f\x8bnot gzip", "gzip: "},
		{"\xef\xbb\xbf<html><body>x</body></html>", "an HTML page"},
		{string(make([]byte, MaxBytes+1)), "too large"},
		{`<?xml version="1.0" encoding="x-unknown"?><urlset/>`, `unknown encoding "x-unknown"`},
	} {
		p, _, err := Parse([]byte(tc.body), "x")
		if p != nil || err == nil || !strings.Contains(err.Error(), tc.err) {
			t.Errorf("%.40q: parsed %+v, err %v; want %q", tc.body, p, err, tc.err)
		}
		if _, ok := err.(*ingest.Error); err != nil && !ok {
			t.Errorf("%.40q: err %T, want *ingest.Error", tc.body, err)
		}
	}
}
