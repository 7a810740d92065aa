package scaletest

import (
	"bufio"
	"bytes"
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"maps"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/storyline-news/storyline/internal/export"
	"github.com/storyline-news/storyline/internal/news"
	"github.com/storyline-news/storyline/internal/queue"
	"github.com/storyline-news/storyline/internal/synth"
	"github.com/storyline-news/storyline/internal/testenv"
)

// bin is the storyline binary built once for the package's tests.
var bin string

func TestMain(m *testing.M) {
	code := func() int {
		dir, err := os.MkdirTemp("", "scaletest")
		if err != nil {
			fmt.Fprintln(os.Stderr, err)
			return 1
		}
		defer os.RemoveAll(dir)
		if os.Getenv("STORYLINE_TEST_NATS") != "" || testenv.CI() {
			bin = filepath.Join(dir, "storyline")
			cmd := exec.Command("go", "build", "-o", bin, "github.com/storyline-news/storyline/cmd/storyline")
			cmd.Stdout, cmd.Stderr = os.Stderr, os.Stderr
			if err := cmd.Run(); err != nil {
				fmt.Fprintln(os.Stderr, "build storyline:", err)
				return 1
			}
		}
		return m.Run()
	}()
	os.Exit(code)
}

// deployment is one queue (streams of its own) and one database, with the
// processes started on them.
type deployment struct {
	t      *testing.T
	dir    string
	db     string // --db of the workers: a PostgreSQL URL or a SQLite file
	nats   string
	prefix string
	mu     sync.Mutex
	procs  []*proc
}

// newDeployment makes a deployment on the test servers: a fresh
// PostgreSQL database when pg, else a SQLite file; streams named for the
// test, deleted when it ends, as are the processes left running.
func newDeployment(t *testing.T, pg bool) *deployment {
	t.Helper()
	d := &deployment{t: t, dir: t.TempDir(), nats: testenv.NATS(t)}
	if pg {
		d.db = testenv.Postgres(t)
	} else {
		d.db = filepath.Join(d.dir, "workers.db")
	}
	b := make([]byte, 4)
	rand.Read(b)
	d.prefix = "SCALE_" + strings.ToUpper(hex.EncodeToString(b))
	t.Cleanup(func() {
		d.mu.Lock()
		procs := d.procs
		d.mu.Unlock()
		for _, p := range procs {
			p.kill()
		}
		ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		defer cancel()
		q, err := queue.Connect(ctx, d.nats, queue.Options{Prefix: d.prefix})
		if err != nil {
			t.Logf("clean up the streams: %v", err)
			return
		}
		defer q.Close()
		if err := q.Delete(ctx); err != nil {
			t.Logf("clean up the streams: %v", err)
		}
	})
	return d
}

// env is the environment of the deployment's processes: the test's,
// with the queue's prefix; the queue and the database are named by flags.
func (d *deployment) env() []string {
	var env []string
	for _, kv := range os.Environ() {
		if !strings.HasPrefix(kv, "STORYLINE_QUEUE") && !strings.HasPrefix(kv, "STORYLINE_DB=") {
			env = append(env, kv)
		}
	}
	return append(env, "STORYLINE_QUEUE_PREFIX="+d.prefix)
}

// proc is a storyline process and what it logged.
type proc struct {
	name string
	cmd  *exec.Cmd
	mu   sync.Mutex
	log  []string
	seen chan struct{} // closed and remade at each line logged
	done chan struct{}
	err  error
}

// start starts storyline with args; its standard output and error are
// kept (and shown when the test fails).
func (d *deployment) start(name string, args ...string) *proc {
	d.t.Helper()
	p := &proc{name: name, cmd: exec.Command(bin, args...), seen: make(chan struct{}), done: make(chan struct{})}
	p.cmd.Env = d.env()
	p.cmd.Dir = d.dir
	r, w := io.Pipe()
	p.cmd.Stdout, p.cmd.Stderr = w, w
	if err := p.cmd.Start(); err != nil {
		d.t.Fatalf("start %s: %v", name, err)
	}
	go func() {
		sc := bufio.NewScanner(r)
		sc.Buffer(make([]byte, 1<<20), 1<<20)
		for sc.Scan() {
			p.mu.Lock()
			p.log = append(p.log, sc.Text())
			close(p.seen)
			p.seen = make(chan struct{})
			p.mu.Unlock()
		}
	}()
	go func() {
		p.err = p.cmd.Wait()
		w.Close()
		close(p.done)
	}()
	d.mu.Lock()
	d.procs = append(d.procs, p)
	d.mu.Unlock()
	d.t.Cleanup(func() {
		if d.t.Failed() {
			d.t.Logf("--- %s:\n%s", name, p.output())
		}
	})
	return p
}

// worker starts a storyline worker of the deployment.
func (d *deployment) worker(name string, args ...string) *proc {
	return d.start(name, append([]string{"worker", "--db", d.db, "--queue", d.nats, "--workers", "1", "--progress", "1s", "--ack-wait", "5s"}, args...)...)
}

