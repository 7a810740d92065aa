// Package pipeline runs the stages over documents and commits them to a
// store. It is the one path used by ingest, reprocess, feeds and workers.
package pipeline

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"runtime"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/storyline-news/storyline/internal/news"
	"github.com/storyline-news/storyline/internal/store"
)

// ErrInternal marks a document on which a stage panicked: a bug, reported
// like bad input so that one document cannot stop a run.
var ErrInternal = errors.New("internal error")

// Extractor turns one raw document into an article.
type Extractor func(news.Document) (*news.Article, error)

// Source produces documents: emit for each, fail for each bad input item.
type Source func(ctx context.Context, emit func(news.Document) error, fail func(error)) error

// Runner runs documents from a source through extraction into a store.
type Runner struct {
	Store   store.Store
	Extract Extractor
	// Analyze, if set, runs on each extracted article in the workers.
	Analyze func(*news.Article) error
	// Hook, if set, runs in each batch's transaction (store.Hook); Reset
	// is called after a failed transaction to restore what Hook keeps in
	// memory from the store.
	Hook  store.Hook
	Reset func(context.Context) error
	// Prefetch, if set, runs before every attempt to put a batch, outside
	// the transaction: where a hook reads what the batch needs into memory.
	Prefetch func(ctx context.Context, items []store.Item) error
	// Checkpoint, if set, runs after each committed batch with final false,
	// and once at the end of a run that committed everything with final
	// true: where derived state that is costly to reopen is saved.
	Checkpoint func(ctx context.Context, final bool) error
	// Identity gives each article's key (store.Item.Key); nil means
	// Identity. It runs in input order, one article at a time.
	Identity func(news.Document, *news.Article) string
	Workers  int // extraction goroutines; 0 means GOMAXPROCS
	Batch    int // articles per transaction; 0 means 256
	// OnResult, if set, is called (from one goroutine) after each document is
	// committed or has failed; err is nil on success.
	OnResult func(doc news.Document, o store.Outcome, err error)
}

// Summary counts what a run did.
type Summary struct {
	Inserted, Unchanged, Revised, Failed int
	Errors                               []error // one per failed item, in input order
	Elapsed                              time.Duration
}

// Total is the number of documents seen.
func (s Summary) Total() int { return s.Inserted + s.Unchanged + s.Revised + s.Failed }

// Hash identifies a document's raw content and the metadata its container
// states: a corrected headline in a JSONL or feed item is a new version
// even when the text is the same.
func Hash(d news.Document) string {
	h := sha256.New()
	for _, s := range []string{string(d.Format), d.Content, d.Title, d.Published, d.Outlet, strings.Join(d.Authors, "\x1f")} {
		h.Write([]byte(s))
		h.Write([]byte{0})
	}
	return hex.EncodeToString(h.Sum(nil)[:16])
}

type job struct {
	seq int
	doc news.Document
	art *news.Article
	err error
}

// Run reads src to the end, extracting on Workers goroutines and committing
// in input order, Batch articles per transaction. An item that fails is
// counted and reported; the run goes on. Run returns an error only when the
// store fails or ctx ends; the summary is valid either way.
func (r *Runner) Run(ctx context.Context, src Source) (Summary, error) {
	start := time.Now()
	workers := r.Workers
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	batch := r.Batch
	if batch <= 0 {
		batch = 256
	}
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()

	in := make(chan job, workers*4)
	out := make(chan job, workers*4)
	var srcErr error
	go func() {
		defer close(in)
		seq := 0
		send := func(j job) error {
			j.seq = seq
			seq++
			select {
			case in <- j:
				return nil
			case <-ctx.Done():
				return ctx.Err()
			}
		}
		srcErr = src(ctx,
			func(d news.Document) error { return send(job{doc: d}) },
			func(err error) { send(job{err: err}) })
	}()
	var wg sync.WaitGroup
	for i := 0; i < workers; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for j := range in {
				if j.err == nil {
					j.art, j.err = r.extract(j.doc)
				}
				out <- j
			}
		}()
	}
	go func() { wg.Wait(); close(out) }()

	var sum Summary
	var pending []job
	waiting := map[int]job{}
	next := 0
	var storeErr error
	flush := func() {
		if len(pending) == 0 || storeErr != nil {
			return
		}
		storeErr = r.commit(ctx, pending, &sum)
		pending = pending[:0]
	}
	for j := range out {
		if storeErr != nil {
			continue // drain so workers can finish
		}
		waiting[j.seq] = j
		for {
			j, ok := waiting[next]
			if !ok {
				break
			}
			delete(waiting, next)
			next++
			if j.err != nil {
				r.fail(&sum, j, j.err)
				continue
			}
			pending = append(pending, j)
			if len(pending) >= batch {
				flush()
			}
		}
	}
	flush()
	if storeErr == nil && ctx.Err() == nil && r.Checkpoint != nil {
		storeErr = r.Checkpoint(ctx, true)
	}
	sum.Elapsed = time.Since(start)
	if storeErr != nil {
		return sum, storeErr
	}
	if srcErr != nil && !errors.Is(srcErr, context.Canceled) {
		return sum, srcErr
	}
	return sum, ctx.Err()
}

