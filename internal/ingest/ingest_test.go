package ingest

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/storyline-news/storyline/internal/news"
)

var update = flag.Bool("update", false, "rewrite golden files")

// write creates dir/name with data and returns its path.
func write(t *testing.T, dir, name string, data []byte) string {
	t.Helper()
	p := filepath.Join(dir, name)
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(p, data, 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

func read(t *testing.T, path string) []byte {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// TestFormats reads one input of each kind, checks what matters about it,
// and compares the whole output with a golden file.
func TestFormats(t *testing.T) {
	in := "testdata/in"
	cases := []struct {
		name  string
		paths func(t *testing.T, dir string) []string
		max   int64
		check func(t *testing.T, r result)
	}{
		{
			name:  "text",
			paths: func(*testing.T, string) []string { return []string{in + "/article.txt"} },
			check: func(t *testing.T, r result) {
				if len(r.Docs) != 1 || len(r.Errors) != 0 {
					t.Fatalf("got %d docs, errors %q", len(r.Docs), r.Errors)
				}
				d := r.Docs[0]
				if d.Format != news.FormatText || d.SourceID != "article.txt" || d.Origin != in+"/article.txt" {
					t.Errorf("doc = %+v", d)
				}
				if !strings.Contains(d.Content, "harbour council voted") {
					t.Errorf("content %q", d.Content)
				}
			},
		},
		{
			name: "text-bom-crlf",
			paths: func(t *testing.T, dir string) []string {
				return []string{write(t, dir, "bom.txt", []byte("\xEF\xBB\xBFFirst line\r\nSecond line\r\n"))}
			},
			check: func(t *testing.T, r result) {
				if len(r.Docs) != 1 || r.Docs[0].Content != "First line\r\nSecond line\r\n" {
					t.Errorf("BOM not dropped or content changed: %+v", r)
				}
			},
		},
		{
			name:  "html",
			paths: func(*testing.T, string) []string { return []string{in + "/page.html"} },
			check: func(t *testing.T, r result) {
				if len(r.Docs) != 1 || r.Docs[0].Format != news.FormatHTML || r.Docs[0].URL != "" {
					t.Fatalf("got %+v", r)
				}
				if !strings.Contains(r.Docs[0].Content, "city’s transport") {
					t.Errorf("UTF-8 not kept: %q", r.Docs[0].Content)
				}
			},
		},
		{
			name: "html-sniffed-no-extension",
			paths: func(t *testing.T, dir string) []string {
				return []string{write(t, dir, "saved-page", []byte("  \n<!DOCTYPE html>\n<p>Sniffed.</p>"))}
			},
			check: func(t *testing.T, r result) {
				if len(r.Docs) != 1 || r.Docs[0].Format != news.FormatHTML {
					t.Errorf("want one html doc, got %+v", r)
				}
			},
		},
		{
			name: "html-declared-latin1",
			paths: func(t *testing.T, dir string) []string {
				page := "<html><head><meta http-equiv=\"Content-Type\" content=\"text/html; charset=iso-8859-1\"></head><body>Caf\xe9 cr\xe8me \x93quoted\x94</body></html>"
				return []string{write(t, dir, "latin1.html", []byte(page))}
			},
			check: func(t *testing.T, r result) {
				// windows-1252 for iso-8859-1, as browsers do: 0x93/0x94 are quotes.
				if len(r.Docs) != 1 || !strings.Contains(r.Docs[0].Content, "Café crème “quoted”") {
					t.Errorf("got %+v", r)
				}
			},
		},
		{
			name: "html-late-meta-gb18030",
			paths: func(t *testing.T, dir string) []string {
				page := "<html><head>" + strings.Repeat("<!-- padding -->", 100) +
					"<meta charset=\"gb2312\"></head><body>\xd6\xd0\xce\xc4</body></html>"
				return []string{write(t, dir, "late.html", []byte(page))}
			},
			check: func(t *testing.T, r result) {
				if len(r.Docs) != 1 || !strings.Contains(r.Docs[0].Content, "中文") {
					t.Errorf("declaration past 1024 bytes not honoured: %+v", r.Docs)
				}
			},
		},
		{
			name: "html-undeclared-1252",
			paths: func(t *testing.T, dir string) []string {
				return []string{write(t, dir, "old.htm", []byte("<p>Na\xefve caf\xe9 \x96 dash</p>"))}
			},
			check: func(t *testing.T, r result) {
				if len(r.Docs) != 1 || r.Docs[0].Content != "<p>Naïve café – dash</p>" {
					t.Errorf("got %+v", r.Docs)
				}
			},
		},
		{
			name: "html-utf16",
			paths: func(t *testing.T, dir string) []string {
				s := "<html><body>Ünïcode page</body></html>"
				b := []byte{0xFF, 0xFE}
				for _, r := range s {
					b = append(b, byte(r), byte(r>>8))
				}
				return []string{write(t, dir, "utf16.html", b)}
			},
			check: func(t *testing.T, r result) {
				if len(r.Docs) != 1 || r.Docs[0].Content != "<html><body>Ünïcode page</body></html>" {
					t.Errorf("got %+v", r)
				}
			},
		},
		{
			name:  "jsonl",
			paths: func(*testing.T, string) []string { return []string{in + "/docs.jsonl", in + "/crlf.jsonl"} },
			check: func(t *testing.T, r result) {
				if len(r.Docs) != 5 {
					t.Fatalf("got %d docs, want 5", len(r.Docs))
				}
				d := r.Docs[0]
				if d.SourceID != "a1" || d.Origin != in+"/docs.jsonl:1" || d.Title != "First story" ||
					d.Published != "2024-03-04" || d.Outlet != "Example Gazette" || d.HintFrom != "jsonl" ||
					len(d.Authors) != 1 || d.URL != "https://news.example.org/a1" {
					t.Errorf("hints lost: %+v", d)
				}
				if got := r.Docs[1]; got.Format != news.FormatHTML || strings.Join(got.Authors, "|") != "Ann One|Bob Two" {
					t.Errorf("html line: %+v", got)
				}
				if r.Docs[2].SourceID != "7" || r.Docs[2].HintFrom != "" {
					t.Errorf("numeric id: %+v", r.Docs[2])
				}
				if r.Docs[4].Origin != in+"/crlf.jsonl:2" || r.Docs[4].Content != "No newline at the end." {
					t.Errorf("last line: %+v", r.Docs[4])
				}
				mustContain(t, "errors", r.Errors,
					"docs.jsonl line 4: bad JSON", `docs.jsonl line 5: missing "id"`,
					`line 6: missing "text" or "html"`, `line 7: "text" is not a string`,
					"line 8: not a JSON object", "line 10: empty")
				if len(r.Errors) != 6 {
					t.Errorf("%d errors, want 6: %q", len(r.Errors), r.Errors)
				}
			},
		},
		{
			name: "jsonl-gzip-no-extension",
			paths: func(t *testing.T, dir string) []string {
				return []string{write(t, dir, "docs", gz(read(t, in+"/docs.jsonl")))}
			},
			check: func(t *testing.T, r result) {
				if len(r.Docs) != 3 || len(r.Errors) != 6 || !strings.HasSuffix(r.Docs[0].Origin, "/docs:1") {
					t.Errorf("got %d docs, %d errors", len(r.Docs), len(r.Errors))
				}
			},
		},
		{
			name: "jsonl-long-line",
			paths: func(t *testing.T, dir string) []string {
				long := `{"id": "long", "text": "` + strings.Repeat("x", 300) + `"}`
				return []string{write(t, dir, "long.jsonl", []byte(`{"id": "s1", "text": "short"}`+"\n"+long+"\n"+`{"id": "s3", "text": "after"}`+"\n"))}
			},
			max: 200,
			check: func(t *testing.T, r result) {
				if len(r.Docs) != 2 || r.Docs[1].SourceID != "s3" || r.Docs[1].Origin[len(r.Docs[1].Origin)-2:] != ":3" {
					t.Errorf("line after a long one lost: %+v", r.Docs)
				}
				mustContain(t, "errors", r.Errors, "long.jsonl line 2: line longer than 200 bytes")
			},
		},
		{
			name: "jsonl-truncated-gzip",
			paths: func(t *testing.T, dir string) []string {
				var b bytes.Buffer
				for i := range 60 {
					b.WriteString(`{"id": "t` + string(rune('a'+i%26)) + `", "text": "` + strings.Repeat("lorem ipsum ", 20) + `"}` + "\n")
				}
				// Two members, the second cut short: none of its lines
				// may come through, even those before the cut.
				lines := bytes.SplitAfter(b.Bytes(), []byte("\n"))
				first, second := gz(bytes.Join(lines[:20], nil)), gz(bytes.Join(lines[20:], nil))
				return []string{write(t, dir, "cut.jsonl.gz", cat(first, second[:len(second)*2/3]))}
			},
			check: func(t *testing.T, r result) {
				if len(r.Docs) != 20 {
					t.Errorf("%d docs, want the 20 of the intact member", len(r.Docs))
				}
				if len(r.Errors) == 0 || !strings.Contains(r.Errors[0], "cut.jsonl.gz line 21: ") {
					t.Fatalf("errors %q", r.Errors)
				}
				for _, e := range r.Errors {
					if !strings.Contains(e, "cut.jsonl.gz line ") || !strings.Contains(e, "truncated gzip stream") {
						t.Errorf("error %q", e)
					}
				}
			},
		},
		{
			name:  "rss",
			paths: func(*testing.T, string) []string { return []string{in + "/rss.xml"} },
			check: func(t *testing.T, r result) {
				if len(r.Docs) != 2 {
					t.Fatalf("got %d docs", len(r.Docs))
				}
				d := r.Docs[0]
				if d.SourceID != "gazette-1001" || d.URL != "https://gazette.example.org/2024/03/ferry" ||
					d.Published != "2024-03-04T09:15:00+01:00" || d.Outlet != "Example Gazette – Local" ||
					d.HintFrom != "feed" || d.Title != "Ferry schedule approved" || len(d.Authors) != 1 ||
					!strings.HasPrefix(d.Content, "<p>The harbour council") {
					t.Errorf("full-content item: %+v", d)
				}
				if d := r.Docs[1]; d.SourceID != d.URL || !strings.Contains(d.Content, "<b>Thursday</b>") || d.Published != "2024-03-05T18:00:00Z" {
					t.Errorf("summary item: %+v", d)
				}
				mustContain(t, "errors", r.Errors, "rss.xml record 3: feed item has neither content nor summary")
			},
		},
		{
			name:  "atom",
			paths: func(*testing.T, string) []string { return []string{in + "/atom.xml"} },
			check: func(t *testing.T, r result) {
				if len(r.Docs) != 3 {
					t.Fatalf("got %d docs", len(r.Docs))
				}
				if d := r.Docs[0]; d.Published != "2024-03-05T08:30:00+01:00" || strings.Join(d.Authors, "|") != "Sam Writer|Lee Editor" || d.Content != "<p>The old river bridge reopened on Tuesday.</p>" {
					t.Errorf("entry 1: %+v", d)
				}
				if d := r.Docs[1]; d.Format != news.FormatText || d.Published != "" {
					t.Errorf("text entry (an update time is no publication date): %+v", d)
				}
				// An Atom summary of type html becomes plain text.
				if d := r.Docs[2]; d.Format != news.FormatText || d.Content != "Only a summary." || d.URL != "" {
					t.Errorf("summary entry: %+v", d)
				}
			},
		},
		{
			name:  "rdf-and-json-feed",
			paths: func(*testing.T, string) []string { return []string{in + "/rdf.xml", in + "/jsonfeed.json"} },
			check: func(t *testing.T, r result) {
				if len(r.Docs) != 2 || r.Docs[0].Title != "Library extends hours" || r.Docs[1].SourceID != "jf-1" {
					t.Errorf("got %+v", r)
				}
			},
		},
		{
			name:  "feed-broken",
			paths: func(*testing.T, string) []string { return []string{in + "/broken-feed.xml"} },
			check: func(t *testing.T, r result) {
				// Cut off inside its only item, which is read alone and
				// found to hold nothing.
				if len(r.Docs) != 0 || len(r.Errors) != 1 || !strings.HasPrefix(r.Errors[0], "ingest "+in+"/broken-feed.xml record 1: ") {
					t.Errorf("got %+v", r)
				}
			},
		},
		{
			name: "warc",
			paths: func(t *testing.T, dir string) []string {
				return []string{write(t, dir, "crawl.warc", bytes.Join(testWARC(), nil))}
			},
			check: checkTestWARC,
		},
		{
			name: "warc-gzip-per-record",
			paths: func(t *testing.T, dir string) []string {
				var z []byte
				for _, rec := range testWARC() {
					z = append(z, gz(rec)...)
				}
				return []string{write(t, dir, "crawl.warc.gz", z)}
			},
			check: checkTestWARC,
		},
		{
			name: "warc-gzip-damaged-member",
			paths: func(t *testing.T, dir string) []string {
				var z []byte
				for i, rec := range testWARC() {
					m := gz(rec)
					if i == 2 { // record 3, a kept page
						for j := 12; j < len(m)-8; j += 7 {
							m[j] ^= 0x55
						}
					}
					z = append(z, m...)
				}
				return []string{write(t, dir, "damaged.warc.gz", z)}
			},
			check: func(t *testing.T, r result) {
				if len(r.Docs) != 4 {
					t.Errorf("%d docs, want the 4 after the damaged record", len(r.Docs))
				}
				mustContain(t, "errors", r.Errors, "damaged.warc.gz record 3: gzip data damaged at byte ")
				// The offset must fall inside the third member.
				var at int
				for _, e := range r.Errors {
					if _, err := fmt.Sscanf(e[strings.Index(e, "at byte ")+len("at byte "):], "%d", &at); err == nil {
						break
					}
				}
				recs := testWARC()
				start := len(gz(recs[0])) + len(gz(recs[1]))
				if at < start || at > start+len(gz(recs[2])) {
					t.Errorf("damage reported at byte %d, the member spans %d-%d", at, start, start+len(gz(recs[2])))
				}
				for _, d := range r.Docs {
					if strings.HasSuffix(d.Origin, "#record 3") {
						t.Errorf("damaged record emitted: %+v", d)
					}
				}
			},
		},
		{
			name: "warc-gzip-truncated",
			paths: func(t *testing.T, dir string) []string {
				var z []byte
				for _, rec := range testWARC()[:8] {
					z = append(z, gz(rec)...)
				}
				return []string{write(t, dir, "cut.warc.gz", z[:len(z)-20])}
			},
			check: func(t *testing.T, r result) {
				if len(r.Docs) != 2 {
					t.Errorf("%d docs, want the 2 before the cut", len(r.Docs))
				}
				if len(r.Errors) != 1 || !strings.Contains(r.Errors[0], "cut.warc.gz record 8: ") || !strings.Contains(r.Errors[0], "truncated") {
					t.Errorf("errors %q", r.Errors)
				}
			},
		},
		{
			name: "warc-wrong-length-resync",
			paths: func(t *testing.T, dir string) []string {
				recs := testWARC()
				short := warcRecords([]warcRec{{
					header: "WARC-Type: response\r\nContent-Type: " + httpMsg + "\r\nContent-Length: 10\r\n",
					block:  httpResponse("200 OK", []string{"Content-Type: text/html"}, []byte("<p>Longer than its Content-Length says.</p>\nWARC/1.0 inside a line is no header\n")),
				}})[0]
				return []string{write(t, dir, "resync.warc", bytes.Join([][]byte{recs[0], short, recs[2], recs[6]}, nil))}
			},
			check: func(t *testing.T, r result) {
				if len(r.Docs) != 2 || !strings.HasSuffix(r.Docs[0].Origin, "#record 4") || !strings.HasSuffix(r.Docs[1].Origin, "#record 5") {
					t.Errorf("no resync: %+v", r.Docs)
				}
				if len(r.Errors) != 1 || !strings.Contains(r.Errors[0], "resync.warc record 3: no WARC record header") {
					t.Errorf("errors %q", r.Errors)
				}
			},
		},
		{
			name: "binary",
			paths: func(t *testing.T, dir string) []string {
				return []string{
					write(t, dir, "image.txt", []byte("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")),
					write(t, dir, "blob", []byte("abc\x00\x01\x02def")),
					write(t, dir, "doc.pdf", []byte("%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")),
				}
			},
			check: func(t *testing.T, r result) {
				if len(r.Docs) != 0 || len(r.Errors) != 3 {
					t.Fatalf("got %+v", r)
				}
				mustContain(t, "errors", r.Errors, "image.txt: binary file: a PNG image", "blob: binary file", "doc.pdf: binary file: a PDF file")
			},
		},
		{
			name: "invalid-utf8",
			paths: func(t *testing.T, dir string) []string {
				latin := strings.Repeat("Caf\xe9 na\xefve \xe0 la cr\xe8me. ", 20)
				stray := strings.Repeat("Plain UTF-8 text, café. ", 40) + "one stray \xff byte"
				return []string{write(t, dir, "latin1.txt", []byte(latin)), write(t, dir, "stray.txt", []byte(stray))}
			},
			check: func(t *testing.T, r result) {
				mustContain(t, "errors", r.Errors, "latin1.txt: not UTF-8 text")
				if len(r.Docs) != 1 || !strings.HasSuffix(r.Docs[0].Content, "one stray \uFFFD byte") {
					t.Errorf("stray byte not replaced: %+v", r.Docs)
				}
			},
		},
		{
			name: "empty",
			paths: func(t *testing.T, dir string) []string {
				return []string{write(t, dir, "empty.txt", nil), write(t, dir, "blank.txt", []byte(" \n\n\t\n")), write(t, dir, "empty.gz", gz(nil))}
			},
			check: func(t *testing.T, r result) {
				if len(r.Docs) != 0 || len(r.Errors) != 3 {
					t.Fatalf("got %+v", r)
				}
				for _, e := range r.Errors {
					if !strings.HasSuffix(e, ": empty") {
						t.Errorf("error %q", e)
					}
				}
			},
		},
		{
			name: "too-large",
			paths: func(t *testing.T, dir string) []string {
				return []string{
					write(t, dir, "big.txt", bytes.Repeat([]byte("word "), 100)),
					write(t, dir, "big.html", []byte("<html>"+strings.Repeat("x", 300)+"</html>")),
					write(t, dir, "bomb.txt.gz", gz(bytes.Repeat([]byte("a"), 1<<20))),
					write(t, dir, "small.txt", []byte("fits")),
				}
			},
			max: 256,
			check: func(t *testing.T, r result) {
				if len(r.Docs) != 1 || r.Docs[0].Content != "fits" {
					t.Errorf("docs %+v", r.Docs)
				}
				if len(r.Errors) != 3 {
					t.Errorf("errors %q", r.Errors)
				}
				for _, e := range r.Errors {
					if !strings.Contains(e, "document too large: more than 256 bytes") {
						t.Errorf("error %q", e)
					}
				}
			},
		},
		{
			name: "unreadable",
			paths: func(t *testing.T, dir string) []string {
				return []string{filepath.Join(dir, "does-not-exist.txt"), in + "/article.txt"}
			},
			check: func(t *testing.T, r result) {
				if len(r.Docs) != 1 || len(r.Errors) != 1 || !strings.Contains(r.Errors[0], "does-not-exist.txt: ") {
					t.Errorf("got %+v", r)
				}
			},
		},
		{
			name: "xml-not-a-feed",
			paths: func(t *testing.T, dir string) []string {
				return []string{write(t, dir, "sitemap.xml", []byte(`<?xml version="1.0"?><urlset><url><loc>https://x.example/</loc></url></urlset>`))}
			},
			check: func(t *testing.T, r result) {
				mustContain(t, "errors", r.Errors, "sitemap.xml: an XML document with root <urlset>")
			},
		},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			r := scanAll(t, tc.paths(t, dir), Options{MaxDocBytes: tc.max})
			for _, d := range r.Docs {
				checkDoc(t, d)
			}
			tc.check(t, r)
			golden(t, tc.name, dir, r)
		})
	}
}

// checkTestWARC checks what testWARC must give, plain or compressed.
func checkTestWARC(t *testing.T, r result) {
	t.Helper()
	var origins []string
	for _, d := range r.Docs {
		origins = append(origins, d.Origin[strings.LastIndex(d.Origin, "#"):])
	}
	if got := strings.Join(origins, ","); got != "#record 3,#record 7,#record 8,#record 10,#record 13" {
		t.Errorf("kept records %s", got)
	}
	if len(r.Docs) == 5 {
		d := r.Docs[0]
		if d.SourceID != "urn:uuid:00000000-0000-0000-0000-000000000003" || d.URL != "https://a.example.org/1" ||
			!d.FetchedAt.Equal(time.Date(2024, 3, 3, 10, 0, 0, 0, time.UTC)) || d.Format != news.FormatHTML || d.Published != "" {
			t.Errorf("record 3: %+v", d)
		}
		if !strings.Contains(r.Docs[1].Content, "Chunked and compressed story") {
			t.Errorf("chunked gzip payload: %q", r.Docs[1].Content)
		}
		if !strings.Contains(r.Docs[2].Content, "Café owners protest naïve rules") {
			t.Errorf("charset from HTTP header: %q", r.Docs[2].Content)
		}
	}
	if len(r.Errors) != 2 {
		t.Errorf("errors %q", r.Errors)
	}
	mustContain(t, "errors", r.Errors, "record 9: bad or missing Content-Length", `record 11: unsupported Content-Encoding "br"`)
	mustContain(t, "skips", r.Skips, "#record 1: warc warcinfo", "#record 2: warc request", "#record 4: warc metadata",
		"#record 5: http status 404", "#record 6: not html", "#record 12: warc revisit")
}

// checkDoc checks what every Document must satisfy.
func checkDoc(t testing.TB, d news.Document) {
	t.Helper()
	if d.Format != news.FormatText && d.Format != news.FormatHTML {
		t.Errorf("%s: format %q", d.Origin, d.Format)
	}
	if d.Origin == "" || d.SourceID == "" {
		t.Errorf("no origin or id: %+v", d)
	}
	if strings.TrimSpace(d.Content) == "" {
		t.Errorf("%s: empty content", d.Origin)
	}
	for _, s := range append([]string{d.Content, d.SourceID, d.URL, d.Title, d.Published, d.Outlet}, d.Authors...) {
		if !utf8.ValidString(s) {
			t.Errorf("%s: invalid UTF-8 in %q", d.Origin, s)
		}
	}
}

// golden compares r with testdata/golden/NAME.json, temporary paths
// replaced, or rewrites it under -update.
func golden(t *testing.T, name, dir string, r result) {
	t.Helper()
	b, err := json.MarshalIndent(r, "", "  ")
	if err != nil {
		t.Fatal(err)
	}
	b = bytes.ReplaceAll(b, []byte(dir), []byte("TMP"))
	b = append(b, '\n')
	path := filepath.Join("testdata", "golden", name+".json")
	if *update {
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, b, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run with -update to create it)", err)
	}
	if !bytes.Equal(b, want) {
		t.Errorf("output differs from %s (run with -update and review the diff):\n%s", path, b)
	}
}