// run runs storyline with args to the end and returns its output; a
// failure fails the test.
func (d *deployment) run(args ...string) string {
	d.t.Helper()
	return runIn(d.t, d.dir, d.env(), args...)
}

func runIn(t *testing.T, dir string, env []string, args ...string) string {
	t.Helper()
	cmd := exec.Command(bin, args...)
	cmd.Env, cmd.Dir = env, dir
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	if err := cmd.Run(); err != nil {
		t.Fatalf("storyline %s: %v\n%s", strings.Join(args, " "), err, errb.String())
	}
	t.Logf("storyline %s:\n%s", args[0], strings.TrimSpace(errb.String()))
	return out.String()
}

func (p *proc) output() string {
	p.mu.Lock()
	defer p.mu.Unlock()
	return strings.Join(p.log, "\n")
}

// waitLog waits until the process logs a line matching re for which ok
// (when not nil) holds of the submatches, and returns them.
func (p *proc) waitLog(t *testing.T, re *regexp.Regexp, ok func([]string) bool, timeout time.Duration) []string {
	t.Helper()
	deadline := time.After(timeout)
	next := 0
	for {
		p.mu.Lock()
		lines, seen := p.log[next:], p.seen
		next = len(p.log)
		p.mu.Unlock()
		for _, l := range lines {
			if m := re.FindStringSubmatch(l); m != nil && (ok == nil || ok(m)) {
				return m
			}
		}
		select {
		case <-seen:
		case <-p.done:
			t.Fatalf("%s ended (%v) before logging %q", p.name, p.err, re)
		case <-deadline:
			t.Fatalf("%s did not log %q within %s", p.name, re, timeout)
		}
	}
}

// stop sends SIGTERM and waits for a clean exit.
func (p *proc) stop(t *testing.T) {
	t.Helper()
	p.cmd.Process.Signal(syscall.SIGTERM)
	select {
	case <-p.done:
		if p.err != nil {
			t.Errorf("%s exited with %v after SIGTERM", p.name, p.err)
		}
	case <-time.After(60 * time.Second):
		p.kill()
		t.Errorf("%s did not stop within 60s of SIGTERM", p.name)
	}
}

// wait waits for the process to end by itself and fails the test if it
// failed.
func (p *proc) wait(t *testing.T, timeout time.Duration) {
	t.Helper()
	select {
	case <-p.done:
		if p.err != nil {
			t.Fatalf("%s: %v\n%s", p.name, p.err, p.output())
		}
	case <-time.After(timeout):
		t.Fatalf("%s did not finish within %s", p.name, timeout)
	}
}

// kill sends SIGKILL (a crash) and waits for the process to end.
func (p *proc) kill() {
	p.cmd.Process.Kill()
	<-p.done
}

