package cli

import (
	"bytes"
	"compress/gzip"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/storyline-news/storyline/internal/export"
	"github.com/storyline-news/storyline/internal/extract"
	"github.com/storyline-news/storyline/internal/synth"
)

// TestMain lets tests run the real command in a child process (for kill -9).
func TestMain(m *testing.M) {
	if os.Getenv("STORYLINE_TEST_MAIN") == "1" {
		os.Exit(Main(os.Args[1:], os.Stdin, os.Stdout, os.Stderr))
	}
	os.Exit(m.Run())
}

func run(t *testing.T, args ...string) (stdout, stderr string, code int) {
	t.Helper()
	var o, e bytes.Buffer
	code = Main(args, strings.NewReader(""), &o, &e)
	return o.String(), e.String(), code
}

const seeds = "../../testdata/seeds"

func TestIngestSeedsTwice(t *testing.T) {
	db := filepath.Join(t.TempDir(), "t.db")
	_, stderr, code := run(t, "ingest", "-q", "--db", db, seeds)
	if code != 0 || !strings.Contains(stderr, "5 ingested, 0 unchanged, 0 revisions, 0 failed") {
		t.Fatalf("first ingest: code %d\n%s", code, stderr)
	}
	_, stderr, code = run(t, "ingest", "-q", "--db", db, seeds)
	if code != 0 || !strings.Contains(stderr, "0 ingested, 5 unchanged, 0 revisions, 0 failed") {
		t.Fatalf("second ingest: code %d\n%s", code, stderr)
	}
	out, _, code := run(t, "export", "--db", db)
	if code != 0 {
		t.Fatal("export failed")
	}
	lines := strings.Split(strings.TrimSpace(out), "\n")
	if len(lines) != 5 {
		t.Fatalf("export: %d lines", len(lines))
	}
	want := []string{"id", "source_id", "url", "outlet", "republished_by", "title", "authors", "published",
		"published_from", "language", "text", "comments"}
	for _, l := range lines {
		var m map[string]any
		if err := json.Unmarshal([]byte(l), &m); err != nil {
			t.Fatal(err)
		}
		for _, k := range want {
			if _, ok := m[k]; !ok {
				t.Errorf("export line lacks %q: %.80s", k, l)
			}
		}
	}
	out, _, _ = run(t, "export", "--db", db, "--format", "csv")
	recs, err := csv.NewReader(strings.NewReader(out)).ReadAll()
	if err != nil || len(recs) != 6 || recs[0][0] != "id" {
		t.Fatalf("csv: %d records, %v", len(recs), err)
	}
	out, _, code = run(t, "show", "--db", db, "2")
	if code != 0 || !strings.Contains(out, "reader comments") {
		t.Errorf("show 2 (the article with a comment thread):\n%s", out)
	}
	if _, _, code := run(t, "show", "--db", db, "99"); code != 1 {
		t.Errorf("show of a missing id: exit %d, want 1", code)
	}
}

func TestRevision(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "t.db")
	v1 := filepath.Join(dir, "v1.jsonl")
	v2 := filepath.Join(dir, "v2.jsonl")
	os.WriteFile(v1, []byte(`{"id":"a","url":"https://example.org/a","text":"Title\n\nFirst version of the story, long enough to be an article."}`+"\n"), 0o644)
	os.WriteFile(v2, []byte(`{"id":"a","url":"https://example.org/a","text":"Title\n\nSecond version of the story, corrected and long enough."}`+"\n"), 0o644)
	run(t, "ingest", "-q", "--db", db, v1)
	_, stderr, _ := run(t, "ingest", "-q", "--db", db, v2)
	if !strings.Contains(stderr, "0 ingested, 0 unchanged, 1 revisions") {
		t.Fatalf("changed version: %s", stderr)
	}
	out, _, _ := run(t, "export", "--db", db)
	if strings.Count(out, "\n") != 1 || !strings.Contains(out, `"revision":2`) || !strings.Contains(out, "Second version") {
		t.Errorf("export after revision: %s", out)
	}
}

