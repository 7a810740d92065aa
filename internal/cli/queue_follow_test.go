package cli

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/storyline-news/storyline/internal/pipeline"
	"github.com/storyline-news/storyline/internal/queue"
	"github.com/storyline-news/storyline/internal/store"
	"github.com/storyline-news/storyline/internal/store/sqlite"
	"github.com/storyline-news/storyline/internal/testenv"
)

// testQueue connects to the test NATS server with streams of the test's
// own, deleted when it ends.
func testQueue(t *testing.T) (*queue.Queue, string) {
	url := testenv.NATS(t)
	b := make([]byte, 4)
	rand.Read(b)
	prefix := "TEST_CLI_" + strings.ToUpper(hex.EncodeToString(b))
	q, err := queue.Connect(context.Background(), url, queue.Options{Prefix: prefix})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { q.Delete(context.Background()); q.Close() })
	return q, prefix
}

// startQueueWorker runs a worker (analysis and placing into st) in the
// test's process until stop is called.
func startQueueWorker(t *testing.T, q *queue.Queue, st store.Store) (stop func()) {
	ctx, cancel := context.WithCancel(context.Background())
	var wg sync.WaitGroup
	wg.Add(2)
	go func() { defer wg.Done(); q.Work(ctx, queue.WorkOptions{Workers: 2, Prepare: pipeline.Prepare}) }()
	go func() {
		defer wg.Done()
		q.Place(ctx, queue.PlaceOptions{Holder: t.Name(), Open: func(ctx context.Context) (*pipeline.Runner, error) {
			r, _, err := pipeline.New(ctx, st, 0, 0, pipeline.All)
			return r, err
		}})
	}()
	return func() { cancel(); wg.Wait() }
}

// TestFollowToQueue: follow --queue publishes the fetched pages instead of
// storing them, does not fetch them again at the next pass, and a worker
// stores them with their feed items marked stored.
func TestFollowToQueue(t *testing.T) {
	q, prefix := testQueue(t)
	url := q.URL
	ctx := context.Background()
	site := newNewsSite(t, 5)
	db := filepath.Join(t.TempDir(), "f.db")
	mustRun(t, "feeds", "add", site.srv.URL+"/feed.rss", "--allow-private", "--db", db)
	follow := []string{"follow", "--once", "--host-delay", "1ms", "--db", db, "--queue", url, "--queue-prefix", prefix}
	if out := mustRun(t, follow...); !strings.Contains(out, "published 5 documents") {
		t.Errorf("follow --queue: %s", out)
	}
	if n := count(t, db); n != 0 {
		t.Errorf("%d articles stored by follow --queue, want 0 (the workers store them)", n)
	}
	pages, _, _ := site.counts()
	site.setItems(5)
	mustRun(t, follow...)
	if p, _, _ := site.counts(); p != pages {
		t.Errorf("the second pass fetched %d pages again before any worker stored them", p-pages)
	}

	st, err := sqlite.Open(db)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	stop := startQueueWorker(t, q, st)
	last, err := q.LastRawSeq(ctx)
	if err != nil {
		t.Fatal(err)
	}
	tctx, cancel := context.WithTimeout(ctx, time.Minute)
	defer cancel()
	s, err := q.WaitPlaced(tctx, last, nil)
	stop()
	if err != nil || s.Inserted != 5 {
		t.Fatalf("placed %+v, %v; want 5 inserted", s, err)
	}
	items, err := st.FeedItems(ctx, 1, 10)
	if err != nil {
		t.Fatal(err)
	}
	for _, it := range items {
		if it.State != store.ItemStored {
			t.Errorf("item %d (%s) is %s, want stored", it.ID, it.Doc.URL, it.State)
		}
	}
}
