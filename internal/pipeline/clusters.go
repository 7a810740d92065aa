package pipeline

import (
	"bytes"
	"compress/flate"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"
	"time"

	"github.com/storyline-news/storyline/internal/cluster"
	"github.com/storyline-news/storyline/internal/news"
	"github.com/storyline-news/storyline/internal/store"
)

// ErrNoClusterState is returned when a store holds articles but no
// clusterer state: it was made before events were stored, or loaded
// without the cluster stage; reprocess places its articles.
var ErrNoClusterState = errors.New("the store holds articles but no event state: run `storyline reprocess` to place them")

// Clusters places each committed article: the original it copies, its
// event and its storyline (cluster.Clusterer), inside the article's
// transaction, and writes the event and storyline rows that changed.
//
// The clusterer's working state is kept in the store as a snapshot and a
// journal of the documents told to it since: opening reads the snapshot
// and replays the journal, never the articles.
type Clusters struct {
	st      store.Store
	cfg     cluster.Config
	c       *cluster.Clusterer
	version int64 // the store's derived version the clusterer matches
	pending int   // journal entries since the snapshot
	total   int   // articles told to the clusterer, about
	// SnapshotEvery is the least number of journal entries after which a
	// checkpoint writes a snapshot (and at least half the articles, so
	// that the cost of snapshots stays proportional to the articles).
	SnapshotEvery int
	// Opened says what opening cost, for the bench.
	Opened OpenStats

	// Evaluation only (STORYLINE_CLUSTER_MODEL, STORYLINE_CLUSTER_FEATURES):
	// a join model fitted on folds, and where the join's training data goes.
	models     []*cluster.JoinModel
	featureLog io.Writer
}

// OpenStats is what reopening the clusterer read.
type OpenStats struct {
	SnapshotBytes int64
	Replayed      int
	Elapsed       time.Duration
}

// LoadClusters opens the clusterer state stored in st.
//
// STORYLINE_CLUSTER_SET overrides clusterer settings ("JoinThreshold=0.25,
// EventSpanDays=7"): the evaluation scripts choose thresholds on some
// topics and score others through the product with it.
func LoadClusters(ctx context.Context, st store.Store) (*Clusters, error) {
	k := &Clusters{st: st, cfg: cluster.DefaultConfig(), SnapshotEvery: 20000}
	if err := k.cfg.SetList(os.Getenv("STORYLINE_CLUSTER_SET")); err != nil {
		return nil, fmt.Errorf("STORYLINE_CLUSTER_SET: %w", err)
	}
	// STORYLINE_CLUSTER_MODEL: join models (comma-separated files).
	for _, p := range strings.Split(os.Getenv("STORYLINE_CLUSTER_MODEL"), ",") {
		if p == "" {
			continue
		}
		f, err := os.Open(p)
		if err != nil {
			return nil, fmt.Errorf("STORYLINE_CLUSTER_MODEL: %w", err)
		}
		m, err := cluster.ReadJoinModel(f)
		f.Close()
		if err != nil {
			return nil, fmt.Errorf("STORYLINE_CLUSTER_MODEL %s: %w", p, err)
		}
		k.models = append(k.models, m)
	}
	if p := os.Getenv("STORYLINE_CLUSTER_FEATURES"); p != "" {
		f, err := os.OpenFile(p, os.O_CREATE|os.O_WRONLY|os.O_APPEND, 0o644)
		if err != nil {
			return nil, fmt.Errorf("STORYLINE_CLUSTER_FEATURES: %w", err)
		}
		k.featureLog = f // open for the process's life: a diagnostic
	}
	return k, k.Reload(ctx)
}

// Reload replaces the in-memory clusterer with the stored one.
func (k *Clusters) Reload(ctx context.Context) error {
	start := time.Now()
	v, err := k.st.DerivedVersion(ctx)
	if err != nil {
		return err
	}
	rc, upto, err := k.st.ClusterSnapshot(ctx)
	if err != nil {
		return fmt.Errorf("open cluster state: %w", err)
	}
	var st OpenStats
	if rc != nil {
		cr := &countReader{r: rc}
		k.c, err = cluster.ReadClusterer(cr, k.cfg)
		rc.Close()
		if err != nil {
			return fmt.Errorf("open cluster snapshot: %w (run `storyline reprocess` to rebuild it)", err)
		}
		st.SnapshotBytes = cr.n
	} else {
		k.c = cluster.New(k.cfg)
	}
	for _, m := range k.models {
		k.c.SetJoinModel(m)
	}
	err = k.st.ClusterLog(ctx, upto, func(e store.LogEntry) error {
		d, err := decodeDoc(e.Doc)
		if err != nil {
			return fmt.Errorf("cluster journal entry %d: %w", e.Seq, err)
		}
		if e.Remove {
			k.c.Remove(d)
		} else {
			k.c.Add(d)
		}
		st.Replayed++
		return nil
	})
	if err != nil {
		return err
	}
	if rc == nil && st.Replayed == 0 {
		if n, err := k.st.Count(ctx); err != nil {
			return err
		} else if n > 0 {
			return ErrNoClusterState
		}
	}
	if k.featureLog != nil {
		k.c.SetFeatureLog(k.featureLog) // new placements only, not the replay
	}
	k.version, k.pending, k.total = v, st.Replayed, k.c.Len()
	k.c.TrackChanges()
	k.c.ChangedSets() // what replay changed is stored already
	k.c.Changed()
	st.Elapsed = time.Since(start)
	k.Opened = st
	return nil
}

// Clusterer is the in-memory clusterer.
func (k *Clusters) Clusterer() *cluster.Clusterer { return k.c }

