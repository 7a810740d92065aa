package cli

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/storyline-news/storyline/internal/api"
	"github.com/storyline-news/storyline/internal/testenv"
)

// The commands on a PostgreSQL database (--db postgres://…) against the
// same commands on a SQLite file: what one stores, the other must list
// and export alike.

// exported is what an export says of a store's articles that the two
// stores must agree on.
type exported struct {
	titles     map[int64]string
	dups       map[int64]int64
	events     []string // the partition of article ids by event
	storylines []string // by storyline
}

func readExport(t *testing.T, jsonl string) exported {
	t.Helper()
	x := exported{titles: map[int64]string{}, dups: map[int64]int64{}}
	byEvent, byStoryline := map[int64][]int64{}, map[int64][]int64{}
	for _, line := range strings.Split(strings.TrimSpace(jsonl), "\n") {
		if line == "" {
			continue
		}
		var a struct {
			ID          int64  `json:"id"`
			Title       string `json:"title"`
			DuplicateOf int64  `json:"duplicate_of"`
			Event       int64  `json:"event"`
			Storyline   int64  `json:"storyline"`
		}
		if err := json.Unmarshal([]byte(line), &a); err != nil {
			t.Fatalf("export line %.80s: %v", line, err)
		}
		x.titles[a.ID], x.dups[a.ID] = a.Title, a.DuplicateOf
		byEvent[a.Event] = append(byEvent[a.Event], a.ID)
		byStoryline[a.Storyline] = append(byStoryline[a.Storyline], a.ID)
	}
	x.events, x.storylines = partition(byEvent), partition(byStoryline)
	return x
}

// partition writes groups of ids as sorted strings, in sorted order: ids
// of groups (events, storylines) may differ, the grouping must not.
func partition(groups map[int64][]int64) []string {
	var out []string
	for _, ids := range groups {
		sort.Slice(ids, func(i, j int) bool { return ids[i] < ids[j] })
		out = append(out, fmt.Sprint(ids))
	}
	sort.Strings(out)
	return out
}

func sameExport(t *testing.T, what, got, want string) {
	t.Helper()
	g, w := readExport(t, got), readExport(t, want)
	if len(g.titles) != len(w.titles) || len(w.titles) == 0 {
		t.Fatalf("%s: %d articles, want %d", what, len(g.titles), len(w.titles))
	}
	for id, title := range w.titles {
		if g.titles[id] != title {
			t.Errorf("%s: article %d titled %q, want %q", what, id, g.titles[id], title)
		}
		if g.dups[id] != w.dups[id] {
			t.Errorf("%s: article %d a copy of %d, want %d", what, id, g.dups[id], w.dups[id])
		}
	}
	if fmt.Sprint(g.events) != fmt.Sprint(w.events) {
		t.Errorf("%s: events\n%v\nwant\n%v", what, g.events, w.events)
	}
	if fmt.Sprint(g.storylines) != fmt.Sprint(w.storylines) {
		t.Errorf("%s: storylines\n%v\nwant\n%v", what, g.storylines, w.storylines)
	}
}

