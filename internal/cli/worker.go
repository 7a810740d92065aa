package cli

import (
	"context"
	"fmt"
	"log/slog"
	"os"
	"runtime"
	"sync"
	"sync/atomic"
	"time"

	"github.com/storyline-news/storyline/internal/analyze"
	"github.com/storyline-news/storyline/internal/extract"
	"github.com/storyline-news/storyline/internal/news"
	"github.com/storyline-news/storyline/internal/pipeline"
	"github.com/storyline-news/storyline/internal/queue"
	"github.com/storyline-news/storyline/internal/store"
)

func init() {
	register("worker", "extract, analyse and place documents from the work queue (NATS JetStream)", runWorker)
}

const workerAbout = `Takes raw documents that storyline ingest --queue and storyline follow
--queue published to the NATS JetStream queue, extracts and analyses them
(--workers at a time), and publishes the results. Start as many workers as
you like, on any machines.

One worker at a time also places: it holds a lease in the queue and
commits the results to the store (--db) in the order the documents were
published, a batch per transaction, so that duplicates, events and
storylines are those a single storyline ingest of the same documents in
the same order makes. When it stops, another worker takes over within the
lease's 15 seconds. --place=false leaves placing to the others.

A document is acknowledged only once its result is committed; a worker
killed at any point loses nothing, and a document redelivered is not
stored twice. One that stopped a worker 3 times is given up (counted as
failed).
SIGINT or SIGTERM stops fetching, finishes what is in hand, and exits.`

func runWorker(e *env, args []string) error {
	fs := flags(e, "worker", "[flags]", workerAbout)
	db := dbFlag(fs)
	qf := addQueueFlags(fs, "NATS `URL` of the work queue, e.g. nats://127.0.0.1:4222")
	workers := fs.Int("workers", runtime.GOMAXPROCS(0), "documents analysed at once")
	place := fs.Bool("place", true, "compete for the placer's lease and commit results to --db")
	batch := fs.Int("batch", 256, "most results committed per transaction")
	ackWait := fs.Duration("ack-wait", time.Minute, "how long a document stays with a worker that stopped answering before another gets it")
	every := fs.Duration("progress", 5*time.Second, "how often to log progress")
	if err := parse(fs, args); err != nil {
		return err
	}
	if err := noArgs(fs); err != nil {
		return err
	}
	if !qf.set() {
		return usageErrorf("--queue (or STORYLINE_QUEUE) names the NATS server")
	}
	var st store.Full
	if *place {
		var err error
		if st, err = openStore(e.ctx, *db); err != nil {
			return err
		}
		defer st.Close()
	}
	q, err := qf.connect(e.ctx, "worker", e.stderr, slog.LevelInfo)
	if err != nil {
		return err
	}
	defer q.Close()

	var c workerCounts
	stopLog := c.logEvery(e, *every)
	var wg sync.WaitGroup
	var werr, perr error
	wg.Add(1)
	go func() {
		defer wg.Done()
		werr = q.Work(e.ctx, queue.WorkOptions{Workers: *workers, Prepare: c.timedPrepare, AckWait: *ackWait,
			OnDone: func(_ news.Document, err error) {
				c.analysed.Add(1)
				if err != nil {
					c.analyseFailed.Add(1)
				}
			}})
	}()
	if *place {
		host, _ := os.Hostname()
		wg.Add(1)
		go func() {
			defer wg.Done()
			perr = q.Place(e.ctx, queue.PlaceOptions{
				Holder: fmt.Sprintf("%s[%d]", host, os.Getpid()), Batch: *batch,
				Open: func(ctx context.Context) (*pipeline.Runner, error) {
					r, _, err := pipeline.New(ctx, timedStore{st, &c.put}, 0, *batch, pipeline.All)
					if err != nil {
						return nil, err
					}
					hook := r.Hook
					r.Hook = func(base int64, items []store.Item, outs []store.Outcome) (store.Derived, error) {
						defer c.hook.since(time.Now())
						return hook(base, items, outs)
					}
					return r, nil
				},
				OnLease: func() { fmt.Fprintf(e.stderr, "worker: placing into %s\n", dbName(*db)) },
				OnResult: func(d news.Document, o store.Outcome, err error) {
					c.placed.Add(1)
					switch {
					case err != nil:
						c.failed.Add(1)
						fmt.Fprintf(e.stderr, "error: %v\n", err)
					case o == store.Inserted:
						c.inserted.Add(1)
					case o == store.Unchanged:
						c.unchanged.Add(1)
					case o == store.Revised:
						c.revised.Add(1)
					}
				}})
		}()
	}
	wg.Wait()
	stopLog()
	if werr != nil {
		return werr
	}
	return perr
}

