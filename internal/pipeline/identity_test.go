package pipeline_test

import (
	"testing"

	"github.com/storyline-news/storyline/internal/news"
	"github.com/storyline-news/storyline/internal/pipeline"
)

func TestNormalizeURL(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{"https://Example.COM/a/b?utm_source=tw&utm_medium=x", "https://example.com/a/b"},
		{"HTTPS://example.com:443/a#comments", "https://example.com/a"},
		{"http://example.com:80", "http://example.com/"},
		{"http://example.com:8080/x", "http://example.com:8080/x"},
		{"https://example.com/a?b=2&a=1&fbclid=z&gclid=y", "https://example.com/a?a=1&b=2"},
		{"https://user:pw@example.com/a", "https://example.com/a"},
		{"https://example.com/A/Path", "https://example.com/A/Path"}, // paths keep their case
		{"ftp://example.com/a", ""},
		{"javascript:alert(1)", ""},
		{"not a url", ""},
		{"", ""},
	} {
		if got := pipeline.NormalizeURL(c.in); got != c.want {
			t.Errorf("NormalizeURL(%q) = %q, want %q", c.in, got, c.want)
		}
	}
}

func TestIdentity(t *testing.T) {
	html := func(fetched, canonical string) (news.Document, *news.Article) {
		return news.Document{URL: fetched, Format: news.FormatHTML, SourceID: "r1", Source: "crawl.warc"},
			&news.Article{URL: canonical}
	}
	for _, c := range []struct {
		name string
		d    news.Document
		a    *news.Article
		want string
	}{
		{"canonical on its own site", news.Document{URL: "https://m.example.com/a?utm_source=x", Format: news.FormatHTML},
			&news.Article{URL: "https://www.example.com/a"}, "url:www.example.com/a"},
		{"canonical to another site is the copy's claim", news.Document{URL: "https://copier.example/a", Format: news.FormatHTML},
			&news.Article{URL: "https://original.example/a"}, "url:copier.example/a"},
		{"canonical to the front page is a template error", news.Document{URL: "https://example.com/story/1", Format: news.FormatHTML},
			&news.Article{URL: "https://example.com/"}, "url:example.com/story/1"},
		{"canonical without a fetched address", news.Document{Format: news.FormatHTML},
			&news.Article{URL: "https://example.com/a#x"}, "url:example.com/a"},
		{"a plain text's URL is not its address", news.Document{Format: news.FormatText, SourceID: "7", Source: "dump.jsonl"},
			&news.Article{URL: "https://example.com/mentioned"}, "id:dump.jsonl\x007"},
		{"http and https are one article", news.Document{URL: "http://example.com/a", Format: news.FormatText},
			&news.Article{}, "url:example.com/a"},
	} {
		if got := pipeline.Identity(c.d, c.a); got != c.want {
			t.Errorf("%s: Identity = %q, want %q", c.name, got, c.want)
		}
	}
	d, a := html("", "")
	if got := pipeline.Identity(d, a); got != "id:crawl.warc\x00r1" {
		t.Errorf("no address: %q", got)
	}
}
