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
}

// NewWriter returns a Writer into st running stages.
func NewWriter(st store.Store, stages Stages) *Writer { return &Writer{st: st, stages: stages} }

// Run runs src to the end, as Runner.Run; onResult, if set, is called
// after each document of this run is committed or has failed.
func (w *Writer) Run(ctx context.Context, src Source, onResult func(news.Document, store.Outcome, error)) (Summary, error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.r == nil {
		r, _, err := New(ctx, w.st, 0, 0, w.stages)
		if err != nil {
			return Summary{}, err
		}
		w.r = r
	}
	w.r.OnResult = onResult
	defer func() { w.r.OnResult = nil }()
	return w.r.Run(ctx, src)
}
