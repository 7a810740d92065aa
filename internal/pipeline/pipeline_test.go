package pipeline_test

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/storyline-news/storyline/internal/extract"
	"github.com/storyline-news/storyline/internal/news"
	"github.com/storyline-news/storyline/internal/pipeline"
	"github.com/storyline-news/storyline/internal/store"
	"github.com/storyline-news/storyline/internal/store/sqlite"
	"github.com/storyline-news/storyline/internal/synth"
)

func openStore(t testing.TB) *sqlite.Store {
	s, err := sqlite.Open(filepath.Join(t.TempDir(), "p.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

func docs(n int) pipeline.Source {
	return func(ctx context.Context, emit func(news.Document) error, fail func(error)) error {
		for i := 0; i < n; i++ {
			if i%10 == 3 {
				fail(fmt.Errorf("input line %d: %w", i, errBad))
				continue
			}
			d := news.Document{SourceID: fmt.Sprint("d", i), Origin: fmt.Sprint("in:", i), Format: news.FormatText,
				Content: fmt.Sprintf("Headline %d\n\nBody of article %d.", i, i)}
			if err := emit(d); err != nil {
				return err
			}
		}
		return nil
	}
}

var errBad = errors.New("bad line")

func fakeExtract(d news.Document) (*news.Article, error) {
	if strings.HasSuffix(d.SourceID, "7") {
		return nil, errors.New("cannot extract")
	}
	if strings.HasSuffix(d.SourceID, "9") {
		panic("hostile input")
	}
	title, body, _ := strings.Cut(d.Content, "\n\n")
	return &news.Article{Title: title, Text: body}, nil
}

func TestRunCountsAndOrder(t *testing.T) {
	s := openStore(t)
	var order []string
	r := &pipeline.Runner{Store: s, Extract: fakeExtract, Workers: 3, Batch: 7,
		OnResult: func(d news.Document, o store.Outcome, err error) { order = append(order, d.SourceID) }}
	sum, err := r.Run(context.Background(), docs(100))
	if err != nil {
		t.Fatal(err)
	}
	// 10 fail at the source, 10 in extraction, 10 panic.
	if sum.Inserted != 70 || sum.Failed != 30 || len(sum.Errors) != 30 {
		t.Fatalf("summary %+v", sum)
	}
	// Ids follow input order whatever the workers do.
	var prev int64
	s.Each(context.Background(), store.Query{}, func(a *news.Article) error {
		var n int
		fmt.Sscanf(a.SourceID, "d%d", &n)
		if int64(n) < prev {
			t.Errorf("article %s stored out of order", a.SourceID)
		}
		prev = int64(n)
		return nil
	})
	sum, _ = r.Run(context.Background(), docs(100))
	if sum.Unchanged != 70 || sum.Inserted != 0 {
		t.Errorf("second run %+v", sum)
	}
	counts := pipeline.ErrorCounts(sum.Errors)
	if len(counts) != 3 || !strings.HasPrefix(counts[0], "10 × ") {
		t.Errorf("error counts %q", counts)
	}
}

func TestCancel(t *testing.T) {
	s := openStore(t)
	ctx, cancel := context.WithCancel(context.Background())
	r := &pipeline.Runner{Store: s, Extract: func(d news.Document) (*news.Article, error) {
		if d.SourceID == "d50" {
			cancel()
		}
		return fakeExtract(d)
	}, Batch: 10}
	_, err := r.Run(ctx, docs(100000))
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("err %v", err)
	}
}

func BenchmarkIngestText(b *testing.B) {
	files, _ := filepath.Glob("../../testdata/seeds/*.txt")
	var pool synth.Pool
	for _, f := range files {
		c, _ := os.ReadFile(f)
		pool.Add(string(c))
	}
	s := openStore(b)
	r := &pipeline.Runner{Store: s, Extract: extract.Article}
	b.ResetTimer()
	sum, err := r.Run(context.Background(), func(ctx context.Context, emit func(news.Document) error, fail func(error)) error {
		for i := 0; i < b.N; i++ {
			if err := emit(pool.Doc(uint64(b.N), i)); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil || sum.Inserted+sum.Failed != b.N {
		b.Fatal(err, sum)
	}
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "articles/s")
}
