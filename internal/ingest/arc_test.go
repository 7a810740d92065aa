package ingest

import (
	"fmt"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/storyline-news/storyline/internal/news"
)

// arcRec renders one ARC v1 record: its header line, then its content.
func arcRec(url, date, contentType string, content []byte) []byte {
	return []byte(fmt.Sprintf("%s 192.0.2.1 %s %s %d\n%s\n", url, date, contentType, len(content), content))
}

// arcFiledesc is the version block that opens an ARC v1 file.
func arcFiledesc(name string) []byte {
	return arcRec("filedesc://"+name, "20240301100000", "text/plain",
		[]byte("1 0 Test\nURL IP-address Archive-date Content-type Archive-length\n"))
}

// testARC is a small ARC: a page, a plain text, records to skip.
func testARC() [][]byte {
	return [][]byte{
		arcFiledesc("test.arc"),
		arcRec("dns:a.example.org", "20240301100001", "text/dns", []byte("20240301100001\na.example.org. 300 IN A 192.0.2.1\n")),
		arcRec("http://a.example.org/1", "20240301100002", "text/html", httpResponse("200 OK", []string{"Content-Type: text/html"}, []byte("<html><body><p>An ARC story.</p></body></html>"))),
		arcRec("http://a.example.org/logo.png", "20240301100003", "image/png", httpResponse("200 OK", []string{"Content-Type: image/png"}, []byte("\x89PNG\r\n\x1a\n"))),
		arcRec("http://a.example.org/gone", "20240301100004", "text/html", httpResponse("404 Not Found", []string{"Content-Type: text/html"}, []byte("<p>gone</p>"))),
		arcRec("http://a.example.org/notes.txt", "20240301100005", "text/plain", httpResponse("200 OK", []string{"Content-Type: text/plain; charset=utf-8"}, []byte("Plain notes from the archive."))),
		arcRec("file:///saved/page.html", "20240301100006", "text/html", []byte("<html><body><p>A saved file, no HTTP head.</p></body></html>")),
	}
}