func TestBadInputGoesOn(t *testing.T) {
	dir := t.TempDir()
	in := filepath.Join(dir, "in")
	os.Mkdir(in, 0o755)
	os.WriteFile(filepath.Join(in, "binary.bin"), []byte("\x00\x01\x02\x03ELF\x00\x00garbage"), 0o644)
	os.WriteFile(filepath.Join(in, "bad.jsonl"), []byte("{\"id\":\"ok\",\"text\":\"A fine headline\\n\\nA fine body of text for the article.\"}\n{not json\n{\"text\":\"no id\"}\n"), 0o644)
	var gz bytes.Buffer
	zw := gzip.NewWriter(&gz)
	zw.Write([]byte(strings.Repeat("Some text that goes on.\n", 2000)))
	zw.Close()
	os.WriteFile(filepath.Join(in, "trunc.txt.gz"), gz.Bytes()[:gz.Len()/2], 0o644)
	os.WriteFile(filepath.Join(in, "good.txt"), []byte("Good headline\n\nThe good article's body, which is fine.\n"), 0o644)
	db := filepath.Join(dir, "t.db")
	_, stderr, code := run(t, "ingest", "-q", "--db", db, in)
	if code != 1 {
		t.Errorf("exit %d, want 1", code)
	}
	for _, want := range []string{"binary.bin", "bad.jsonl line 2", "bad.jsonl line 3", "trunc.txt.gz", "2 ingested"} {
		if !strings.Contains(stderr, want) {
			t.Errorf("stderr lacks %q:\n%s", want, stderr)
		}
	}
}

// TestKillNineThenResume kills an ingest mid-run and runs it again: no
// partial article, no duplicate, nothing lost.
func TestKillNineThenResume(t *testing.T) {
	if testing.Short() {
		t.Skip("spawns a child process")
	}
	dir := t.TempDir()
	pool := seedPool(t)
	const n = 6000
	corpus := filepath.Join(dir, "corpus.jsonl")
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	wantText := map[string]string{}
	for i := 0; i < n; i++ {
		d := pool.Doc(7, i)
		enc.Encode(map[string]string{"id": d.SourceID, "text": d.Content})
		if i%97 == 0 {
			a, err := extract.Article(d)
			if err != nil {
				t.Fatal(err)
			}
			wantText[d.SourceID] = a.Text
		}
	}
	os.WriteFile(corpus, buf.Bytes(), 0o644)
	db := filepath.Join(dir, "t.db")

	cmd := exec.Command(os.Args[0], "ingest", "-q", "--batch", "50", "--db", db, corpus)
	cmd.Env = append(os.Environ(), "STORYLINE_TEST_MAIN=1")
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	// Kill once some batches are committed, well before the end.
	deadline := time.Now().Add(60 * time.Second)
	for {
		out, _, _ := run(t, "list", "--db", db, "-n", "200")
		if strings.Count(out, "\n") > 150 || time.Now().After(deadline) {
			break
		}
		time.Sleep(20 * time.Millisecond)
	}
	cmd.Process.Signal(syscall.SIGKILL)
	err := cmd.Wait()
	if err == nil {
		t.Skip("the ingest finished before it could be killed")
	}
	out, _, _ := run(t, "export", "--db", db)
	partial := strings.Count(out, "\n")
	if partial >= n {
		t.Skip("the ingest finished before it could be killed")
	}
	_, stderr, code := run(t, "ingest", "-q", "--db", db, corpus)
	if code != 0 {
		t.Fatalf("resume: exit %d\n%s", code, stderr)
	}
	if want := fmt.Sprintf("%d ingested, %d unchanged", n-partial, partial); !strings.Contains(stderr, want) {
		t.Errorf("resume summary %q lacks %q", stderr, want)
	}
	out, _, _ = run(t, "export", "--db", db)
	seen := map[string]bool{}
	for _, l := range strings.Split(strings.TrimSpace(out), "\n") {
		var r record
		if err := json.Unmarshal([]byte(l), &r); err != nil {
			t.Fatal(err)
		}
		if seen[r.SourceID] {
			t.Errorf("duplicate %s", r.SourceID)
		}
		seen[r.SourceID] = true
		if want, ok := wantText[r.SourceID]; ok && r.Text != want {
			t.Errorf("article %s stored with other text than extraction gives", r.SourceID)
		}
	}
	if len(seen) != n {
		t.Errorf("%d articles after resume, want %d (killed at %d)", len(seen), n, partial)
	}
}

