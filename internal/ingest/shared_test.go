package ingest

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"context"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/storyline-news/storyline/internal/news"
)

// sharedData finds the shared data folder by walking up from the working
// directory to a directory holding shared/data; "" when there is none.
func sharedData() string {
	dir, err := os.Getwd()
	if err != nil {
		return ""
	}
	for {
		p := filepath.Join(dir, "shared", "data")
		if fi, err := os.Stat(p); err == nil && fi.IsDir() {
			return p
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return ""
		}
		dir = parent
	}
}

// countLines counts the non-blank lines of a possibly gzip-compressed file,
// independently of the reader under test.
func countLines(t *testing.T, path string) int {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var r io.Reader = f
	if strings.HasSuffix(path, ".gz") {
		z, err := gzip.NewReader(f)
		if err != nil {
			t.Fatal(err)
		}
		r = z
	}
	br := bufio.NewReaderSize(r, 1<<20)
	n, nonBlank := 0, false
	for {
		chunk, err := br.ReadSlice('\n')
		nonBlank = nonBlank || len(bytes.TrimSpace(chunk)) > 0
		if err == nil || err == io.EOF {
			if nonBlank {
				n++
			}
			nonBlank = false
		}
		if err != nil && err != bufio.ErrBufferFull {
			return n
		}
	}
}

// TestSharedData reads the project's shared JSONL data sets as they are:
// every line must become a document, with no error.
func TestSharedData(t *testing.T) {
	if testing.Short() {
		t.Skip("reads about 200 MB of shared data")
	}
	root := sharedData()
	if root == "" {
		t.Skip("no shared/data above the working directory")
	}
	for _, tc := range []struct {
		file   string
		format news.Format
	}{
		{"extraction-trafilatura/pages.jsonl.gz", news.FormatHTML},
		{"dates-htmldate/pages.jsonl.gz", news.FormatHTML},
		{"events-ecbplus/docs.jsonl", news.FormatText},
	} {
		t.Run(tc.file, func(t *testing.T) {
			path := filepath.Join(root, tc.file)
			if _, err := os.Stat(path); err != nil {
				t.Skipf("absent: %v", err)
			}
			want := countLines(t, path)
			var docs int
			ids := map[string]bool{}
			err := Scan(context.Background(), []string{path}, Options{}, func(d news.Document) error {
				docs++
				if d.Format != tc.format {
					t.Errorf("%s: format %q, want %q", d.Origin, d.Format, tc.format)
				}
				if ids[d.SourceID] {
					t.Errorf("%s: duplicate id %q", d.Origin, d.SourceID)
				}
				ids[d.SourceID] = true
				if !utf8.ValidString(d.Content) || strings.TrimSpace(d.Content) == "" {
					t.Errorf("%s: content empty or not UTF-8", d.Origin)
				}
				return nil
			}, func(e *Error) { t.Errorf("unexpected error: %v", e) })
			if err != nil {
				t.Fatal(err)
			}
			if docs != want || want == 0 {
				t.Errorf("%d documents from %d lines", docs, want)
			}
			t.Logf("%s: %d documents", tc.file, docs)
		})
	}
}