// ClusterDoc is what the clusterer sees of an article.
func ClusterDoc(a *news.Article) cluster.Doc {
	d := cluster.Doc{ID: a.ID, Title: a.Title, Text: a.Text, URL: a.URL, Outlet: a.Outlet, Published: a.Published, Language: a.Language}
	for _, e := range a.Entities {
		d.Entities = append(d.Entities, cluster.Entity{Name: e.Name, Type: e.Type, Mentions: e.Mentions, ID: e.ID})
	}
	for _, q := range a.Quotes {
		if q.Speaker != "" {
			d.Speakers = append(d.Speakers, q.Speaker)
		}
	}
	return d
}

// Hook is a store.Hook: it takes back the previous version of each revised
// article, places the batch's new and revised articles, and returns the
// new placement of stored articles that corrections moved, the event and
// storyline rows that changed, and the journal entries of the batch.
func (k *Clusters) Hook(base int64, items []store.Item, outs []store.Outcome) (store.Derived, error) {
	d := store.Derived{Base: base}
	if base != k.version {
		return d, store.ErrConflict
	}
	inBatch := map[int64]*news.Article{}
	for i, it := range items {
		if outs[i] == store.Unchanged {
			continue
		}
		if outs[i] == store.Revised && it.Prev != nil {
			old := ClusterDoc(it.Prev)
			if k.c.Remove(old) {
				b, err := encodeDoc(old)
				if err != nil {
					return d, err
				}
				d.ClusterLog = append(d.ClusterLog, store.LogEntry{Remove: true, Doc: b})
			}
		}
		doc := ClusterDoc(it.Article)
		k.c.Add(doc)
		b, err := encodeDoc(doc)
		if err != nil {
			return d, err
		}
		d.ClusterLog = append(d.ClusterLog, store.LogEntry{Doc: b})
		inBatch[it.Article.ID] = it.Article
	}
	for _, id := range k.c.Changed() {
		arts, _, ok := k.c.EventMembers(id)
		if !ok {
			continue
		}
		for _, art := range arts {
			if inBatch[art] != nil {
				continue
			}
			if p, ok := k.c.Placement(art); ok {
				d.Placements = append(d.Placements, store.Placement{Article: art, DuplicateOf: p.DuplicateOf, Event: p.EventID, Storyline: p.StorylineID})
			}
		}
	}
	for id, a := range inBatch {
		if p, ok := k.c.Placement(id); ok {
			a.DuplicateOf, a.Event, a.Storyline = p.DuplicateOf, p.EventID, p.StorylineID
		}
	}
	d.Events, d.Storylines = k.rows()
	k.version = base + 1
	k.pending += len(d.ClusterLog)
	k.total += len(inBatch)
	return d, nil
}

// rows returns the event and storyline rows that changed since the last
// call.
func (k *Clusters) rows() ([]store.EventRow, []store.StorylineRow) {
	evs, goneEvs, sls, goneSls := k.c.ChangedSets()
	var er []store.EventRow
	for _, id := range evs {
		if ev, ok := k.c.Event(id); ok && ev.ID == id {
			er = append(er, EventRow(ev))
		}
	}
	for _, id := range goneEvs {
		er = append(er, store.EventRow{ID: id, MergedInto: k.c.Resolve(id)})
	}
	var sr []store.StorylineRow
	for _, id := range sls {
		if s, ok := k.c.Storyline(id); ok && s.ID == id {
			sr = append(sr, StorylineRow(s))
		}
	}
	for _, id := range goneSls {
		sr = append(sr, store.StorylineRow{ID: id, MergedInto: k.c.ResolveStoryline(id)})
	}
	return er, sr
}

// EventRow is the stored form of an event.
func EventRow(ev cluster.Event) store.EventRow {
	return store.EventRow{ID: ev.ID, Title: ev.Title, First: ev.First, Last: ev.Last, Articles: len(ev.Articles),
		Originals: ev.Originals, Outlets: ev.Outlets, KeyTerms: ev.KeyTerms, KeyEntities: ev.KeyEntities,
		Storyline: ev.StorylineID}
}

// StorylineRow is the stored form of a storyline.
func StorylineRow(s cluster.Storyline) store.StorylineRow {
	return store.StorylineRow{ID: s.ID, Title: s.Title, First: s.First, Last: s.Last, Events: s.Events,
		Articles: s.Articles, Outlets: s.Outlets, KeyEntities: s.KeyEntities}
}

// Checkpoint is a Runner checkpoint: it writes a snapshot when the journal
// has grown past SnapshotEvery entries and half the articles, and at the
// end of a run, so that the next open replays little.
func (k *Clusters) Checkpoint(ctx context.Context, final bool) error {
	if k.pending == 0 || (!final && (k.pending < k.SnapshotEvery || k.pending < k.total/2)) {
		return nil
	}
	err := k.st.SaveClusterSnapshot(ctx, k.version, func(w io.Writer) error {
		_, err := k.c.WriteTo(w)
		return err
	})
	if errors.Is(err, store.ErrConflict) {
		return nil // another writer moved on; its own checkpoint saves
	}
	if err != nil {
		return err
	}
	k.pending = 0
	return nil
}

type countReader struct {
	r io.Reader
	n int64
}

func (c *countReader) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	c.n += int64(n)
	return n, err
}

// encodeDoc is a journal entry: the document as JSON, deflated.
func encodeDoc(d cluster.Doc) ([]byte, error) {
	var b bytes.Buffer
	w, _ := flate.NewWriter(&b, flate.BestSpeed)
	if err := json.NewEncoder(w).Encode(d); err != nil {
		return nil, err
	}
	if err := w.Close(); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}

func decodeDoc(b []byte) (cluster.Doc, error) {
	var d cluster.Doc
	err := json.NewDecoder(flate.NewReader(bytes.NewReader(b))).Decode(&d)
	return d, err
}
