package queue

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/nats-io/nats.go/jetstream"

	"github.com/storyline-news/storyline/internal/news"
	"github.com/storyline-news/storyline/internal/pipeline"
	"github.com/storyline-news/storyline/internal/store"
	"github.com/storyline-news/storyline/internal/store/sqlite"
	"github.com/storyline-news/storyline/internal/testenv"
)

// newQueue connects to the test server with streams of the test's own,
// deleted when it ends.
func newQueue(t *testing.T) *Queue {
	t.Helper()
	url := testenv.NATS(t)
	b := make([]byte, 4)
	rand.Read(b)
	prefix := "TEST_" + strings.ToUpper(hex.EncodeToString(b))
	ctx := context.Background()
	log := slog.New(slog.NewTextHandler(testWriter{t}, &slog.HandlerOptions{Level: slog.LevelWarn}))
	q, err := Connect(ctx, url, Options{Prefix: prefix, Name: t.Name(), LeaseTTL: 3 * time.Second, Log: log})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if err := q.Delete(context.Background()); err != nil {
			t.Logf("delete streams: %v", err)
		}
		q.Close()
	})
	return q
}

type testWriter struct{ t *testing.T }

func (w testWriter) Write(b []byte) (int, error) {
	w.t.Log(strings.TrimSpace(string(b)))
	return len(b), nil
}

func doc(i int) news.Document {
	return news.Document{SourceID: fmt.Sprint("d", i), Origin: fmt.Sprint("in:", i), Source: "in",
		URL: fmt.Sprintf("https://example.org/news/%d", i), Format: news.FormatText,
		Content: fmt.Sprintf("Headline number %d\n\nThe body of article %d says something about %d things.", i, i, i)}
}

// publish publishes docs and returns what became of each.
func publish(t *testing.T, q *Queue, docs []news.Document) []Published {
	t.Helper()
	var out []Published
	p := q.NewPublisher(func(r Published) { out = append(out, r) })
	ctx := context.Background()
	for _, d := range docs {
		if err := p.Publish(ctx, d); err != nil {
			t.Fatal(err)
		}
	}
	if err := p.Flush(ctx); err != nil {
		t.Fatal(err)
	}
	return out
}

func openStore(t *testing.T) *sqlite.Store {
	st, err := sqlite.Open(filepath.Join(t.TempDir(), "q.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	return st
}

// run starts a worker (analysis and placing) over st until the returned
// stop is called.
func run(t *testing.T, q *Queue, st store.Store, prepare func(news.Document) (*news.Article, error), holder string) (stop func()) {
	return runBuffer(t, q, st, prepare, holder, 0)
}

func runBuffer(t *testing.T, q *Queue, st store.Store, prepare func(news.Document) (*news.Article, error), holder string, buffer int) (stop func()) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	var wg sync.WaitGroup
	wg.Add(2)
	go func() {
		defer wg.Done()
		if err := q.Work(ctx, WorkOptions{Workers: 3, Prepare: prepare, AckWait: 3 * time.Second}); err != nil {
			t.Error(err)
		}
	}()
	go func() {
		defer wg.Done()
		err := q.Place(ctx, PlaceOptions{Holder: holder, GapWait: 500 * time.Millisecond, Buffer: buffer,
			Open: func(ctx context.Context) (*pipeline.Runner, error) {
				r, _, err := pipeline.New(ctx, st, 0, 0, pipeline.All)
				return r, err
			}})
		if err != nil {
			t.Error(err)
		}
	}()
	return func() { cancel(); wg.Wait() }
}

func waitPlaced(t *testing.T, q *Queue, seq uint64) State {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 90*time.Second)
	defer cancel()
	s, err := q.WaitPlaced(ctx, seq, nil)
	if err != nil {
		t.Fatalf("waiting for the placer to pass %d: %v (at %+v)", seq, err, s)
	}
	return s
}

func TestConnectFailureNamesURL(t *testing.T) {
	_, err := Connect(context.Background(), "nats://127.0.0.1:1", Options{})
	if err == nil || !strings.Contains(err.Error(), "nats://127.0.0.1:1") {
		t.Fatalf("err = %v, want one naming the URL", err)
	}
}