func (r *Runner) fail(sum *Summary, j job, err error) {
	sum.Failed++
	sum.Errors = append(sum.Errors, err)
	if r.OnResult != nil {
		r.OnResult(j.doc, 0, err)
	}
}

// commit stores a batch in one transaction, counting into sum. A batch
// refused while the store does not answer stops the run as a store
// failure: a database restarting must not count the batch as bad input.
func (r *Runner) commit(ctx context.Context, jobs []job, sum *Summary) error {
	return r.commitJobs(ctx, jobs, r.probe, func(i int, o store.Outcome, err error) {
		if err != nil {
			r.fail(sum, jobs[i], err)
			return
		}
		r.count(sum, jobs[i], o)
	})
}

// commitJobs stores a batch in one transaction and tells record each
// item's outcome. If another writer changed the derived state meanwhile,
// it reloads and tries again; if the batch fails, it retries the items one
// by one so that a single bad item costs only itself. probe, if set, is
// asked after each failure whether the store itself is at fault (down,
// unreachable): its error is then returned, as a store failure, rather
// than the items counted as failed.
func (r *Runner) commitJobs(ctx context.Context, jobs []job, probe func(context.Context) error, record func(i int, o store.Outcome, err error)) error {
	identity := r.Identity
	if identity == nil {
		identity = Identity
	}
	items := make([]store.Item, len(jobs))
	for i, j := range jobs {
		items[i] = store.Item{Doc: j.doc, Article: j.art, Key: identity(j.doc, j.art)}
	}
	outs, err := r.put(ctx, items)
	if err == nil {
		for i, o := range outs {
			record(i, o, nil)
		}
		return r.checkpoint(ctx)
	}
	if ctx.Err() != nil {
		return ctx.Err()
	}
	if perr := probeStore(ctx, probe, err); perr != nil {
		return perr
	}
	for i, it := range items {
		o, err := r.put(ctx, []store.Item{it})
		if err != nil {
			if ctx.Err() != nil {
				return ctx.Err()
			}
			if perr := probeStore(ctx, probe, err); perr != nil {
				return perr
			}
			record(i, 0, err)
			continue
		}
		record(i, o[0], nil)
	}
	return r.checkpoint(ctx)
}

// probe asks the store whether it answers.
func (r *Runner) probe(ctx context.Context) error {
	_, err := r.Store.DerivedVersion(ctx)
	return err
}

// probeStore returns a store failure when probe says the store failed
// rather than the item (err).
func probeStore(ctx context.Context, probe func(context.Context) error, err error) error {
	if probe == nil {
		return nil
	}
	if perr := probe(ctx); perr != nil {
		return fmt.Errorf("store unavailable: %w (after: %v)", perr, err)
	}
	return nil
}

// put stores items; after a failure it restores the hook's memory from the
// store, and after a conflict with another writer it tries again.
func (r *Runner) put(ctx context.Context, items []store.Item) ([]store.Outcome, error) {
	for attempt := 0; ; attempt++ {
		for i := range items {
			items[i].Prev = nil
		}
		if r.Prefetch != nil {
			if err := r.Prefetch(ctx, items); err != nil {
				return nil, err
			}
		}
		outs, err := r.Store.Put(ctx, items, r.Hook)
		if err == nil {
			return outs, nil
		}
		if ctx.Err() != nil {
			return nil, ctx.Err()
		}
		if rerr := r.reset(ctx); rerr != nil {
			return nil, rerr
		}
		if !errors.Is(err, store.ErrConflict) || attempt >= 3 {
			return nil, err
		}
	}
}

func (r *Runner) checkpoint(ctx context.Context) error {
	if r.Checkpoint == nil {
		return nil
	}
	return r.Checkpoint(ctx, false)
}

func (r *Runner) reset(ctx context.Context) error {
	if r.Reset == nil {
		return nil
	}
	return r.Reset(ctx)
}

func (r *Runner) count(sum *Summary, j job, o store.Outcome) {
	switch o {
	case store.Inserted:
		sum.Inserted++
	case store.Unchanged:
		sum.Unchanged++
	case store.Revised:
		sum.Revised++
	}
	if r.OnResult != nil {
		r.OnResult(j.doc, o, nil)
	}
}

// extract runs the runner's stages on d (prepare).
func (r *Runner) extract(d news.Document) (*news.Article, error) {
	return prepare(d, r.Extract, r.Analyze)
}

// ErrorCounts groups a summary's errors by their innermost message, for a
// short report: "3 × not UTF-8 text".
func ErrorCounts(errs []error) []string {
	counts := map[string]int{}
	for _, e := range errs {
		for {
			u := errors.Unwrap(e)
			if u == nil {
				break
			}
			e = u
		}
		counts[e.Error()]++
	}
	keys := make([]string, 0, len(counts))
	for k := range counts {
		keys = append(keys, k)
	}
	sort.Slice(keys, func(i, j int) bool {
		if counts[keys[i]] != counts[keys[j]] {
			return counts[keys[i]] > counts[keys[j]]
		}
		return keys[i] < keys[j]
	})
	out := make([]string, len(keys))
	for i, k := range keys {
		out[i] = fmt.Sprintf("%d × %s", counts[k], k)
	}
	return out
}
