package ingest

import (
	"bufio"
	"bytes"
	"context"
	"os"
	"path/filepath"
	"testing"

	"github.com/storyline-news/storyline/internal/news"
)

// fuzzMax keeps fuzzed documents small so that limits are reached often.
const fuzzMax = 4 << 10

// fuzzScanner returns a scanner that checks every document and error.
func fuzzScanner(t *testing.T) (*scanner, *int) {
	docs := 0
	s := newScanner(context.Background(), Options{MaxDocBytes: fuzzMax}, func(d news.Document) error {
		docs++
		checkDoc(t, d)
		// Decoding windows-1252 can triple the size; nothing more.
		if len(d.Content) > 3*fuzzMax {
			t.Errorf("%s: content of %d bytes over a limit of %d", d.Origin, len(d.Content), fuzzMax)
		}
		return nil
	}, func(e *Error) {
		if e.Err == nil || e.Input == "" {
			t.Errorf("incomplete error %+v", e)
		}
	})
	return s, &docs
}

// addFixtures seeds a fuzz corpus with the committed fixtures.
func addFixtures(f *testing.F, pattern string) {
	paths, _ := filepath.Glob(filepath.Join("testdata", "in", pattern))
	for _, p := range paths {
		if b, err := os.ReadFile(p); err == nil {
			f.Add(b)
		}
	}
}

func FuzzJSONL(f *testing.F) {
	addFixtures(f, "*.jsonl")
	f.Add([]byte(`{"id": "x", "html": "<p>\u00e9</p>", "authors": ["a", 1, null]}`))
	f.Add([]byte("{\"id\": \"x\", \"text\": \"caf\xe9\"}\n\n{"))
	f.Fuzz(func(t *testing.T, data []byte) {
		s, _ := fuzzScanner(t)
		in := &input{name: "fuzz.jsonl"}
		if err := s.readJSONL(in, bufio.NewReaderSize(bytes.NewReader(data), 64)); err != nil {
			t.Fatal(err)
		}
	})
}

func FuzzFeed(f *testing.F) {
	addFixtures(f, "*.xml")
	addFixtures(f, "*.json")
	f.Add([]byte(`<rss><channel><item><description>x</description></item></channel></rss>`))
	f.Add([]byte(rssHead + rssItem("1", "one") + rssItem("2", "a < b") + rssItem("3", "x <!-- open") + "</channel></rss>"))
	f.Add([]byte(`<feed xmlns="http://www.w3.org/2005/Atom"><entry><title type="html">a &lt;b&gt;</title><summary type="xhtml"><div>x</div></summary></entry><entry/><entry>`))
	f.Fuzz(func(t *testing.T, data []byte) {
		s, _ := fuzzScanner(t)
		in := &input{name: "fuzz.xml"}
		if err := s.readFeed(in, bufio.NewReader(bytes.NewReader(data))); err != nil {
			t.Fatal(err)
		}
	})
}

func FuzzWARC(f *testing.F) {
	recs := testWARC()
	f.Add(bytes.Join(recs, nil))
	f.Add(recs[2])
	f.Add(recs[6])
	f.Add([]byte("WARC/1.0\r\nContent-Length: 5\r\nWARC-Type: resource\r\nContent-Type: text/html\r\n\r\n<p>x\r\n\r\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		s, _ := fuzzScanner(t)
		in := &input{name: "fuzz.warc"}
		if err := s.readWARC(in, bufio.NewReaderSize(bytes.NewReader(data), 64)); err != nil {
			t.Fatal(err)
		}
	})
}

func FuzzARC(f *testing.F) {
	for _, name := range []string{"example.arc", "example-space-in-url.arc", "bad.arc"} {
		if b, err := os.ReadFile(filepath.Join("testdata", "warcio", name)); err == nil {
			f.Add(b)
		}
	}
	recs := testARC()
	f.Add(bytes.Join(recs, nil))
	f.Add(recs[2])
	f.Add([]byte("filedesc://v2.arc 0.0.0.0 20240301100000 text/plain 200 - - 0 v2.arc 15\n2 0 Test crawl\n\nhttp://x/ 1 20240301 text/html 200 - - 0 v2.arc 3\n<p>\n"))
	f.Add([]byte("filedesc://x 1 20240301 text/plain 99999999999999999999\nhttp://x/ 1 20240301 text/html 4\nHTTP"))
	f.Fuzz(func(t *testing.T, data []byte) {
		s, _ := fuzzScanner(t)
		in := &input{name: "fuzz.arc"}
		if err := s.readARC(in, bufio.NewReaderSize(bytes.NewReader(data), 64)); err != nil {
			t.Fatal(err)
		}
	})
}

// FuzzSniff runs the whole path from detection on: gzip, UTF-16, and every
// format reader behind them.
func FuzzSniff(f *testing.F) {
	addFixtures(f, "*")
	f.Add(gz([]byte(`{"id": "z", "text": "zipped"}`)))
	f.Add(gz(bytes.Join(testWARC()[:3], nil)))
	if b, err := os.ReadFile(filepath.Join("testdata", "warcio", "example.arc.gz")); err == nil {
		f.Add(b)
	}
	recs := testARC()
	f.Add(cat(gz(recs[0]), badCRC(gz(recs[2])), gz(recs[5])))
	f.Add(cat(gz(jsonLines("a", 2)), garbled(gz(jsonLines("b", 2)))))
	f.Add([]byte("\xff\xfe<\x00p\x00>\x00"))
	f.Add([]byte("<html><meta charset=gb2312>\xd6\xd0"))
	f.Fuzz(func(t *testing.T, data []byte) {
		s, _ := fuzzScanner(t)
		in := &input{name: "fuzz", hint: "fuzz"}
		if err := s.stream(in, bytes.NewReader(data), 0); err != nil {
			t.Fatal(err)
		}
	})
}
