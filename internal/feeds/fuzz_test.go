package feeds

import (
	"bytes"
	"strings"
	"testing"
)

// FuzzParse checks that no body panics Parse or breaks what the poller
// relies on: a known kind, sitemap urls that are web addresses, positioned
// errors.
func FuzzParse(f *testing.F) {
	for _, seed := range []string{
		`<rss><channel><ttl>9</ttl><item><link>https://a.example/</link></item><item/></channel></rss>`,
		`<feed xmlns="http://www.w3.org/2005/Atom"><entry><id>1</id><summary>s</summary></entry></feed>`,
		`{"version":"https://jsonfeed.org/version/1.1","items":[{"id":"1","url":"https://a.example/"}]}`,
		`<urlset xmlns:news="http://www.google.com/schemas/sitemap-news/0.9"><url><loc>https://a.example/</loc>` +
			`<news:news><news:title>t</news:title></news:news></url><url><loc>x</loc></url><url><loc>a < b</loc></url></urlset>`,
		`<sitemapindex><sitemap><loc>https://a.example/s.xml</loc><lastmod>2024-03</lastmod></sitemap><sitemap/></sitemapindex>`,
		`<?xml version="1.0" encoding="ISO-8859-1"?><urlset><url><loc>https://a.example/` + "\xe9" + `</loc></url>`,
		"<!DOCTYPE html><html></html>",
	} {
		f.Add([]byte(seed))
	}
	f.Add(gz([]byte(`<urlset><url><loc>https://a.example/</loc></url></urlset>`)))
	f.Fuzz(func(t *testing.T, data []byte) {
		p, errs, err := Parse(data, "fuzz")
		if err != nil {
			if p != nil {
				t.Errorf("parsed %+v with err %v", p, err)
			}
			return
		}
		switch p.Kind {
		case KindRSS, KindAtom, KindJSON:
		case KindSitemap, KindSitemapIndex:
			for _, it := range p.Items {
				if !isWebURL(it.Link) || !it.Summary || it.Doc.URL != it.Link || !strings.HasPrefix(it.Doc.Origin, "fuzz#url ") {
					t.Errorf("sitemap item %+v", it)
				}
			}
			for _, m := range p.Sitemaps {
				if !isWebURL(m.URL) {
					t.Errorf("child sitemap %+v", m)
				}
			}
			if len(p.Items) > MaxSitemapEntries || len(p.Sitemaps) > MaxSitemapEntries {
				t.Errorf("%d items, %d sitemaps", len(p.Items), len(p.Sitemaps))
			}
		default:
			t.Errorf("kind %q", p.Kind)
		}
		for _, e := range errs {
			if e == nil || e.Err == nil || e.Input != "fuzz" {
				t.Errorf("error %+v", e)
			}
		}
	})
}

// FuzzReadOPML checks that no file panics ReadOPML, and that what it reads
// is written and read back unchanged.
func FuzzReadOPML(f *testing.F) {
	for _, seed := range []string{
		`<opml><body><outline text="a"><outline type="rss" xmlUrl="https://a.example/f" title="A"/></outline></body></opml>`,
		`<opml><body><outline xmlUrl="https://a.example/f?x=1&y=2" text="&lt;b&gt;"/><outline xmlUrl="ftp://b"/></body></opml>`,
		`<?xml version="1.0" encoding="windows-1252"?><opml><outline xmlurl="http://c.example/` + "\x80" + `"/></opml>`,
		`<opml><outline`,
	} {
		f.Add([]byte(seed))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		subs, err := ReadOPML(bytes.NewReader(data))
		if err != nil {
			return
		}
		for _, s := range subs {
			if !isWebURL(s.URL) {
				t.Errorf("subscription %+v", s)
			}
		}
		var b bytes.Buffer
		if err := WriteOPML(&b, "fuzz", subs); err != nil {
			t.Fatal(err)
		}
		back, err := ReadOPML(&b)
		if err != nil {
			t.Fatalf("reading back %q: %v", b.String(), err)
		}
		if len(back) != len(subs) {
			t.Fatalf("read back %d subscriptions of %d:\n%s", len(back), len(subs), b.String())
		}
		for i := range subs {
			want := subs[i]
			if want.Title == "" {
				want.Title = want.URL // written as the outline's text
			}
			if back[i] != want {
				t.Errorf("read back %+v, want %+v", back[i], want)
			}
		}
	})
}
