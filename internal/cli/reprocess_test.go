package cli

import (
	"bytes"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// TestReprocessEqualsFreshIngest: reprocessing the seeds leaves every
// article placed again, and the export equals a fresh ingest's (it used to
// set every event, storyline and original to 0).
func TestReprocessEqualsFreshIngest(t *testing.T) {
	dir := t.TempDir()
	a, b := filepath.Join(dir, "a.db"), filepath.Join(dir, "b.db")
	for _, db := range []string{a, b} {
		if _, stderr, code := run(t, "ingest", "-q", "--db", db, seeds); code != 0 {
			t.Fatal(stderr)
		}
	}
	if _, stderr, code := run(t, "reprocess", "-q", "--db", a); code != 0 {
		t.Fatalf("reprocess: %s", stderr)
	}
	if fileExists(a + ".reprocess") {
		t.Error("the reprocess file is left behind")
	}
	fresh, _, _ := run(t, "export", "--db", b)
	again, _, _ := run(t, "export", "--db", a)
	if fresh != again {
		t.Errorf("export after reprocess differs from a fresh ingest:\n%s\nfresh:\n%s", again, fresh)
	}
	if !strings.Contains(again, `"event":`) || !strings.Contains(again, `"storyline":`) {
		t.Errorf("export after reprocess has no placements:\n%s", again)
	}
	for _, cmd := range []string{"events", "storylines"} {
		x, _, _ := run(t, cmd, "--db", a)
		y, _, _ := run(t, cmd, "--db", b)
		if x != y {
			t.Errorf("%s after reprocess:\n%s\nfresh:\n%s", cmd, x, y)
		}
	}
}

// TestKillNineDuringReprocess: a reprocess killed mid-way leaves the
// store as it was; running it again finishes the job, with the result of
// an uninterrupted run.
func TestKillNineDuringReprocess(t *testing.T) {
	if testing.Short() {
		t.Skip("builds a corpus of 1,500 articles")
	}
	dir := t.TempDir()
	pool := seedPool(t)
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	const n = 1500
	for i := 0; i < n; i++ {
		d := pool.Doc(3, i)
		enc.Encode(map[string]string{"id": d.SourceID, "text": d.Content})
	}
	corpus := filepath.Join(dir, "corpus.jsonl")
	os.WriteFile(corpus, buf.Bytes(), 0o644)
	db, ref := filepath.Join(dir, "t.db"), filepath.Join(dir, "ref.db")
	for _, p := range []string{db, ref} {
		if _, stderr, code := run(t, "ingest", "-q", "--db", p, corpus); code != 0 {
			t.Fatal(stderr)
		}
	}
	before, _, _ := run(t, "export", "--db", db)

	cmd := exec.Command(os.Args[0], "reprocess", "-q", "--batch", "20", "--db", db)
	cmd.Env = append(os.Environ(), "STORYLINE_TEST_MAIN=1")
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	tmp := db + ".reprocess"
	deadline := time.Now().Add(60 * time.Second)
	for time.Now().Before(deadline) {
		if out, _, code := run(t, "list", "--db", tmp, "-n", "0"); code == 0 && strings.Count(out, "\n") > 200 {
			break
		}
		time.Sleep(20 * time.Millisecond)
	}
	cmd.Process.Signal(syscall.SIGKILL)
	if err := cmd.Wait(); err == nil {
		t.Skip("the reprocess finished before it could be killed")
	}
	if after, _, _ := run(t, "export", "--db", db); after != before {
		t.Fatal("a killed reprocess changed the store")
	}
	_, stderr, code := run(t, "reprocess", "-q", "--db", db)
	if code != 0 || !strings.Contains(stderr, "resuming") {
		t.Fatalf("second reprocess: exit %d\n%s", code, stderr)
	}
	if _, stderr, code := run(t, "reprocess", "-q", "--db", ref); code != 0 {
		t.Fatal(stderr)
	}
	got, _, _ := run(t, "export", "--db", db)
	want, _, _ := run(t, "export", "--db", ref)
	if got != want {
		gl, wl := strings.Split(got, "\n"), strings.Split(want, "\n")
		for i := range min(len(gl), len(wl)) {
			if gl[i] != wl[i] {
				t.Fatalf("resumed reprocess differs from an uninterrupted one at line %d:\n%s\n%s", i+1, gl[i], wl[i])
			}
		}
		t.Fatalf("resumed reprocess: %d lines, uninterrupted %d", len(gl), len(wl))
	}
	if c := strings.Count(got, "\n"); c != n {
		t.Errorf("%d articles after the resumed reprocess, want %d", c, n)
	}
}

// TestJSONLLedeKeepsItsQuotation: a JSONL item that supplies its title
// keeps a first paragraph that merely looks like a headline, and the
// quotation in it is found (the paragraph and its quotation used to go).
func TestJSONLLedeKeepsItsQuotation(t *testing.T) {
	dir := t.TempDir()
	in := filepath.Join(dir, "in.jsonl")
	item := map[string]string{"id": "1", "url": "https://city.example/council", "title": "Council meets over budget cuts",
		"text": "\"We will not back down,\" the mayor said on Tuesday.\n\nThe council met on Monday evening to debate the cuts to the city budget, which would close two libraries."}
	b, _ := json.Marshal(item)
	os.WriteFile(in, append(b, '\n'), 0o644)
	db := filepath.Join(dir, "t.db")
	if _, stderr, code := run(t, "ingest", "-q", "--db", db, in); code != 0 {
		t.Fatal(stderr)
	}
	out, _, _ := run(t, "export", "--db", db)
	var r record
	if err := json.Unmarshal([]byte(out), &r); err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(r.Text, "\"We will not back down,\" the mayor said") {
		t.Errorf("text lost its lede: %q", r.Text)
	}
	found := false
	for _, q := range r.Quotes {
		found = found || strings.Contains(q.Text, "We will not back down")
	}
	if !found {
		t.Errorf("quotation not found: %+v", r.Quotes)
	}
}

// TestUnplacedStoreSaysHow: a store whose articles were never placed
// lists no events, and says how to place them.
func TestUnplacedStoreSaysHow(t *testing.T) {
	db := filepath.Join(t.TempDir(), "t.db")
	if _, stderr, code := run(t, "ingest", "-q", "-cluster=false", "--db", db, seeds); code != 0 {
		t.Fatal(stderr)
	}
	for _, cmd := range []string{"events", "storylines"} {
		if _, stderr, code := run(t, cmd, "--db", db); code != 0 || !strings.Contains(stderr, "storyline reprocess places them") {
			t.Errorf("%s: exit %d, stderr %q", cmd, code, stderr)
		}
	}
	run(t, "reprocess", "-q", "--db", db)
	if out, stderr, _ := run(t, "events", "--db", db); strings.Count(out, "\n") != 6 || stderr != "" {
		t.Errorf("events after reprocess:\n%s%s", out, stderr)
	}
}
