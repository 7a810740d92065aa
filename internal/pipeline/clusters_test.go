package pipeline_test

import (
	"context"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/storyline-news/storyline/internal/ingest"
	"github.com/storyline-news/storyline/internal/news"
	"github.com/storyline-news/storyline/internal/pipeline"
	"github.com/storyline-news/storyline/internal/store"
)

const seedsDir = "../../testdata/seeds"

// seedRunner wires extraction, analysis, the entity table and the
// clusterer as the command line does (pipeline.New).
func seedRunner(t *testing.T, st store.Store) (*pipeline.Runner, *pipeline.Clusters) {
	t.Helper()
	r, clus, err := pipeline.New(context.Background(), st, 2, 0, pipeline.All)
	if err != nil {
		t.Fatal(err)
	}
	return r, clus
}

func scanSeeds(ctx context.Context, emit func(news.Document) error, fail func(error)) error {
	return ingest.Scan(ctx, []string{seedsDir}, ingest.Options{}, emit, func(ie *ingest.Error) { fail(ie) })
}

type placement struct{ event, storyline, dupOf int64 }

func storedPlacements(t *testing.T, st store.Store) map[string]placement {
	t.Helper()
	out := map[string]placement{}
	err := st.Each(context.Background(), store.Query{}, func(a *news.Article) error {
		out[a.SourceID] = placement{a.Event, a.Storyline, a.DuplicateOf}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// TestSeedsThroughPipeline: the five seeds, ingested through extraction,
// analysis and the store, form one storyline of five events in time order
// (seed 003 states no date and stays undated), and rebuilding the clusterer
// from the store gives the same placements.
func TestSeedsThroughPipeline(t *testing.T) {
	ctx := context.Background()
	st := openStore(t)
	r, clus := seedRunner(t, st)
	sum, err := r.Run(ctx, scanSeeds)
	if err != nil {
		t.Fatal(err)
	}
	if sum.Inserted != 5 {
		t.Fatalf("inserted %d seeds, want 5 (%+v)", sum.Inserted, sum)
	}
	got := storedPlacements(t, st)
	events, stories := map[int64]bool{}, map[int64]bool{}
	for src, p := range got {
		if p.event == 0 || p.storyline == 0 {
			t.Errorf("%s not placed: %+v", src, p)
		}
		if p.dupOf != 0 {
			t.Errorf("%s stored as a copy of %d", src, p.dupOf)
		}
		events[p.event] = true
		stories[p.storyline] = true
	}
	if len(events) != 5 || len(stories) != 1 {
		t.Fatalf("seeds: %d events, %d storylines; want 5 and 1: %v", len(events), len(stories), got)
	}
	c := clus.Clusterer()
	var sid int64
	for s := range stories {
		sid = s
	}
	sl, ok := c.Storyline(sid)
	if !ok {
		t.Fatalf("storyline %d not found", sid)
	}
	var firsts []string
	for _, e := range sl.Events {
		ev, ok := c.Event(e)
		if !ok {
			t.Fatalf("event %d not found", e)
		}
		firsts = append(firsts, ev.First)
	}
	// Events in time order, the undated one last.
	want := []string{"2017-12-13", "2017-12-22", "2017-12-28", "2024-01-24", ""}
	if len(firsts) != len(want) {
		t.Fatalf("storyline event dates %q, want %q", firsts, want)
	}
	for i := range want {
		if firsts[i] != want[i] {
			t.Fatalf("storyline event dates %q, want %q", firsts, want)
		}
	}
	if len(sl.KeyEntities) == 0 || len(sl.Outlets) == 0 {
		t.Errorf("storyline without key entities or outlets: %+v", sl)
	}

	rebuilt, err := pipeline.LoadClusters(ctx, st)
	if err != nil {
		t.Fatal(err)
	}
	rc := rebuilt.Clusterer()
	var diffs []string
	err = st.Each(ctx, store.Query{}, func(a *news.Article) error {
		p, ok := rc.Placement(a.ID)
		if !ok || p.EventID != a.Event || p.StorylineID != a.Storyline || p.DuplicateOf != a.DuplicateOf {
			diffs = append(diffs, a.SourceID)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	sort.Strings(diffs)
	if len(diffs) > 0 {
		t.Errorf("rebuilt clusterer places %v differently from the store", diffs)
	}
}

// TestStoredPlacementsFollowCorrections: in a stream whose events are
// split, gathered and exchange members as evidence arrives, every stored
// article carries the event, storyline and original the live clusterer
// gives it after every run, including articles that a later batch's
// corrections moved.
func TestStoredPlacementsFollowCorrections(t *testing.T) {
	ctx := context.Background()
	var paras [][]string
	files, _ := filepath.Glob(filepath.Join(seedsDir, "*.txt"))
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		var ps []string
		for _, p := range strings.Split(string(b), "\n") {
			if len(strings.Fields(p)) >= 8 {
				ps = append(ps, p)
			}
		}
		paras = append(paras, ps)
	}
	// Articles cut from the seeds: part of one seed's paragraphs, a fifth
	// with some of another's.
	rng := rand.New(rand.NewPCG(2, 1))
	pick := func(k int, frac float64) []string {
		var out []string
		for _, p := range paras[k] {
			if rng.Float64() < frac {
				out = append(out, p)
			}
		}
		return out
	}
	id := 0
	chunk := func(n int) pipeline.Source {
		return func(ctx context.Context, emit func(news.Document) error, fail func(error)) error {
			for i := 0; i < n; i++ {
				ps := pick(rng.IntN(len(paras)), 0.2+0.5*rng.Float64())
				if rng.Float64() < 0.2 {
					ps = append(ps, pick(rng.IntN(len(paras)), 0.3)...)
				}
				id++
				d := news.Document{SourceID: fmt.Sprint("s", id), Origin: fmt.Sprint("cut:", id), Format: news.FormatText,
					Content: strings.Join(ps, "\n\n")}
				if err := emit(d); err != nil {
					return err
				}
			}
			return nil
		}
	}
	st := openStore(t)
	r, clus, err := pipeline.New(ctx, st, 2, 0, pipeline.All)
	if err != nil {
		t.Fatal(err)
	}
	c := clus.Clusterer()
	var tr strings.Builder
	c.SetTrace(&tr)
	// One article per run, checked after each: a stale placement would be
	// hidden by the next change to the same event.
	for run := 0; run < 150; run++ {
		if _, err := r.Run(ctx, chunk(1)); err != nil {
			t.Fatal(err)
		}
		var stale []string
		err = st.Each(ctx, store.Query{}, func(a *news.Article) error {
			p, ok := c.Placement(a.ID)
			if !ok || p.EventID != a.Event || p.StorylineID != a.Storyline || p.DuplicateOf != a.DuplicateOf {
				stale = append(stale, fmt.Sprintf("%s: stored %d/%d/%d, live %d/%d/%d", a.SourceID,
					a.Event, a.Storyline, a.DuplicateOf, p.EventID, p.StorylineID, p.DuplicateOf))
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		if len(stale) > 0 {
			t.Fatalf("after run %d: %d stored placements differ from the clusterer's, first: %v", run, len(stale), stale[:min(5, len(stale))])
		}
	}
	// The stream must exercise the corrections for this to mean much.
	for _, what := range []string{"split e", "move doc", "copies doc"} {
		if !strings.Contains(tr.String(), what) {
			t.Errorf("no %q in the stream's decisions", what)
		}
	}
}
