package ingest

import (
	"context"
	"io"
	"runtime"
	"strings"
	"testing"

	"github.com/storyline-news/storyline/internal/news"
)

// repeatReader yields chunk over and over, n bytes in all, without holding
// them: a large input that costs no disk.
type repeatReader struct {
	chunk []byte
	off   int
	n     int64
}

func (r *repeatReader) Read(p []byte) (int, error) {
	if r.n <= 0 {
		return 0, io.EOF
	}
	total := 0
	for total < len(p) && r.n > 0 {
		c := copy(p[total:min(len(p), total+int(min(r.n, int64(len(r.chunk)-r.off))))], r.chunk[r.off:])
		r.off = (r.off + c) % len(r.chunk)
		r.n -= int64(c)
		total += c
	}
	return total, nil
}

// TestLargeInputs reads 200 MB inputs: a text file is refused after
// MaxDocBytes without being read further, a JSONL file streams with the
// heap staying small.
func TestLargeInputs(t *testing.T) {
	if testing.Short() {
		t.Skip("reads 400 MB")
	}
	const size = 200 << 20

	var read int64
	var errs []string
	err := Scan(context.Background(), []string{"-"}, Options{
		Stdin:  &repeatReader{chunk: []byte("All work and no play. "), n: size},
		OnRead: func(n int64) { read += n },
	}, func(news.Document) error { t.Error("a 200 MB text became a document"); return nil },
		func(e *Error) { errs = append(errs, e.Error()) })
	if err != nil {
		t.Fatal(err)
	}
	if len(errs) != 1 || !strings.Contains(errs[0], "document too large") {
		t.Errorf("errors %q", errs)
	}
	if read > DefaultMaxDocBytes+1<<20 {
		t.Errorf("read %d bytes of a text refused at %d", read, DefaultMaxDocBytes)
	}

	runtime.GC() // drop the refused text
	line := `{"id": "x", "html": "<p>` + strings.Repeat("paragraph text ", 700) + `</p>"}` + "\n"
	var docs int
	var peak uint64
	var ms runtime.MemStats
	err = Scan(context.Background(), []string{"-"}, Options{
		Stdin: &repeatReader{chunk: []byte(line), n: int64(size / len(line) * len(line))},
	}, func(news.Document) error {
		docs++
		if docs%2000 == 0 {
			runtime.ReadMemStats(&ms)
			peak = max(peak, ms.HeapInuse)
		}
		return nil
	}, func(e *Error) { t.Error(e) })
	if err != nil {
		t.Fatal(err)
	}
	if docs != size/len(line) {
		t.Errorf("%d docs, want %d", docs, size/len(line))
	}
	if peak > 32<<20 {
		t.Errorf("heap reached %d MB streaming JSONL", peak>>20)
	}
	t.Logf("JSONL: %d docs, peak heap in use %.1f MB", docs, float64(peak)/(1<<20))
}
