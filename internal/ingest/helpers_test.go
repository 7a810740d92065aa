package ingest

import (
	"bytes"
	"compress/gzip"
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/storyline-news/storyline/internal/news"
)

// result is what one Scan produced, in a form fit for golden files.
type result struct {
	Docs   []news.Document `json:"docs"`
	Errors []string        `json:"errors"`
	Skips  []string        `json:"skips,omitempty"`
}

// scanAll runs Scan and collects everything it reports.
func scanAll(t testing.TB, paths []string, opt Options) result {
	t.Helper()
	var r result
	opt.OnSkip = func(origin, reason string) { r.Skips = append(r.Skips, origin+": "+reason) }
	err := Scan(context.Background(), paths, opt, func(d news.Document) error {
		r.Docs = append(r.Docs, d)
		return nil
	}, func(e *Error) {
		if e.Err == nil {
			t.Errorf("Error without Err: %+v", e)
		}
		r.Errors = append(r.Errors, e.Error())
	})
	if err != nil {
		t.Fatalf("Scan: %v", err)
	}
	return r
}

// gz compresses b as one gzip member.
func gz(b []byte) []byte {
	var buf bytes.Buffer
	w := gzip.NewWriter(&buf)
	_, _ = w.Write(b)
	_ = w.Close()
	return buf.Bytes()
}

// warcRec describes one WARC record for warcBytes.
type warcRec struct {
	typ, uri, contentType string
	block                 []byte
	header                string // replaces the generated header fields when set
}

// warcRecords renders records as WARC/1.1, one []byte per record.
func warcRecords(recs []warcRec) [][]byte {
	var out [][]byte
	for i, r := range recs {
		var b bytes.Buffer
		b.WriteString("WARC/1.1\r\n")
		if r.header != "" {
			b.WriteString(r.header)
		} else {
			fmt.Fprintf(&b, "WARC-Type: %s\r\n", r.typ)
			fmt.Fprintf(&b, "WARC-Record-ID: <urn:uuid:00000000-0000-0000-0000-%012d>\r\n", i+1)
			fmt.Fprintf(&b, "WARC-Date: 2024-03-0%dT10:00:00Z\r\n", i%9+1)
			if r.uri != "" {
				fmt.Fprintf(&b, "WARC-Target-URI: %s\r\n", r.uri)
			}
			if r.contentType != "" {
				fmt.Fprintf(&b, "Content-Type: %s\r\n", r.contentType)
			}
			fmt.Fprintf(&b, "Content-Length: %d\r\n", len(r.block))
		}
		b.WriteString("\r\n")
		b.Write(r.block)
		b.WriteString("\r\n\r\n")
		out = append(out, b.Bytes())
	}
	return out
}

// httpResponse renders an HTTP response with the given header lines.
func httpResponse(status string, header []string, body []byte) []byte {
	var b bytes.Buffer
	b.WriteString("HTTP/1.1 " + status + "\r\n")
	for _, h := range header {
		b.WriteString(h + "\r\n")
	}
	b.WriteString("\r\n")
	b.Write(body)
	return b.Bytes()
}

// chunked encodes body with HTTP chunked transfer encoding.
func chunked(body []byte, size int) []byte {
	var b bytes.Buffer
	for len(body) > 0 {
		n := min(size, len(body))
		fmt.Fprintf(&b, "%x\r\n", n)
		b.Write(body[:n])
		b.WriteString("\r\n")
		body = body[n:]
	}
	b.WriteString("0\r\n\r\n")
	return b.Bytes()
}

const httpMsg = "application/http; msgtype=response"

// testWARC is a small crawl: pages to keep, records to skip, and faults.
func testWARC() [][]byte {
	page := []byte("<!doctype html><html><head><title>Kept page</title></head><body><p>Main story text.</p></body></html>")
	zipped := chunked(gz([]byte("<html><body><p>Chunked and compressed story.</p></body></html>")), 16)
	latin1 := []byte("<html><body><p>Caf\xe9 owners protest na\xefve rules.</p></body></html>")
	return warcRecords([]warcRec{
		{typ: "warcinfo", contentType: "application/warc-fields", block: []byte("software: test\r\n")},
		{typ: "request", uri: "https://a.example.org/1", contentType: "application/http; msgtype=request", block: []byte("GET /1 HTTP/1.1\r\nHost: a.example.org\r\n\r\n")},
		{typ: "response", uri: "https://a.example.org/1", contentType: httpMsg, block: httpResponse("200 OK", []string{"Content-Type: text/html; charset=utf-8"}, page)},
		{typ: "metadata", uri: "https://a.example.org/1", contentType: "application/warc-fields", block: []byte("fetchTimeMs: 12\r\n")},
		{typ: "response", uri: "https://a.example.org/missing", contentType: httpMsg, block: httpResponse("404 Not Found", []string{"Content-Type: text/html"}, []byte("<html><body>Not found</body></html>"))},
		{typ: "response", uri: "https://a.example.org/logo.png", contentType: httpMsg, block: httpResponse("200 OK", []string{"Content-Type: image/png"}, []byte("\x89PNG\r\n\x1a\n\x00\x00"))},
		{typ: "response", uri: "https://a.example.org/2", contentType: httpMsg, block: httpResponse("200 OK", []string{"Content-Type: text/html", "Transfer-Encoding: chunked", "Content-Encoding: gzip"}, zipped)},
		{typ: "response", uri: "https://a.example.org/3", contentType: httpMsg, block: httpResponse("200 OK", []string{"Content-Type: text/html; charset=ISO-8859-1"}, latin1)},
		{header: "WARC-Type: response\r\nWARC-Target-URI: https://a.example.org/no-length\r\n", block: []byte("HTTP/1.1 200 OK\r\n\r\n<html>lost</html>")},
		{typ: "resource", uri: "file:///saved/page.html", contentType: "text/html", block: []byte("<html><body><p>A saved resource page.</p></body></html>")},
		{typ: "response", uri: "https://a.example.org/br", contentType: httpMsg, block: httpResponse("200 OK", []string{"Content-Type: text/html", "Content-Encoding: br"}, []byte("\x1b\x2c\x00\xf8\xa5\x80"))},
		{typ: "revisit", uri: "https://a.example.org/1", contentType: httpMsg, block: []byte("HTTP/1.1 200 OK\r\n\r\n")},
		{typ: "response", uri: "https://a.example.org/untyped", contentType: httpMsg, block: httpResponse("200 OK", nil, []byte("<!DOCTYPE html><p>No content type given.</p>"))},
	})
}

// mustContain fails unless every want is a substring of one of got.
func mustContain(t *testing.T, what string, got []string, want ...string) {
	t.Helper()
	for _, w := range want {
		found := false
		for _, g := range got {
			if strings.Contains(g, w) {
				found = true
				break
			}
		}
		if !found {
			t.Errorf("%s: none of %q contains %q", what, got, w)
		}
	}
}