// TestARC reads Internet Archive ARC files, plain and per-record gzip.
func TestARC(t *testing.T) {
	recs := testARC()
	plain := cat(recs...)
	var zipped []byte
	for _, r := range recs {
		zipped = append(zipped, gz(r)...)
	}
	damaged := cat(gz(recs[0]), gz(recs[2]), badCRC(gz(recs[5])), gz(recs[6]))
	broken := cat(recs[0], recs[2], []byte("not a header\nmore junk\n"), recs[5])
	wantTest := func(t *testing.T, r result, name string) {
		var got []string
		for _, d := range r.Docs {
			got = append(got, fmt.Sprintf("%s %s %s %s", filepath.Base(d.Origin), d.Format, d.URL, d.FetchedAt.Format(time.RFC3339)))
		}
		want := name + "#record 3 html http://a.example.org/1 2024-03-01T10:00:02Z," +
			name + "#record 6 text http://a.example.org/notes.txt 2024-03-01T10:00:05Z," +
			name + "#record 7 html file:///saved/page.html 2024-03-01T10:00:06Z"
		if strings.Join(got, ",") != want {
			t.Errorf("documents\n%s\nwant\n%s", strings.Join(got, ","), want)
		}
		if len(r.Docs) == 3 {
			if c := r.Docs[0].Content; c != "<html><body><p>An ARC story.</p></body></html>" {
				t.Errorf("HTTP head not stripped: %q", c)
			}
			if c := r.Docs[1].Content; c != "Plain notes from the archive." {
				t.Errorf("text record: %q", c)
			}
		}
		mustContain(t, "skips", r.Skips, "#record 1: arc filedesc", "#record 2: not html or text", "#record 4: not html or text", "#record 5: http status 404")
	}
	for _, tc := range []struct {
		name  string
		data  []byte // nil: name is a fixture in testdata/warcio
		check func(t *testing.T, r result, name string)
	}{
		{"example.arc", nil, func(t *testing.T, r result, name string) {
			if len(r.Docs) != 1 || len(r.Errors) != 0 {
				t.Fatalf("docs %d, errors %q", len(r.Docs), r.Errors)
			}
			d := r.Docs[0]
			if d.URL != "http://example.com/" || !d.FetchedAt.Equal(time.Date(2014, 2, 16, 5, 2, 21, 0, time.UTC)) ||
				d.Format != news.FormatHTML || !strings.HasSuffix(d.Origin, name+"#record 2") || d.SourceID == "" {
				t.Errorf("doc %+v", d)
			}
			if !strings.HasPrefix(d.Content, "<!doctype html>") || !strings.Contains(d.Content, "<title>Example Domain</title>") {
				t.Errorf("content %.80q", d.Content)
			}
			mustContain(t, "skips", r.Skips, name+"#record 1: arc filedesc")
		}},
		{"example.arc.gz", nil, nil},
		{"example-space-in-url.arc", nil, func(t *testing.T, r result, name string) {
			// The fixture's record is 12 bytes shorter than its length.
			if len(r.Docs) != 0 || len(r.Errors) != 1 || !strings.Contains(r.Errors[0], name+" record 2: record truncated") {
				t.Errorf("got %+v", r)
			}
		}},
		{"space.arc", cat(arcFiledesc("space.arc"), arcRec("http://a.example.org/q?t=Two Words&x=1", "20240301100002", "text/html", []byte("<p>Spaced.</p>"))), func(t *testing.T, r result, name string) {
			if len(r.Docs) != 1 || r.Docs[0].URL != "http://a.example.org/q?t=Two Words&x=1" || r.Docs[0].Content != "<p>Spaced.</p>" {
				t.Errorf("got %+v", r)
			}
		}},
		{"v2.arc", cat(
			[]byte("filedesc://v2.arc 0.0.0.0 20240301100000 text/plain 200 - - 0 v2.arc 15\n2 0 Test crawl\n\n"),
			[]byte("http://a.example.org/v2 192.0.2.1 20240301100002 text/html 200 ABCDEF - 0 v2.arc 16\n<p>Version 2</p>\n")),
			func(t *testing.T, r result, name string) {
				if len(r.Docs) != 1 || r.Docs[0].URL != "http://a.example.org/v2" || r.Docs[0].Content != "<p>Version 2</p>" || len(r.Errors) != 0 {
					t.Errorf("got %+v", r)
				}
			}},
		{"bad.arc", nil, func(t *testing.T, r result, name string) {
			if len(r.Docs) != 0 || len(r.Errors) == 0 {
				t.Errorf("got %+v", r)
			}
			mustContain(t, "errors", r.Errors, name+" record 1: ")
		}},
		{"test.arc", plain, wantTest},
		{"test.arc.gz", zipped, wantTest},
		{"damaged.arc.gz", damaged, func(t *testing.T, r result, name string) {
			var got []string
			for _, d := range r.Docs {
				got = append(got, filepath.Base(d.Origin))
			}
			if strings.Join(got, ",") != name+"#record 2,"+name+"#record 4" {
				t.Errorf("documents %q", got)
			}
			if len(r.Errors) != 1 || !strings.Contains(r.Errors[0], name+" record 3: gzip data damaged at byte ") {
				t.Errorf("errors %q", r.Errors)
			}
		}},
		{"broken.arc", broken, func(t *testing.T, r result, name string) {
			var got []string
			for _, d := range r.Docs {
				got = append(got, filepath.Base(d.Origin))
			}
			if strings.Join(got, ",") != name+"#record 2,"+name+"#record 4" {
				t.Errorf("no resync: documents %q", got)
			}
			if len(r.Errors) != 1 || !strings.Contains(r.Errors[0], name+" record 3: no ARC record header") {
				t.Errorf("errors %q", r.Errors)
			}
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			p := filepath.Join("testdata", "warcio", tc.name)
			if tc.data != nil {
				p = write(t, t.TempDir(), tc.name, tc.data)
			}
			r := scanAll(t, []string{p}, Options{})
			for _, d := range r.Docs {
				checkDoc(t, d)
			}
			check := tc.check
			if check == nil { // the same as the plain file
				check = func(t *testing.T, r result, name string) {
					if len(r.Docs) != 1 || len(r.Errors) != 0 || r.Docs[0].URL != "http://example.com/" || !strings.Contains(r.Docs[0].Content, "Example Domain") {
						t.Errorf("got %+v", r)
					}
				}
			}
			check(t, r, tc.name)
		})
	}
}