// corpus writes the test corpus as one JSONL file and returns its path:
// the seeds; generated stories (storyDocs, stories of 6 articles each)
// interleaved with synthetic articles recombined from the seeds
// (internal/synth); copies of some at other addresses, exact duplicates,
// and revisions at the end.
func corpus(t *testing.T, dir string, stories, synthetic int) string {
	t.Helper()
	files, _ := filepath.Glob("../../testdata/seeds/*.txt")
	if len(files) == 0 {
		t.Fatal("no seeds in testdata/seeds")
	}
	var pool synth.Pool
	var lines, revisions []map[string]any
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		pool.Add(string(b))
		lines = append(lines, map[string]any{"id": filepath.Base(f), "text": string(b)})
	}
	var docs []map[string]any
	st := storyDocs(stories, 6)
	for i, k := 0, 0; i < len(st) || k < synthetic; i++ {
		if i < len(st) {
			docs = append(docs, st[i])
		}
		if i%3 == 2 && k < synthetic {
			d := pool.Doc(19, k)
			docs = append(docs, map[string]any{"id": d.SourceID, "url": fmt.Sprintf("https://news%d.example/synth/%d", k%7, k), "text": d.Content})
			k++
		}
	}
	for i, line := range docs {
		lines = append(lines, line)
		switch {
		case i%13 == 5: // a copy at another outlet
			lines = append(lines, map[string]any{"id": fmt.Sprint(line["id"], "-copy"), "url": fmt.Sprintf("https://wire.example/copy/%d", i), "text": line["text"]})
		case i%17 == 3: // the same line again
			lines = append(lines, line)
		case i%29 == 7: // a corrected version, at the end
			rev := maps.Clone(line)
			rev["text"] = fmt.Sprint(line["text"], "\n\nThis article was corrected: an earlier version misstated a figure.")
			revisions = append(revisions, rev)
		}
	}
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	for _, l := range append(lines, revisions...) {
		enc.Encode(l)
	}
	path := filepath.Join(dir, "corpus.jsonl")
	if err := os.WriteFile(path, b.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

// articles is an export read back, by article key (source id and
// address).
type articles struct {
	byKey map[string]export.Record
	keyOf map[int64]string
}

// exportOf exports the store db and reads it back.
func exportOf(t *testing.T, dir string, env []string, db string) articles {
	t.Helper()
	out := runIn(t, dir, env, "export", "--db", db)
	a := articles{byKey: map[string]export.Record{}, keyOf: map[int64]string{}}
	dec := json.NewDecoder(strings.NewReader(out))
	for dec.More() {
		var r export.Record
		if err := dec.Decode(&r); err != nil {
			t.Fatalf("export of %s: %v", db, err)
		}
		k := r.SourceID + " " + r.URL
		if _, dup := a.byKey[k]; dup {
			t.Errorf("export of %s: %s stored twice", db, k)
		}
		a.byKey[k] = r
		a.keyOf[r.ID] = k
	}
	return a
}

// fingerprint is a record's content without the ids a store assigns
// (articles, entities, events, storylines).
func fingerprint(r export.Record) string {
	r.ID, r.DuplicateOf, r.Event, r.Storyline = 0, 0, 0, 0
	r.Entities = append([]news.Entity(nil), r.Entities...)
	for i := range r.Entities {
		r.Entities[i].ID = 0
	}
	r.Quotes = append([]news.Quote(nil), r.Quotes...)
	for i := range r.Quotes {
		r.Quotes[i].SpeakerID = 0
	}
	b, _ := json.Marshal(r)
	h := sha256.Sum256(b)
	return hex.EncodeToString(h[:8])
}

// checksum is one figure for a whole export's content.
func (a articles) checksum() string {
	keys := make([]string, 0, len(a.byKey))
	for k := range a.byKey {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	h := sha256.New()
	for _, k := range keys {
		fmt.Fprintf(h, "%s\x00%s\n", k, fingerprint(a.byKey[k]))
	}
	return hex.EncodeToString(h.Sum(nil)[:8])
}

// partition groups the article keys by an id (event, storyline): the
// groups, each sorted, in sorted order, so that two stores that number
// them differently compare equal.
func (a articles) partition(id func(export.Record) int64) []string {
	groups := map[int64][]string{}
	for k, r := range a.byKey {
		if g := id(r); g != 0 {
			groups[g] = append(groups[g], k)
		}
	}
	var out []string
	for _, g := range groups {
		sort.Strings(g)
		out = append(out, strings.Join(g, " | "))
	}
	sort.Strings(out)
	return out
}

// duplicates maps each copy's key to its original's.
func (a articles) duplicates() map[string]string {
	m := map[string]string{}
	for k, r := range a.byKey {
		if r.DuplicateOf != 0 {
			m[k] = a.keyOf[r.DuplicateOf]
		}
	}
	return m
}

// same checks that got holds what want holds: the same articles with the
// same content, the same copies, and the same partition into events and
// storylines.
func same(t *testing.T, want, got articles) {
	t.Helper()
	t.Logf("want %d articles, %d copies, %d events, %d storylines", len(want.byKey), len(want.duplicates()),
		len(want.partition(func(r export.Record) int64 { return r.Event })),
		len(want.partition(func(r export.Record) int64 { return r.Storyline })))
	if len(got.byKey) != len(want.byKey) {
		t.Errorf("%d articles, want %d", len(got.byKey), len(want.byKey))
	}
	bad := 0
	for k, w := range want.byKey {
		g, ok := got.byKey[k]
		switch {
		case !ok:
			t.Errorf("%s missing", k)
		case fingerprint(g) != fingerprint(w):
			t.Errorf("%s differs: revision %d, title %q; want revision %d, title %q", k, g.Revision, g.Title, w.Revision, w.Title)
		default:
			continue
		}
		if bad++; bad >= 10 {
			t.Fatal("and more")
		}
	}
	if g, w := got.checksum(), want.checksum(); g != w {
		t.Errorf("content checksum %s, want %s", g, w)
	}
	if g, w := got.duplicates(), want.duplicates(); fmt.Sprint(g) != fmt.Sprint(w) {
		t.Errorf("copies differ:\n got %v\nwant %v", g, w)
	}
	for _, c := range []struct {
		name string
		id   func(export.Record) int64
	}{
		{"events", func(r export.Record) int64 { return r.Event }},
		{"storylines", func(r export.Record) int64 { return r.Storyline }},
	} {
		g, w := got.partition(c.id), want.partition(c.id)
		if strings.Join(g, "\n") != strings.Join(w, "\n") {
			t.Errorf("%s differ: %d groups, want %d\n%s", c.name, len(g), len(w), diffLines(w, g))
		}
	}
}

// diffLines lists the groups only one side has.
func diffLines(want, got []string) string {
	in := func(s []string) map[string]bool {
		m := map[string]bool{}
		for _, x := range s {
			m[x] = true
		}
		return m
	}
	w, g := in(want), in(got)
	var b strings.Builder
	for _, x := range want {
		if !g[x] {
			fmt.Fprintf(&b, "- %s\n", x)
		}
	}
	for _, x := range got {
		if !w[x] {
			fmt.Fprintf(&b, "+ %s\n", x)
		}
	}
	return b.String()
}