// seedPool is the seeds' paragraphs and titles, to recombine into corpora
// (synth.Pool).
func seedPool(t *testing.T) *synth.Pool {
	t.Helper()
	var pool synth.Pool
	for _, f := range mustGlob(t, seeds+"/*.txt") {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		pool.Add(string(b))
	}
	return &pool
}

func mustGlob(t *testing.T, pat string) []string {
	m, err := filepath.Glob(pat)
	if err != nil || len(m) == 0 {
		t.Fatalf("glob %s: %v", pat, err)
	}
	return m
}

func TestUnknownCommand(t *testing.T) {
	if _, _, code := run(t, "nosuch"); code != 2 {
		t.Errorf("unknown command: exit %d, want 2", code)
	}
}

// TestCSVFormulasNeutralised checks that a cell a spreadsheet would run
// as a formula is exported with a leading ', and JSONL as it is.
func TestCSVFormulasNeutralised(t *testing.T) {
	for _, tt := range []struct{ in, want string }{
		{"=HYPERLINK(\"http://x\",\"y\")", "'=HYPERLINK(\"http://x\",\"y\")"},
		{"+1+1", "'+1+1"},
		{"-2+3", "'-2+3"},
		{"@SUM(A1)", "'@SUM(A1)"},
		{"\tTab", "'\tTab"},
		{"\rCR", "'\rCR"},
		{"Plain = title", "Plain = title"},
		{"", ""},
		{"[]", "[]"},
	} {
		if got := export.Cell(tt.in); got != tt.want {
			t.Errorf("export.Cell(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
	dir := t.TempDir()
	db, in := filepath.Join(dir, "t.db"), filepath.Join(dir, "in.jsonl")
	os.WriteFile(in, []byte(`{"id":"=cmd|' /C calc'!A0","title":"=HYPERLINK(\"http://evil\",\"click\")","outlet":"@Outlet",`+
		`"text":"Headline\n\nA body of text long enough to be an article, and it goes on."}`+"\n"), 0o644)
	if _, stderr, code := run(t, "ingest", "-q", "--db", db, in); code != 0 {
		t.Fatal(stderr)
	}
	out, _, _ := run(t, "export", "--db", db, "--format", "csv")
	recs, err := csv.NewReader(strings.NewReader(out)).ReadAll()
	if err != nil || len(recs) != 2 {
		t.Fatalf("csv: %d records, %v\n%s", len(recs), err, out)
	}
	row := map[string]string{}
	for i, h := range recs[0] {
		row[h] = recs[1][i]
	}
	for col, want := range map[string]string{"source_id": "'=cmd|' /C calc'!A0", "title": `'=HYPERLINK("http://evil","click")`,
		"outlet": "'@Outlet", "id": "1"} {
		if row[col] != want {
			t.Errorf("csv %s = %q, want %q", col, row[col], want)
		}
	}
	out, _, _ = run(t, "export", "--db", db)
	if !strings.Contains(out, `"title":"=HYPERLINK(`) {
		t.Errorf("jsonl export changed the title: %s", out)
	}
}

func TestReprocessAddsAnalysis(t *testing.T) {
	db := filepath.Join(t.TempDir(), "t.db")
	if _, stderr, code := run(t, "ingest", "-q", "-analyze=false", "--db", db, seeds); code != 0 {
		t.Fatal(stderr)
	}
	out, _, _ := run(t, "entities", "--db", db)
	if strings.Count(out, "\n") != 1 {
		t.Fatalf("entities before analysis:\n%s", out)
	}
	if _, stderr, code := run(t, "reprocess", "--db", db); code != 0 || !strings.Contains(stderr, "5 articles reprocessed") {
		t.Fatalf("reprocess: %d %s", code, stderr)
	}
	out, _, code := run(t, "entity", "--db", db, "Lavrentyev")
	if code != 0 || !strings.Contains(out, "in 2 articles") || !strings.Contains(out, "What Alexander Lavrenti") {
		t.Errorf("entity after reprocess:\n%s", out)
	}
	// Reprocessing twice rebuilds the table rather than counting twice.
	run(t, "reprocess", "--db", db)
	out, _, _ = run(t, "entity", "--db", db, "Lavrentiev")
	if !strings.Contains(out, "in 2 articles") {
		t.Errorf("entity after a second reprocess:\n%s", out)
	}
	out, _, _ = run(t, "quotes", "--db", db, "--speaker", "Zakharova")
	if strings.Count(out, "Maria Zakharova") < 5 {
		t.Errorf("quotes by Zakharova:\n%s", out)
	}
}

func TestSeedsStorylineExportedAndShown(t *testing.T) {
	db := filepath.Join(t.TempDir(), "t.db")
	if _, stderr, code := run(t, "ingest", "-q", "--db", db, seeds); code != 0 {
		t.Fatal(stderr)
	}
	out, _, _ := run(t, "export", "--db", db)
	events, stories := map[int64]bool{}, map[int64]bool{}
	for _, l := range strings.Split(strings.TrimSpace(out), "\n") {
		var r record
		if err := json.Unmarshal([]byte(l), &r); err != nil {
			t.Fatal(err)
		}
		events[r.Event], stories[r.Storyline] = true, true
	}
	if len(events) != 5 || len(stories) != 1 || events[0] || stories[0] {
		t.Errorf("exported placements: events %v storylines %v; want 5 events, 1 storyline", events, stories)
	}
	var id int64
	for s := range stories {
		id = s
	}
	out, _, code := run(t, "storyline", "--db", db, fmt.Sprint(id))
	if code != 0 || strings.Count(out, "● ") != 5 || !strings.Contains(out, "DIFFERENT FIGURES") ||
		!strings.Contains(out, "Key people: Alexander Lavrentiev, ") {
		t.Errorf("storyline %d:\n%s", id, out)
	}
	out, _, _ = run(t, "storylines", "--db", db)
	if strings.Count(out, "\n") != 2 {
		t.Errorf("storylines:\n%s", out)
	}
	out, _, _ = run(t, "events", "--db", db)
	if strings.Count(out, "\n") != 6 || strings.Count(out, " 1 (0 copies) ") != 5 {
		t.Errorf("events:\n%s", out)
	}
}

func TestPlural(t *testing.T) {
	for _, tt := range []struct {
		n    int
		want string
	}{{0, "0 copies"}, {1, "1 copy"}, {2, "2 copies"}} {
		if got := plural(tt.n, "copy", "copies"); got != tt.want {
			t.Errorf("plural(%d) = %q, want %q", tt.n, got, tt.want)
		}
	}
}

func TestReadCommandsNeedADatabase(t *testing.T) {
	// A mistyped --db must not create an empty database and report that it
	// holds nothing.
	missing := filepath.Join(t.TempDir(), "typo.db")
	for _, args := range [][]string{
		{"events"}, {"storylines"}, {"storyline", "1"}, {"export"}, {"list"}, {"show", "1"},
		{"entities"}, {"entity", "Putin"}, {"quotes"}, {"reprocess"},
	} {
		// Flags come before the command's arguments.
		argv := append([]string{args[0], "--db", missing}, args[1:]...)
		_, stderr, code := run(t, argv...)
		if code != 1 || !strings.Contains(stderr, "no database at "+missing) {
			t.Errorf("%v on a missing database: exit %d, stderr %q", args, code, stderr)
		}
		if _, err := os.Stat(missing); err == nil {
			t.Fatalf("%v created %s", args, missing)
		}
	}
}
