package pipeline

import (
	"context"
	"sync"

	"github.com/storyline-news/storyline/internal/news"
	"github.com/storyline-news/storyline/internal/store"
)

// Writer is a process's one writer into a store: it runs sources through
// one Runner, one run at a time, since the Runner's in-memory state (the
// entity table, the clusterer) serves one writer. It opens the Runner,
// which loads that state, on first use.
type Writer struct {
	st     store.Store
	stages Stages
	mu     sync.Mutex
	r      *Runner
	final  func(context.Context) error
}

// NewWriter returns a Writer into st running stages.
func NewWriter(st store.Store, stages Stages) *Writer { return &Writer{st: st, stages: stages} }

// Run runs src to the end, as Runner.Run; onResult, if set, is called
// after each document of this run is committed or has failed.
func (w *Writer) Run(ctx context.Context, src Source, onResult func(news.Document, store.Outcome, error)) (Summary, error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.r == nil {
		if err := w.open(ctx); err != nil {
			return Summary{}, err
		}
	}
	w.r.OnResult = onResult
	defer func() { w.r.OnResult = nil }()
	return w.r.Run(ctx, src)
}

// open loads the Runner. Its runs checkpoint as they go but never as
// final: a writer runs many small runs (each poll, each upload), and the
// clusterer's snapshot costs in proportion to the corpus, so it is saved
// when its journal grows (or at Close), not after every run.
func (w *Writer) open(ctx context.Context) error {
	r, _, err := New(ctx, w.st, 0, 0, w.stages)
	if err != nil {
		return err
	}
	if cp := r.Checkpoint; cp != nil {
		w.final = func(ctx context.Context) error { return cp(ctx, true) }
		r.Checkpoint = func(ctx context.Context, _ bool) error { return cp(ctx, false) }
	}
	w.r = r
	return nil
}

// Close saves what the writer's runs left to checkpoint. The store stays
// open; a Writer not closed (killed) is reopened from the journal.
func (w *Writer) Close(ctx context.Context) error {
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.final == nil {
		return nil
	}
	return w.final(ctx)
}
