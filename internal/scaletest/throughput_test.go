package scaletest

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/storyline-news/storyline/internal/queue"
)

// TestThroughput measures documents per second stored by one process and
// by 1 and 3 workers on one corpus (STORYLINE_SCALE_BENCH=N runs it with
// N stories of 6 articles and 4N synthetic articles; it is skipped
// otherwise).
func TestThroughput(t *testing.T) {
	var n int
	if _, err := fmt.Sscan(os.Getenv("STORYLINE_SCALE_BENCH"), &n); err != nil || n <= 0 {
		t.Skip("STORYLINE_SCALE_BENCH not set")
	}
	path := corpus(t, t.TempDir(), n, 4*n)
	rate := func(name string, start time.Time, docs int) {
		t.Logf("%-40s %6.1fs %7.1f documents/s", name, time.Since(start).Seconds(), float64(docs)/time.Since(start).Seconds())
	}
	docs := lines(t, path)
	t.Run("single/sqlite", func(t *testing.T) {
		d := newDeployment(t, false)
		start := time.Now()
		d.run("ingest", "-q", "--db", filepath.Join(d.dir, "one.db"), path)
		rate("ingest, one process, SQLite", start, docs)
	})
	t.Run("single/postgres", func(t *testing.T) {
		d := newDeployment(t, true)
		start := time.Now()
		d.run("ingest", "-q", "--db", d.db, path)
		rate("ingest, one process, PostgreSQL", start, docs)
	})
	t.Run("placer/pg", func(t *testing.T) { placerOnly(t, path, true, docs) })
	t.Run("placer/sqlite", func(t *testing.T) { placerOnly(t, path, false, docs) })
	for _, c := range []struct {
		workers, each int
		pg            bool
	}{{1, 2, true}, {3, 1, true}, {1, 2, false}, {3, 1, false}} {
		name := fmt.Sprintf("%d workers × %d goroutines, %s", c.workers, c.each, map[bool]string{true: "PostgreSQL", false: "SQLite"}[c.pg])
		t.Run(fmt.Sprintf("workers%d/pg=%v", c.workers, c.pg), func(t *testing.T) {
			d := newDeployment(t, c.pg)
			var ws []*proc
			for i := 0; i < c.workers; i++ {
				ws = append(ws, d.worker(fmt.Sprint("w", i), "--workers", fmt.Sprint(c.each)))
				if i == 0 {
					// The first has migrated a new SQLite file before the
					// others open it.
					ws[0].waitLog(t, placingLine, nil, time.Minute)
				}
			}
			start := time.Now()
			d.run("ingest", "-q", "--queue", d.nats, "--wait", path)
			rate(name, start, docs)
			for _, w := range ws {
				w.stop(t)
			}
		})
	}
}

// placerOnly measures the placer's own rate: the corpus is analysed by
// workers that do not place, and then placed by one that does.
func placerOnly(t *testing.T, path string, pg bool, docs int) {
	d := newDeployment(t, pg)
	var ws []*proc
	for i := 0; i < 2; i++ {
		ws = append(ws, d.worker(fmt.Sprint("w", i), "--place=false"))
	}
	d.run("ingest", "-q", "--queue", d.nats, path)
	ctx := context.Background()
	q, err := queue.Connect(ctx, d.nats, queue.Options{Prefix: d.prefix})
	if err != nil {
		t.Fatal(err)
	}
	defer q.Close()
	for {
		raw, _, err := q.Backlog(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if raw == 0 {
			break
		}
		time.Sleep(200 * time.Millisecond)
	}
	for _, w := range ws {
		w.stop(t)
	}
	last, err := q.LastRawSeq(ctx)
	if err != nil {
		t.Fatal(err)
	}
	start := time.Now()
	p := d.worker("placer")
	if _, err := q.WaitPlaced(ctx, last, nil); err != nil {
		t.Fatal(err)
	}
	t.Logf("%-40s %6.1fs %7.1f documents/s", "placer alone, "+map[bool]string{true: "PostgreSQL", false: "SQLite"}[pg],
		time.Since(start).Seconds(), float64(docs)/time.Since(start).Seconds())
	p.stop(t)
}

// lines counts a JSONL file's documents.
func lines(t *testing.T, path string) int {
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, c := range b {
		if c == '\n' {
			n++
		}
	}
	return n
}
