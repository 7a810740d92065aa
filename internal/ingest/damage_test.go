package ingest

import (
	"bytes"
	"fmt"
	"path/filepath"
	"strings"
	"testing"
)

// badCRC returns a copy of a gzip member whose checksum no longer matches:
// the data inflates cleanly, only the trailer says it is not what was
// written.
func badCRC(m []byte) []byte {
	m = append([]byte(nil), m...)
	m[len(m)-8] ^= 0xff
	return m
}

// garbled returns a copy of a gzip member with bytes of its deflate data
// flipped, which inflate finds corrupt or the checksum refuses.
func garbled(m []byte) []byte {
	m = append([]byte(nil), m...)
	for j := 12; j < len(m)-8; j += 7 {
		m[j] ^= 0x55
	}
	return m
}

// jsonLines returns n JSONL documents with ids prefix1..prefixN.
func jsonLines(prefix string, n int) []byte {
	var b bytes.Buffer
	for i := 1; i <= n; i++ {
		fmt.Fprintf(&b, `{"id": "%s%d", "text": "%s"}`+"\n", prefix, i, strings.Repeat("story text ", 10))
	}
	return b.Bytes()
}

// TestDamagedGzip: no document may hold bytes of a gzip member that failed
// its checksum or was cut short; documents in intact members around it
// still come through.
func TestDamagedGzip(t *testing.T) {
	text := []byte(strings.Repeat("The council met on Monday. ", 40))
	txt := gz(text)
	jl := gz(jsonLines("a", 5))
	page := func(n int) []byte {
		return httpResponse("200 OK", []string{"Content-Type: text/html"}, []byte(fmt.Sprintf("<html><body><p>Story number %d, told at some length.</p></body></html>", n)))
	}
	three := warcRecords([]warcRec{
		{typ: "response", uri: "https://a.example.org/1", contentType: httpMsg, block: page(1)},
		{typ: "response", uri: "https://a.example.org/2", contentType: httpMsg, block: page(2)},
		{typ: "response", uri: "https://a.example.org/3", contentType: httpMsg, block: page(3)},
	})
	req := warcRecords([]warcRec{
		{typ: "response", uri: "https://a.example.org/1", contentType: httpMsg, block: page(1)},
		{typ: "request", uri: "https://a.example.org/2", contentType: "application/http; msgtype=request", block: []byte("GET /2 HTTP/1.1\r\n\r\n")},
		{typ: "response", uri: "https://a.example.org/3", contentType: httpMsg, block: page(3)},
	})
	for _, tc := range []struct {
		name    string
		data    []byte
		origins string   // the documents' origins in the directory, joined by ","
		errs    []string // each must be in one error, and there must be as many
	}{
		{"a.txt.gz", badCRC(txt), "", []string{"a.txt.gz: gzip data damaged at byte 0: gzip: invalid checksum"}},
		{"b.txt.gz", txt[:len(txt)-4], "", []string{"b.txt.gz: gzip data damaged at byte 0: truncated gzip stream"}},
		{"c.txt.gz", cat(gz(text[:500]), badCRC(gz(text[500:]))), "", []string{"c.txt.gz: gzip data damaged at byte "}},
		{"d.jsonl.gz", badCRC(jl), "", []string{"d.jsonl.gz line 1: gzip data damaged at byte 0: gzip: invalid checksum", "line 2: ", "line 3: ", "line 4: ", "d.jsonl.gz line 5: "}},
		{"e.jsonl.gz", jl[:len(jl)-12], "", []string{"e.jsonl.gz line 1: gzip data damaged at byte 0", "line 2: ", "line 3: ", "line 4: ", "e.jsonl.gz line 5: gzip data damaged at byte 0: truncated gzip stream"}},
		{"f.jsonl.gz", cat(gz(jsonLines("a", 2)), badCRC(gz(jsonLines("b", 2))), gz(jsonLines("c", 1))), "f.jsonl.gz:1,f.jsonl.gz:2,f.jsonl.gz:5", []string{"f.jsonl.gz line 3: gzip data damaged at byte ", "f.jsonl.gz line 4: "}},
		{"g.warc.gz", cat(gz(three[0]), badCRC(gz(three[1])), gz(three[2])), "g.warc.gz#record 1,g.warc.gz#record 3", []string{"g.warc.gz record 2: gzip data damaged at byte "}},
		{"h.warc.gz", cat(gz(three[0]), garbled(gz(three[1])), gz(three[2])), "h.warc.gz#record 1,h.warc.gz#record 3", []string{"h.warc.gz record 2: gzip data damaged at byte "}},
		{"i.warc.gz", cat(gz(three[0]), gz(three[1]), gz(three[2])[:40]), "i.warc.gz#record 1,i.warc.gz#record 2", []string{"i.warc.gz record 3: gzip data damaged at byte "}},
		{"j.warc.gz", cat(gz(req[0]), badCRC(gz(req[1])), gz(req[2])), "j.warc.gz#record 1,j.warc.gz#record 3", []string{"j.warc.gz record 2: gzip data damaged at byte "}},
		{"m.xml.gz", badCRC(gz([]byte(rssHead + rssItem("1", "one") + "</channel></rss>"))), "", []string{"m.xml.gz: gzip data damaged at byte 0: gzip: invalid checksum"}},
		{"l.warc.gz", gz(bytes.Join(three, nil))[:200], "", []string{"l.warc.gz record 1: gzip data damaged at byte 0"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			p := write(t, t.TempDir(), tc.name, tc.data)
			r := scanAll(t, []string{p}, Options{})
			var origins []string
			for _, d := range r.Docs {
				checkDoc(t, d)
				origins = append(origins, strings.TrimPrefix(d.Origin, filepath.Dir(p)+string(filepath.Separator)))
			}
			if got := strings.Join(origins, ","); got != tc.origins {
				t.Errorf("documents %q, want %q", got, tc.origins)
			}
			mustContain(t, "errors", r.Errors, tc.errs...)
			if len(r.Errors) != len(tc.errs) {
				t.Errorf("%d errors, want %d: %q", len(r.Errors), len(tc.errs), r.Errors)
			}
		})
	}
}