func TestResultRoundTrip(t *testing.T) {
	d := doc(1)
	d.FetchedAt = time.Date(2024, 5, 1, 10, 0, 0, 0, time.UTC)
	d.FeedItem = 7
	a, err := pipeline.Prepare(d)
	if err != nil {
		t.Fatal(err)
	}
	if a.ContentHash == "" {
		t.Fatal("Prepare left ContentHash empty")
	}
	body, err := encodeResult(Result{RawSeq: 9, Doc: d, Article: a})
	if err != nil {
		t.Fatal(err)
	}
	r, err := decodeResult(body, "gzip")
	if err != nil {
		t.Fatal(err)
	}
	if r.RawSeq != 9 || r.Article.ContentHash != a.ContentHash || r.Doc.FeedItem != 7 || !r.Doc.FetchedAt.Equal(d.FetchedAt) ||
		r.Article.Title != a.Title || r.Article.Text != a.Text || len(r.Article.Entities) != len(a.Entities) {
		t.Fatalf("round trip changed the result: %+v", r)
	}
	if _, err := decodeResult([]byte("not gzip"), "gzip"); err == nil {
		t.Fatal("garbage decoded")
	}
}

// TestPlaceInOrder: results that come out of order (slow documents) are
// stored in the order published, duplicates once, failures counted.
func TestPlaceInOrder(t *testing.T) {
	q := newQueue(t)
	st := openStore(t)
	var docs []news.Document
	for i := 0; i < 40; i++ {
		docs = append(docs, doc(i))
	}
	docs = append(docs, doc(5)) // an exact duplicate: de-duplicated by the stream
	bad := doc(99)
	bad.Content = "" // fails extraction
	docs = append(docs, bad)
	pubs := publish(t, q, docs)
	dups := 0
	var last uint64
	for _, p := range pubs {
		if p.Err != nil {
			t.Fatal(p.Err)
		}
		if p.Duplicate {
			dups++
		}
		last = max(last, p.Seq)
	}
	if dups != 1 || last != 41 {
		t.Fatalf("%d duplicates, last seq %d; want 1 and 41", dups, last)
	}
	slow := func(d news.Document) (*news.Article, error) {
		var i int
		fmt.Sscanf(d.SourceID, "d%d", &i)
		time.Sleep(time.Duration((i*7)%5) * 20 * time.Millisecond)
		return pipeline.Prepare(d)
	}
	stop := run(t, q, st, slow, "a")
	s := waitPlaced(t, q, last)
	stop()
	if s.Inserted != 40 || s.Failed != 1 || s.Next != 42 {
		t.Fatalf("state %+v, want 40 inserted, 1 failed, next 42", s)
	}
	// Ids follow the order published.
	i := 0
	err := st.Each(context.Background(), store.Query{}, func(a *news.Article) error {
		if want := fmt.Sprint("d", i); a.SourceID != want {
			return fmt.Errorf("article %d is %s, want %s", a.ID, a.SourceID, want)
		}
		i++
		return nil
	})
	if err != nil || i != 40 {
		t.Fatalf("%v (%d articles)", err, i)
	}
}