// TestWalk checks directory order, hidden files, symbolic links and loops.
func TestWalk(t *testing.T) {
	dir := t.TempDir()
	write(t, dir, "b.txt", []byte("second"))
	write(t, dir, "a.txt", []byte("first"))
	write(t, dir, "c/a.txt", []byte("third"))
	write(t, dir, "c/.hidden.txt", []byte("hidden"))
	write(t, dir, ".git/config", []byte("hidden dir"))
	write(t, dir, "d.txt", []byte("fourth"))
	if err := os.Symlink("..", filepath.Join(dir, "c", "loop")); err != nil {
		t.Skip("no symbolic links:", err)
	}
	if err := os.Symlink("self", filepath.Join(dir, "self")); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink("a.txt", filepath.Join(dir, "e-link.txt")); err != nil {
		t.Fatal(err)
	}
	r := scanAll(t, []string{dir}, Options{})
	var got []string
	for _, d := range r.Docs {
		got = append(got, d.Content)
	}
	if strings.Join(got, ",") != "first,second,third,fourth,first" {
		t.Errorf("order %q", got)
	}
	if len(r.Errors) != 2 {
		t.Errorf("errors %q", r.Errors)
	}
	mustContain(t, "errors", r.Errors, "loop: symbolic link loop", "self: ")
	mustContain(t, "skips", r.Skips, ".hidden.txt: hidden", ".git: hidden")

	want := int64(len("second") + len("first") + len("third") + len("fourth") + len("first"))
	if got := Size([]string{dir, "-"}); got != want {
		t.Errorf("Size = %d, want %d", got, want)
	}
}

