package scaletest

import (
	"path/filepath"
	"regexp"
	"testing"
	"time"
)

// The test corpus: generated stories of 6 articles and synthetic
// articles; with copies, duplicates, revisions and the seeds, about 380
// documents.
const (
	corpusStories   = 40
	corpusSynthetic = 100
)

// reference ingests the corpus in one process into a SQLite file and
// exports it: what every run through the queue must equal.
func reference(t *testing.T, d *deployment, path string) articles {
	t.Helper()
	db := filepath.Join(d.dir, "reference.db")
	start := time.Now()
	d.run("ingest", "-q", "--db", db, path)
	t.Logf("single process: %.1fs", time.Since(start).Seconds())
	return exportOf(t, d.dir, d.env(), db)
}

// placingLine is logged by the worker that holds the placer's lease.
var placingLine = regexp.MustCompile(`worker: placing into`)

// progressLine is a worker's progress line.
var progressLine = regexp.MustCompile(`worker: (\d+) analysed .*; (\d+) placed`)

// TestWorkers: three workers on a PostgreSQL database store the corpus as
// one process does.
func TestWorkers(t *testing.T) {
	d := newDeployment(t, true)
	path := corpus(t, d.dir, corpusStories, corpusSynthetic)
	want := reference(t, d, path)
	ws := []*proc{d.worker("w1")}
	ws[0].waitLog(t, placingLine, nil, time.Minute)
	ws = append(ws, d.worker("w2"), d.worker("w3"))
	start := time.Now()
	d.run("ingest", "-q", "--queue", d.nats, "--wait", path)
	t.Logf("3 workers: %.1fs", time.Since(start).Seconds())
	for _, w := range ws {
		w.stop(t)
	}
	same(t, want, exportOf(t, d.dir, d.env(), d.db))
}

// TestWorkerKilled: the placing worker is killed (SIGKILL) mid-run, while
// it holds results and raw documents unacknowledged; a replacement is
// started; once the others have taken over, the store holds what one
// process stores, every input once.
func TestWorkerKilled(t *testing.T) {
	d := newDeployment(t, true)
	path := corpus(t, d.dir, corpusStories, corpusSynthetic)
	want := reference(t, d, path)
	w1 := d.worker("w1")
	w1.waitLog(t, placingLine, nil, time.Minute)
	w2, w3 := d.worker("w2"), d.worker("w3")
	ing := d.start("ingest", "ingest", "-q", "--queue", d.nats, "--wait", path)
	m := w1.waitLog(t, progressLine, func(m []string) bool { return m[2] != "0" }, 60*time.Second)
	w1.kill()
	t.Logf("killed the placer after %s analysed and %s placed", m[1], m[2])
	w4 := d.worker("w4")
	ing.wait(t, 3*time.Minute)
	t.Logf("ingest:\n%s", ing.output())
	for _, w := range []*proc{w2, w3, w4} {
		w.stop(t)
	}
	same(t, want, exportOf(t, d.dir, d.env(), d.db))
}