// TestBufferFull: while the first document is slow, later results fill
// the placer's buffer, so that the consumer cannot deliver the first's
// when it comes; the placer reads it directly and goes on in order.
func TestBufferFull(t *testing.T) {
	q := newQueue(t)
	st := openStore(t)
	var docs []news.Document
	for i := 0; i < 12; i++ {
		docs = append(docs, doc(i))
	}
	publish(t, q, docs)
	slow := func(d news.Document) (*news.Article, error) {
		if d.SourceID == "d0" {
			time.Sleep(2 * time.Second)
		}
		return pipeline.Prepare(d)
	}
	stop := runBuffer(t, q, st, slow, "a", 3)
	s := waitPlaced(t, q, 12)
	stop()
	if s.Inserted != 12 {
		t.Fatalf("state %+v, want 12 inserted", s)
	}
	i := 0
	err := st.Each(context.Background(), store.Query{}, func(a *news.Article) error {
		if want := fmt.Sprint("d", i); a.SourceID != want {
			return fmt.Errorf("article %d is %s, want %s", a.ID, a.SourceID, want)
		}
		i++
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

// TestRedelivered: a document handed out MaxDeliveries-1 times already is
// published as failed without being tried, and the placer moves on.
func TestRedelivered(t *testing.T) {
	q := newQueue(t)
	st := openStore(t)
	publish(t, q, []news.Document{doc(1), doc(2)})
	ctx := context.Background()
	cons, err := q.js.CreateOrUpdateConsumer(ctx, q.Names.Raw, jetstream.ConsumerConfig{
		Durable: q.Names.Workers, AckPolicy: jetstream.AckExplicitPolicy, AckWait: 3 * time.Second})
	if err != nil {
		t.Fatal(err)
	}
	// Document 1 is handed out and dropped MaxDeliveries-1 times (as by a
	// worker that crashes on it); document 2 is left alone.
	for delivered := uint64(0); delivered < MaxDeliveries-1; {
		b, err := cons.Fetch(1, jetstream.FetchMaxWait(2*time.Second))
		if err != nil {
			t.Fatal(err)
		}
		for m := range b.Messages() {
			meta, _ := m.Metadata()
			if meta.Sequence.Stream == 1 {
				delivered = meta.NumDelivered
				m.Nak()
			} else {
				m.NakWithDelay(5 * time.Second)
			}
		}
	}
	var tried sync.Map
	prepare := func(d news.Document) (*news.Article, error) {
		tried.Store(d.SourceID, true)
		return pipeline.Prepare(d)
	}
	stop := run(t, q, st, prepare, "a")
	s := waitPlaced(t, q, 2)
	stop()
	if _, ok := tried.Load("d1"); ok {
		t.Error("the document delivered for the 4th time was tried")
	}
	if s.Inserted != 1 || s.Failed != 1 {
		t.Fatalf("state %+v, want 1 inserted and 1 failed", s)
	}
}

// TestGapSkipped: a raw document deleted before any worker saw it is
// skipped after GapWait.
func TestGapSkipped(t *testing.T) {
	q := newQueue(t)
	st := openStore(t)
	publish(t, q, []news.Document{doc(1), doc(2), doc(3)})
	if err := q.raw.DeleteMsg(context.Background(), 2); err != nil {
		t.Fatal(err)
	}
	stop := run(t, q, st, pipeline.Prepare, "a")
	s := waitPlaced(t, q, 3)
	stop()
	if s.Inserted != 2 || s.Skipped != 1 {
		t.Fatalf("state %+v, want 2 inserted and 1 skipped", s)
	}
}

// TestTooLarge: a document over the server's limit is an error naming it;
// the others are published.
func TestTooLarge(t *testing.T) {
	q := newQueue(t)
	big := doc(1)
	b := make([]byte, q.nc.MaxPayload()*2)
	rand.Read(b)
	big.Content = hex.EncodeToString(b) // incompressible
	pubs := publish(t, q, []news.Document{big, doc(2)})
	if len(pubs) != 2 || !errors.Is(pubs[0].Err, ErrTooLarge) || !strings.Contains(pubs[0].Err.Error(), "in:1") || pubs[1].Err != nil || pubs[1].Seq != 1 {
		t.Fatalf("got %+v", pubs)
	}
}

// TestLeaseTakeover: one placer at a time; when it stops, another takes
// over and goes on from its checkpoint.
func TestLeaseTakeover(t *testing.T) {
	q := newQueue(t)
	st := openStore(t)
	publish(t, q, []news.Document{doc(1), doc(2)})
	var mu sync.Mutex
	var leases []string
	opts := func(name string) PlaceOptions {
		return PlaceOptions{Holder: name, OnLease: func() { mu.Lock(); leases = append(leases, name); mu.Unlock() },
			Open: func(ctx context.Context) (*pipeline.Runner, error) {
				r, _, err := pipeline.New(ctx, st, 0, 0, pipeline.All)
				return r, err
			}}
	}
	ctx := context.Background()
	ctxA, stopA := context.WithCancel(ctx)
	ctxB, stopB := context.WithCancel(ctx)
	ctxW, stopW := context.WithCancel(ctx)
	var wg sync.WaitGroup
	wg.Add(2)
	go func() { defer wg.Done(); q.Work(ctxW, WorkOptions{Workers: 2, Prepare: pipeline.Prepare}) }()
	doneA := make(chan struct{})
	go func() { defer close(doneA); q.Place(ctxA, opts("a")) }()
	waitPlaced(t, q, 2)
	go func() { defer wg.Done(); q.Place(ctxB, opts("b")) }()
	time.Sleep(time.Second)
	mu.Lock()
	if len(leases) != 1 || leases[0] != "a" {
		t.Errorf("leases %v while a holds it", leases)
	}
	mu.Unlock()
	stopA()
	<-doneA
	publish(t, q, []news.Document{doc(3)})
	s := waitPlaced(t, q, 3)
	stopB()
	stopW()
	wg.Wait()
	if s.Inserted != 3 {
		t.Fatalf("state %+v, want 3 inserted", s)
	}
	mu.Lock()
	defer mu.Unlock()
	if fmt.Sprint(leases) != "[a b]" {
		t.Fatalf("leases %v, want [a b]", leases)
	}
}

func TestMain(m *testing.M) { os.Exit(m.Run()) }