// TestStdinAndProgress reads "-" and checks that OnRead adds up to Size.
func TestStdinAndProgress(t *testing.T) {
	paths := []string{"-", "testdata/in/docs.jsonl", "testdata/in/article.txt"}
	var read int64
	var docs []news.Document
	err := Scan(context.Background(), paths, Options{
		Stdin:  strings.NewReader(`{"id": "from-stdin", "text": "piped"}`),
		OnRead: func(n int64) { read += n },
	}, func(d news.Document) error { docs = append(docs, d); return nil }, nil)
	if err != nil {
		t.Fatal(err)
	}
	if len(docs) != 5 || docs[0].Origin != "stdin:1" || docs[0].SourceID != "from-stdin" {
		t.Errorf("docs %+v", docs)
	}
	stdinLen := int64(len(`{"id": "from-stdin", "text": "piped"}`))
	if size := Size(paths); read != size+stdinLen {
		t.Errorf("OnRead total %d, want Size %d + stdin %d", read, size, stdinLen)
	}
}

// TestStop checks that cancellation and emit errors end the scan.
func TestStop(t *testing.T) {
	errStop := errors.New("store full")
	n := 0
	err := Scan(context.Background(), []string{"testdata/in/docs.jsonl"}, Options{}, func(news.Document) error {
		n++
		return errStop
	}, nil)
	if !errors.Is(err, errStop) || n != 1 || !strings.Contains(err.Error(), "docs.jsonl:1") {
		t.Errorf("emit error: n=%d err=%v", n, err)
	}

	ctx, cancel := context.WithCancel(context.Background())
	n = 0
	var fails int
	err = Scan(ctx, []string{"testdata/in"}, Options{}, func(news.Document) error {
		n++
		if n == 2 {
			cancel()
		}
		return nil
	}, func(*Error) { fails++ })
	if !errors.Is(err, context.Canceled) || n != 2 || fails != 0 {
		t.Errorf("cancel: n=%d fails=%d err=%v", n, fails, err)
	}
}

