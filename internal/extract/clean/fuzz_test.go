package clean

import (
	"strings"
	"testing"
	"time"
	"unicode/utf8"
)

// validStamp reports whether s is an RFC 3339 date or date-time.
func validStamp(s string) bool {
	if _, err := time.Parse("2006-01-02", s); err == nil {
		return true
	}
	_, err := time.Parse(time.RFC3339, s)
	return err == nil
}

func FuzzArticle(f *testing.F) {
	for _, s := range seedTexts(f) {
		f.Add(s, "")
	}
	f.Add("Title\n\nby A B via c - D *Friday, Dec 22 2017, 2:02am*\n\n[x](#) text [y](http://z)\n\n<http://a.b/c>", "https://x.example/2017/01/02/a")
	f.Add("x Thu, 12/28/2017 - 16:51 Permalink\n\ny\n\nIn reply to by z", "")
	f.Add("![](", "")
	f.Add("]([](](", "")
	f.Fuzz(func(t *testing.T, raw, url string) {
		r := Article(raw, Hints{URL: url, Published: raw, Title: url})
		for _, s := range []string{r.Title, r.Text, r.Outlet, r.URL, r.RepublishedBy} {
			if !utf8.ValidString(s) {
				t.Fatalf("invalid UTF-8 in result: %q", s)
			}
		}
		if r.Published != "" && !validStamp(r.Published) {
			t.Fatalf("Published %q is not RFC 3339", r.Published)
		}
		if (r.Published == "") != (r.PublishedFrom == "") {
			t.Fatalf("Published %q from %q", r.Published, r.PublishedFrom)
		}
		if strings.Contains(r.Text, "\n\n\n") {
			t.Fatalf("empty paragraph in %q", r.Text)
		}
		for _, c := range r.Comments {
			if c.Text != "" && strings.Contains(r.Text, c.Text) && len(c.Text) > 40 {
				t.Fatalf("comment text %q also in the article text", c.Text)
			}
		}
	})
}

func FuzzBody(f *testing.F) {
	for _, s := range seedTexts(f) {
		f.Add(s)
	}
	f.Add("a\n.\n\nRelated\n\nx ...")
	f.Fuzz(func(t *testing.T, text string) {
		body, _ := Body(text)
		if !utf8.ValidString(body) {
			t.Fatalf("invalid UTF-8: %q", body)
		}
		if len(body) > len(text)+len(text)/2+16 {
			t.Fatalf("body of %d bytes from %d", len(body), len(text))
		}
		again, _ := Body(body)
		if len(again) > len(body) {
			t.Fatalf("Body grew its own output: %q -> %q", body, again)
		}
	})
}

func FuzzDateFromText(f *testing.F) {
	for _, s := range []string{"Friday, Dec 22 2017, 2:02am", "13 December, 2017", "12/28/2017 - 16:51", "2017-12-13T10:00:00+01:00",
		"13. Dezember 2017 um 14:30 Uhr", "1er janvier 2018", "13 de diciembre de 2017", "05/06/2017", "31.02.2017", "1.2.3.4.5"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		d, ok := DateFromText(s)
		if ok != (d != "") {
			t.Fatalf("DateFromText(%q) = %q, %v", s, d, ok)
		}
		if ok && !validStamp(d) {
			t.Fatalf("DateFromText(%q) = %q, not RFC 3339", s, d)
		}
		if ok && (d[:4] < "1990" || d[:4] > "2099") {
			t.Fatalf("DateFromText(%q) = %q, implausible year", s, d)
		}
	})
}

func FuzzDateFromURL(f *testing.F) {
	for _, s := range []string{"https://a.b/2017/12/22/x", "https://a.b/20240124/x-1116345092.html", "https://a.b/~02-01-2022-x", "/2017/1/2"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		d, ok := DateFromURL(s)
		if ok && !validStamp(d) {
			t.Fatalf("DateFromURL(%q) = %q, not a date", s, d)
		}
	})
}