// workerCounts is what a worker did, for its progress lines, and where
// its time went: extraction and analysis on the analysing goroutines
// (summed over them), the entity and cluster hook and Put as a whole on
// the placer (Put less the hook is the database's share).
type workerCounts struct {
	analysed, analyseFailed                      atomic.Int64
	placed, inserted, unchanged, revised, failed atomic.Int64
	extract, analyze, hook, put                  clock
}

// clock sums durations from several goroutines.
type clock struct{ ns atomic.Int64 }

func (c *clock) since(t time.Time) { c.ns.Add(int64(time.Since(t))) }

func (c *clock) seconds() float64 { return time.Duration(c.ns.Load()).Seconds() }

// timedPrepare is pipeline.Prepare with each stage timed.
func (c *workerCounts) timedPrepare(d news.Document) (*news.Article, error) {
	return pipeline.PrepareWith(d, func(d news.Document) (*news.Article, error) {
		defer c.extract.since(time.Now())
		return extract.Article(d)
	}, func(a *news.Article) error {
		defer c.analyze.since(time.Now())
		return analyze.Article(a)
	})
}

// timedStore times Put, the placer's transactions.
type timedStore struct {
	store.Store
	put *clock
}

func (s timedStore) Put(ctx context.Context, items []store.Item, hook store.Hook) ([]store.Outcome, error) {
	defer s.put.since(time.Now())
	return s.Store.Put(ctx, items, hook)
}

// times says where the time went.
func (c *workerCounts) times() string {
	return fmt.Sprintf("worker: time in extraction %.1fs, analysis %.1fs, placement (entities and clusters) %.1fs, database %.1fs",
		c.extract.seconds(), c.analyze.seconds(), c.hook.seconds(), c.put.seconds()-c.hook.seconds())
}

func (c *workerCounts) line(elapsed time.Duration) string {
	return fmt.Sprintf("worker: %d analysed (%d failed); %d placed (%d new, %d unchanged, %d revisions, %d failed); %.1f analysed/s, %.1f placed/s",
		c.analysed.Load(), c.analyseFailed.Load(), c.placed.Load(), c.inserted.Load(), c.unchanged.Load(), c.revised.Load(), c.failed.Load(),
		float64(c.analysed.Load())/elapsed.Seconds(), float64(c.placed.Load())/elapsed.Seconds())
}

// logEvery logs progress every d while anything changes, and once more
// when stopped.
func (c *workerCounts) logEvery(e *env, d time.Duration) (stop func()) {
	start := time.Now()
	done := make(chan struct{})
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		t := time.NewTicker(d)
		defer t.Stop()
		last := int64(-1)
		for {
			select {
			case <-done:
				fmt.Fprintln(e.stderr, c.line(time.Since(start)))
				fmt.Fprintln(e.stderr, c.times())
				return
			case <-t.C:
				if n := c.analysed.Load() + c.placed.Load(); n != last {
					last = n
					fmt.Fprintln(e.stderr, c.line(time.Since(start)))
				}
			}
		}
	}()
	return func() { close(done); wg.Wait() }
}