// synthCorpus writes n articles of the synthetic pool as JSONL, for a
// corpus with events and storylines of some size.
func synthCorpus(t *testing.T, n int) string {
	t.Helper()
	pool := seedPool(t)
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	for i := 0; i < n; i++ {
		d := pool.Doc(3, i)
		enc.Encode(map[string]string{"id": d.SourceID, "text": d.Content})
	}
	path := filepath.Join(t.TempDir(), "corpus.jsonl")
	if err := os.WriteFile(path, buf.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

// TestPostgresReadsAsSQLite: ingest into both, then every reading command
// answers alike.
func TestPostgresReadsAsSQLite(t *testing.T) {
	for _, c := range []struct {
		name string
		n    int // synthetic articles, 0 for the seeds
	}{{"seeds", 0}, {"synthetic", 200}} {
		t.Run(c.name, func(t *testing.T) {
			if c.n > 0 && testing.Short() {
				t.Skip("ingests a synthetic corpus twice")
			}
			url := testenv.Postgres(t)
			file := filepath.Join(t.TempDir(), "t.db")
			input := seeds
			if c.n > 0 {
				input = synthCorpus(t, c.n)
			}
			for _, db := range []string{file, url} {
				mustRun(t, "ingest", "-q", "--db", db, input)
			}
			sameExport(t, "export", mustRun(t, "export", "--db", url), mustRun(t, "export", "--db", file))
			for _, args := range [][]string{{"list"}, {"events"}, {"storylines"}, {"entities"}, {"show", "2"}} {
				got := mustRun(t, append(args, "--db", url)...)
				want := mustRun(t, append(args, "--db", file)...)
				if got != want {
					t.Errorf("%q on PostgreSQL:\n%s\non SQLite:\n%s", args, got, want)
				}
			}
			// Ingesting again stores nothing new.
			_, stderr, code := run(t, "ingest", "-q", "--db", url, input)
			if code != 0 || !strings.Contains(stderr, " 0 ingested, ") && !strings.HasPrefix(stderr, "0 ingested, ") {
				t.Errorf("ingest again: exit %d\n%s", code, stderr)
			}
		})
	}
}

// TestPostgresFollowing: feeds, watchlists and tokens kept in PostgreSQL.
func TestPostgresFollowing(t *testing.T) {
	url := testenv.Postgres(t)
	mustRun(t, "feeds", "add", "https://news.example/feed.xml", "--title", "Example", "--db", url)
	if _, stderr, code := run(t, "feeds", "add", "https://news.example/feed.xml", "--db", url); code != 1 || !strings.Contains(stderr, "already subscribed") {
		t.Errorf("feeds add twice: exit %d, %s", code, stderr)
	}
	if out := mustRun(t, "feeds", "list", "--db", url); !strings.Contains(out, "https://news.example/feed.xml") {
		t.Errorf("feeds list:\n%s", out)
	}
	if out := mustRun(t, "feeds", "export", "--db", url); !strings.Contains(out, "https://news.example/feed.xml") {
		t.Errorf("feeds export:\n%s", out)
	}
	mustRun(t, "feeds", "remove", "1", "--db", url)
	if out := mustRun(t, "feeds", "list", "--db", url); !strings.Contains(out, "no feeds") {
		t.Errorf("feeds list after remove:\n%s", out)
	}

	if out := mustRun(t, "watch", "add", "--query", "ceasefire talks", "--name", "talks", "--db", url); !strings.Contains(out, "watchlist 1:") {
		t.Errorf("watch add:\n%s", out)
	}
	if out := mustRun(t, "watch", "list", "--db", url); !strings.Contains(out, "talks") || !strings.Contains(out, "ceasefire talks") {
		t.Errorf("watch list:\n%s", out)
	}
	mustRun(t, "watch", "remove", "1", "--db", url)
	if out := mustRun(t, "watch", "list", "--db", url); !strings.Contains(out, "no watchlists") {
		t.Errorf("watch list after remove:\n%s", out)
	}

	token := strings.TrimSpace(mustRun(t, "token", "create", "ci", "--db", url))
	st, err := openReadOnly(context.Background(), url)
	if err != nil {
		t.Fatal(err)
	}
	name, err := st.CheckToken(context.Background(), api.HashToken(token))
	st.Close()
	if err != nil || name != "ci" {
		t.Errorf("stored token: %q, %v", name, err)
	}
	if out := mustRun(t, "token", "list", "--db", url); !strings.Contains(out, "ci ") || strings.Contains(out, token) {
		t.Errorf("token list:\n%s", out)
	}
	mustRun(t, "token", "revoke", "ci", "--db", url)
	if _, stderr, code := run(t, "token", "revoke", "ci", "--db", url); code != 1 || !strings.Contains(stderr, `no token named "ci"`) {
		t.Errorf("revoke twice: exit %d, %s", code, stderr)
	}
}

// TestReprocessTo: reprocess --to writes into another database and leaves
// --db as it was; between SQLite files, and from and into PostgreSQL.
func TestReprocessTo(t *testing.T) {
	dir := t.TempDir()
	src, fresh := filepath.Join(dir, "src.db"), filepath.Join(dir, "fresh.db")
	for _, db := range []string{src, fresh} {
		mustRun(t, "ingest", "-q", "--db", db, seeds)
	}
	want := mustRun(t, "export", "--db", fresh)

	t.Run("sqlite", func(t *testing.T) {
		to := filepath.Join(t.TempDir(), "to.db")
		_, stderr, code := run(t, "reprocess", "-q", "--db", src, "--to", to)
		if code != 0 || !strings.Contains(stderr, "unchanged") {
			t.Fatalf("reprocess --to: exit %d\n%s", code, stderr)
		}
		if got := mustRun(t, "export", "--db", to); got != want {
			t.Errorf("export of --to differs from a fresh ingest:\n%s\nwant\n%s", got, want)
		}
		if got := mustRun(t, "export", "--db", src); got != want {
			t.Errorf("--db changed by reprocess --to:\n%s", got)
		}
	})
	t.Run("postgres", func(t *testing.T) {
		a, b := testenv.Postgres(t), testenv.Postgres(t)
		if _, stderr, code := run(t, "reprocess", "-q", "--db", src, "--to", a); code != 0 {
			t.Fatalf("reprocess into PostgreSQL: exit %d\n%s", code, stderr)
		}
		sameExport(t, "SQLite reprocessed into PostgreSQL", mustRun(t, "export", "--db", a), want)
		if _, stderr, code := run(t, "reprocess", "-q", "--db", a, "--to", b); code != 0 {
			t.Fatalf("reprocess PostgreSQL into PostgreSQL: exit %d\n%s", code, stderr)
		}
		sameExport(t, "PostgreSQL reprocessed", mustRun(t, "export", "--db", b), want)
		sameExport(t, "PostgreSQL after reprocess --to", mustRun(t, "export", "--db", a), want)
		// Done again, it resumes after the last article: nothing to do.
		if _, stderr, code := run(t, "reprocess", "-q", "--db", a, "--to", b); code != 0 || !strings.Contains(stderr, "resuming") {
			t.Errorf("reprocess into a finished --to: exit %d\n%s", code, stderr)
		}
		// A database holding other articles is not a --to.
		other := testenv.Postgres(t)
		mustRun(t, "ingest", "-q", "--db", other, synthCorpus(t, 10))
		if _, stderr, code := run(t, "reprocess", "-q", "--db", a, "--to", other); code != 1 || !strings.Contains(stderr, "needs an empty database") {
			t.Errorf("reprocess into another store: exit %d\n%s", code, stderr)
		}
	})
}

// TestPostgresUsage: what needs no server: reprocess in place is refused,
// and a connection error names the URL without its password.
func TestPostgresUsage(t *testing.T) {
	const bad = "postgres://storyline:s3cret@127.0.0.1:1/nothing?sslmode=disable"
	for _, c := range []struct {
		args []string
		code int
		want string
	}{
		{[]string{"reprocess", "--db", bad}, 2, "--to"},
		{[]string{"reprocess", "--db", bad, "--to", bad}, 2, "another"},
		{[]string{"demo", "--db", bad}, 2, "SQLite"},
		{[]string{"list", "--db", bad}, 1, "127.0.0.1:1"},
		{[]string{"export", "--db", bad}, 1, "127.0.0.1:1"},
		{[]string{"ingest", "-q", "--db", bad, seeds}, 1, "127.0.0.1:1"},
		{[]string{"token", "create", "x", "--db", bad}, 1, "127.0.0.1:1"},
		{[]string{"serve", "--db", bad, "--addr", "127.0.0.1:0"}, 1, "127.0.0.1:1"},
	} {
		_, stderr, code := run(t, c.args...)
		if code != c.code || !strings.Contains(stderr, c.want) {
			t.Errorf("%q: exit %d, want %d with %q:\n%s", c.args[0], code, c.code, c.want, stderr)
		}
		if strings.Contains(stderr, "s3cret") {
			t.Errorf("%q: the password is shown:\n%s", c.args[0], stderr)
		}
	}
}

// startServe runs serve with args on a free port until the test ends, and
// returns its address.
func startServe(t *testing.T, args ...string) string {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	var out, errs syncBuffer
	e := &env{ctx: ctx, stdin: strings.NewReader(""), stdout: &out, stderr: &errs}
	done := make(chan error, 1)
	go func() { done <- runServe(e, append(args, "--addr", "127.0.0.1:0")) }()
	t.Cleanup(func() {
		cancel()
		select {
		case err := <-done:
			if err != nil {
				t.Errorf("serve %q: %v", args, err)
			}
		case <-time.After(15 * time.Second):
			t.Errorf("serve %q did not stop", args)
		}
	})
	re := regexp.MustCompile(`http://127\.0\.0\.1:\d+/`)
	for deadline := time.Now().Add(60 * time.Second); ; time.Sleep(20 * time.Millisecond) {
		select {
		case err := <-done:
			t.Fatalf("serve %q ended: %v\n%s", args, err, errs.String())
		default:
		}
		if base := re.FindString(out.String()); base != "" {
			return base
		}
		if time.Now().After(deadline) {
			t.Fatalf("serve %q printed no URL: %q %q", args, out.String(), errs.String())
		}
	}
}

var (
	scoreRE  = regexp.MustCompile(`"score": [-0-9.e+]+`)
	storedRE = regexp.MustCompile(`"(stored_at|ingested_at|updated_at)": "[^"]*"`)
)

// normalise rounds the relevance scores of a search's JSON to 9 digits
// (the two stores sum a BM25 score in another order, and the last digits
// of a float64 differ) and blanks when each store stored an article.
func normalise(body string) string {
	body = storedRE.ReplaceAllString(body, `"$1": ""`)
	return scoreRE.ReplaceAllStringFunc(body, func(m string) string {
		var f float64
		fmt.Sscanf(strings.TrimPrefix(m, `"score": `), "%g", &f)
		return fmt.Sprintf(`"score": %.9g`, f)
	})
}

func httpDo(t *testing.T, method, url, token, body string) (int, string) {
	t.Helper()
	req, err := http.NewRequest(method, url, strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	return res.StatusCode, string(b)
}

// TestServePostgres: serve on a PostgreSQL database answers the API as on
// the SQLite file, and takes uploads through the same pool.
func TestServePostgres(t *testing.T) {
	url := testenv.Postgres(t)
	file := filepath.Join(t.TempDir(), "t.db")
	for _, db := range []string{file, url} {
		mustRun(t, "ingest", "-q", "--db", db, seeds)
	}
	token := strings.TrimSpace(mustRun(t, "token", "create", "up", "--db", url))
	pg := startServe(t, "--db", url, "--uploads", "--follow=false")
	lite := startServe(t, "--db", file)
	for _, path := range []string{"api/v1/storylines", "api/v1/storylines/1", "api/v1/events", "api/v1/articles/2",
		"api/v1/entities", "api/v1/quotes", "api/v1/outlets", "api/v1/search?q=Syria"} {
		code, got := httpDo(t, "GET", pg+path, "", "")
		_, want := httpDo(t, "GET", lite+path, "", "")
		got, want = normalise(got), normalise(want)
		if code != http.StatusOK || got != want {
			t.Errorf("/%s on PostgreSQL: status %d\n%s\non SQLite:\n%s", path, code, got, want)
		}
	}
	for _, path := range []string{"", "storylines/1", "events/1", "search?q=Syria"} {
		if code, body := httpDo(t, "GET", pg+path, "", ""); code != http.StatusOK || !strings.Contains(body, "<html") {
			t.Errorf("/%s on PostgreSQL: status %d", path, code)
		}
	}
	doc := `{"id": "up-1", "title": "An uploaded article", "text": "` + strings.Repeat("Uploaded words for the test. ", 20) + `"}` + "\n"
	if code, body := httpDo(t, "POST", pg+"api/v1/documents?name=up.jsonl", "", doc); code != http.StatusUnauthorized {
		t.Errorf("upload without a token: status %d, %s", code, body)
	}
	if code, body := httpDo(t, "POST", pg+"api/v1/documents?name=up.jsonl", token, doc); code != http.StatusOK {
		t.Errorf("upload: status %d, %s", code, body)
	}
	if out := mustRun(t, "export", "--db", url); strings.Count(out, "\n") != 6 || !strings.Contains(out, "An uploaded article") {
		t.Errorf("export after the upload:\n%.2000s", out)
	}
}

// TestDBHelpRedacted: a URL in STORYLINE_DB is the default --db, shown by
// -h without its password.
func TestDBHelpRedacted(t *testing.T) {
	t.Setenv("STORYLINE_DB", "postgres://storyline:s3cret@127.0.0.1:1/nothing")
	out, _, code := run(t, "list", "-h")
	if code != 0 || !strings.Contains(out, "SQLite database file or PostgreSQL URL") ||
		!strings.Contains(out, "127.0.0.1:1/nothing") || strings.Contains(out, "s3cret") {
		t.Errorf("list -h: exit %d\n%s", code, out)
	}
	if _, stderr, _ := run(t, "list"); !strings.Contains(stderr, "127.0.0.1:1") || strings.Contains(stderr, "s3cret") {
		t.Errorf("list with STORYLINE_DB: %s", stderr)
	}
}

// TestReprocessToRevisions: reprocess --to keeps an article's revision
// number; the earlier revisions are copied between SQLite files, and
// counted as left behind when the new database is PostgreSQL.
func TestReprocessToRevisions(t *testing.T) {
	dir := t.TempDir()
	in := filepath.Join(dir, "in")
	if err := os.CopyFS(in, os.DirFS(seeds)); err != nil {
		t.Fatal(err)
	}
	src := filepath.Join(dir, "src.db")
	mustRun(t, "ingest", "-q", "--db", src, in)
	names, _ := filepath.Glob(filepath.Join(in, "*"))
	sort.Strings(names)
	b, err := os.ReadFile(names[0])
	if err != nil {
		t.Fatal(err)
	}
	os.WriteFile(names[0], append(b, "\n\nA paragraph added in a later version of the article.\n"...), 0o644)
	if _, stderr, _ := run(t, "ingest", "-q", "--db", src, in); !strings.Contains(stderr, "1 revisions") {
		t.Fatalf("second ingest made no revision:\n%s", stderr)
	}
	want := mustRun(t, "export", "--db", src)
	if !strings.Contains(want, `"revision":2`) {
		t.Fatalf("no article at revision 2:\n%.500s", want)
	}
	cases := []struct {
		name, to, note string
	}{{"sqlite", filepath.Join(dir, "to.db"), "1 earlier revisions copied"}}
	if os.Getenv("STORYLINE_TEST_POSTGRES") != "" || testenv.CI() {
		cases = append(cases, struct{ name, to, note string }{"postgres", testenv.Postgres(t), "1 earlier revisions were not carried over"})
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, stderr, code := run(t, "reprocess", "-q", "--db", src, "--to", c.to)
			if code != 0 || !strings.Contains(stderr, c.note) {
				t.Fatalf("reprocess --to: exit %d, want %q:\n%s", code, c.note, stderr)
			}
			got := mustRun(t, "export", "--db", c.to)
			sameExport(t, "reprocessed", got, want)
			if !strings.Contains(got, `"revision":2`) {
				t.Errorf("the revised article's number is lost:\n%.500s", got)
			}
		})
	}
}
