package cli

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/storyline-news/storyline/internal/store/sqlite"
)

// TestIngestToQueue: ingest --queue reports a bad line with its input and
// position and publishes the rest; --wait prints what the workers stored,
// as ingest prints it; the same input again is de-duplicated by the queue.
func TestIngestToQueue(t *testing.T) {
	q, prefix := testQueue(t)
	dir := t.TempDir()
	in := filepath.Join(dir, "in.jsonl")
	os.WriteFile(in, []byte(`{"id":"a","url":"https://example.org/a","text":"Storm hits the coast\n\nA storm hit the coast on Monday, officials said."}
not json
{"id":"b","url":"https://example.org/b","text":"Talks resume in Geneva\n\nDiplomats met again in Geneva on Tuesday."}
`), 0o644)
	db := filepath.Join(dir, "w.db")
	st, err := sqlite.Open(db)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	stop := startQueueWorker(t, q, st)
	defer stop()
	out, errOut, code := run(t, "ingest", "-q", "--queue", q.URL, "--queue-prefix", prefix, "--wait", in)
	if code != 1 || !strings.Contains(errOut, "in.jsonl line 2") || !strings.Contains(errOut, "2 documents published") ||
		!strings.Contains(errOut, "2 ingested, 0 unchanged, 0 revisions, 1 failed") {
		t.Errorf("ingest --queue --wait: exit %d\n%s%s", code, out, errOut)
	}
	if n := count(t, db); n != 2 {
		t.Errorf("%d articles stored, want 2", n)
	}
	_, errOut, _ = run(t, "ingest", "-q", "--queue", q.URL, "--queue-prefix", prefix, "--wait", in)
	if !strings.Contains(errOut, "0 documents published") || !strings.Contains(errOut, "(2 already queued, 1 failed)") ||
		!strings.Contains(errOut, "0 ingested, 2 unchanged") {
		t.Errorf("the same input again:\n%s", errOut)
	}
}
