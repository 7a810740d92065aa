package api

import (
	"context"
	"flag"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/storyline-news/storyline/internal/ingest"
	"github.com/storyline-news/storyline/internal/news"
	"github.com/storyline-news/storyline/internal/pipeline"
	"github.com/storyline-news/storyline/internal/store/sqlite"
)

var update = flag.Bool("update", false, "rewrite the golden files under testdata/")

// seedsDir holds the sample articles, ingested as storyline demo does.
const seedsDir = "../../testdata/seeds"

// newSeeded returns a new store in a temporary directory holding the
// ingested seeds.
func newSeeded(t testing.TB, dir string) *sqlite.Store {
	t.Helper()
	st, err := sqlite.Open(filepath.Join(dir, "seeds.db"))
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	r, _, err := pipeline.New(ctx, st, 0, 0, pipeline.All)
	if err != nil {
		t.Fatal(err)
	}
	sum, err := r.Run(ctx, func(ctx context.Context, emit func(news.Document) error, fail func(error)) error {
		return ingest.Scan(ctx, []string{seedsDir}, ingest.Options{}, emit, func(ie *ingest.Error) { fail(ie) })
	})
	if err != nil || sum.Inserted != 5 {
		t.Fatalf("ingest seeds: %+v, %v", sum, err)
	}
	return st
}

// shared is one seeded store for the tests that only read.
var shared struct {
	once sync.Once
	dir  string
	st   *sqlite.Store
}

func TestMain(m *testing.M) {
	flag.Parse()
	code := m.Run()
	if shared.st != nil {
		shared.st.Close()
		os.RemoveAll(shared.dir)
	}
	os.Exit(code)
}

func sharedStore(t testing.TB) *sqlite.Store {
	shared.once.Do(func() {
		dir, err := os.MkdirTemp("", "storyline-api")
		if err != nil {
			t.Fatal(err)
		}
		shared.dir = dir
		shared.st = newSeeded(t, dir)
	})
	if shared.st == nil {
		t.Fatal("no seeded store")
	}
	return shared.st
}

// response is what a request got.
type response struct {
	status int
	header http.Header
	body   []byte
}

// do sends a request to h; header is name, value pairs.
func do(t testing.TB, h http.Handler, method, target string, body io.Reader, header ...string) response {
	t.Helper()
	req := httptest.NewRequest(method, target, body)
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
	}
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	return response{rec.Code, rec.Header(), rec.Body.Bytes()}
}

func get(t testing.TB, h http.Handler, target string, header ...string) response {
	t.Helper()
	return do(t, h, http.MethodGet, target, nil, header...)
}

// goldenName turns a request path into a file name under testdata/.
func goldenName(target string) string {
	name := strings.TrimPrefix(target, "/api/v1/")
	name = strings.NewReplacer("/", "_", "?", "_", "&", "_", "=", "-").Replace(name)
	name = strings.Map(func(r rune) rune {
		if r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '-' || r == '_' || r == '.' {
			return r
		}
		return '_'
	}, name)
	return filepath.Join("testdata", name+".json")
}

// discard is a logger for tests whose faults are meant.
func discard() *slog.Logger { return slog.New(slog.NewTextHandler(io.Discard, nil)) }
