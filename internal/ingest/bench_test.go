package ingest

import (
	"bytes"
	"compress/gzip"
	"context"
	"fmt"
	"io"
	"strings"
	"testing"

	"github.com/storyline-news/storyline/internal/news"
)

// benchJSONL builds n JSONL lines of saved pages of about size bytes each,
// like the shared extraction data.
func benchJSONL(n, size int) []byte {
	para := "<p>The council voted on Monday to extend the ferry service, a spokesperson said. Caf\u00e9 \"quoted\" text &amp; more.</p>\n"
	page := "<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>Story</title></head><body>" +
		strings.Repeat(para, size/len(para)+1) + "</body></html>"
	var b bytes.Buffer
	for i := range n {
		fmt.Fprintf(&b, `{"id": "page-%d", "url": "https://news.example.org/%d", "encoding": "utf-8", "html": %q}`+"\n", i, i, page)
	}
	return b.Bytes()
}

// benchScan scans data as stdin; throughput is counted on size, the
// uncompressed size, so that compressed and plain runs compare.
func benchScan(b *testing.B, data []byte, size int) {
	b.SetBytes(int64(size))
	b.ReportAllocs()
	for b.Loop() {
		docs := 0
		err := Scan(context.Background(), []string{"-"}, Options{Stdin: bytes.NewReader(data)},
			func(news.Document) error { docs++; return nil },
			func(e *Error) { b.Fatal(e) })
		if err != nil || docs == 0 {
			b.Fatalf("docs=%d err=%v", docs, err)
		}
	}
}

// BenchmarkScanJSONL reads 32 MB of JSONL with 200 KB lines.
func BenchmarkScanJSONL(b *testing.B) {
	data := benchJSONL(160, 200<<10)
	benchScan(b, data, len(data))
}

// BenchmarkScanJSONLGzip reads the same, gzip-compressed.
func BenchmarkScanJSONLGzip(b *testing.B) {
	data := benchJSONL(160, 200<<10)
	benchScan(b, gz(data), len(data))
}

// BenchmarkScanWARCGzip reads a per-record gzip WARC of 1000 records.
func BenchmarkScanWARCGzip(b *testing.B) {
	var z []byte
	for range 1000 / len(testWARC()) {
		for _, rec := range testWARC() {
			z = append(z, gz(rec)...)
		}
	}
	data := z
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	for b.Loop() {
		docs := 0
		err := Scan(context.Background(), []string{"-"}, Options{Stdin: bytes.NewReader(data)},
			func(news.Document) error { docs++; return nil }, nil)
		if err != nil || docs == 0 {
			b.Fatalf("docs=%d err=%v", docs, err)
		}
	}
}

// BenchmarkSniff measures detection on a page head.
func BenchmarkSniff(b *testing.B) {
	head := []byte(`<?xml version="1.0" encoding="utf-8"?><!-- generated --><!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Strict//EN"><html>` + strings.Repeat("<meta name=x content=y>", 300))
	head = head[:min(len(head), sniffLen)]
	b.SetBytes(int64(len(head)))
	for b.Loop() {
		if k, _ := sniff(head, ""); k != kindHTML {
			b.Fatal(k)
		}
	}
}

// BenchmarkBaselineGunzip only decompresses the data of
// BenchmarkScanJSONLGzip: the ratio of the two is the cost of reading JSONL
// on top of decompression.
func BenchmarkBaselineGunzip(b *testing.B) {
	data := benchJSONL(160, 200<<10)
	z := gz(data)
	b.SetBytes(int64(len(data)))
	for b.Loop() {
		r, err := gzip.NewReader(bytes.NewReader(z))
		if err != nil {
			b.Fatal(err)
		}
		if n, err := io.Copy(io.Discard, r); err != nil || n != int64(len(data)) {
			b.Fatal(n, err)
		}
	}
}