func TestErrorFormat(t *testing.T) {
	for _, tc := range []struct {
		e    Error
		want string
	}{
		{Error{Input: "data/x.jsonl.gz", Line: 12, Err: errors.New(`missing "id"`)}, `ingest data/x.jsonl.gz line 12: missing "id"`},
		{Error{Input: "a.warc.gz", Record: 3, Err: errors.New("bad")}, "ingest a.warc.gz record 3: bad"},
		{Error{Input: "a.txt", Err: errors.New("empty")}, "ingest a.txt: empty"},
	} {
		if got := tc.e.Error(); got != tc.want {
			t.Errorf("got %q, want %q", got, tc.want)
		}
	}
	inner := errors.New("inner")
	if !errors.Is(&Error{Err: inner}, inner) {
		t.Error("Unwrap")
	}
}

// TestPrettyJSONOnce: a pretty-printed JSON object is one clear error, not
// one for each of its lines; a JSONL file whose first line is broken keeps
// its other lines.
func TestPrettyJSONOnce(t *testing.T) {
	dir := t.TempDir()
	pretty := filepath.Join(dir, "pretty.json")
	os.WriteFile(pretty, []byte("{\n  \"id\": \"x\",\n  \"text\": \"hello\"\n}\n"), 0o644)
	broken := filepath.Join(dir, "broken.jsonl")
	os.WriteFile(broken, []byte("{\"id\": \"a\", \"te\n{\"id\": \"b\", \"text\": \"fine\"}\n"), 0o644)
	var docs []string
	var errs []string
	err := Scan(context.Background(), []string{pretty, broken}, Options{},
		func(d news.Document) error { docs = append(docs, d.SourceID); return nil },
		func(e *Error) { errs = append(errs, e.Error()) })
	if err != nil {
		t.Fatal(err)
	}
	if len(docs) != 1 || docs[0] != "b" {
		t.Errorf("documents %v, want [b]", docs)
	}
	if len(errs) != 2 || !strings.Contains(errs[0], "spread over several lines") {
		t.Errorf("errors %q", errs)
	}
}
