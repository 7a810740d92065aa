package pipeline_test

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"reflect"
	"sort"
	"testing"

	"github.com/storyline-news/storyline/internal/news"
	"github.com/storyline-news/storyline/internal/pipeline"
	"github.com/storyline-news/storyline/internal/store"
)

// seedText returns the text of the seed file whose name starts with prefix.
func seedText(t *testing.T, prefix string) string {
	t.Helper()
	m, _ := filepath.Glob(filepath.Join(seedsDir, prefix+"*.txt"))
	if len(m) != 1 {
		t.Fatalf("seed %s: %v", prefix, m)
	}
	b, err := os.ReadFile(m[0])
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func source(ds ...news.Document) pipeline.Source {
	return func(ctx context.Context, emit func(news.Document) error, fail func(error)) error {
		for _, d := range ds {
			if err := emit(d); err != nil {
				return err
			}
		}
		return nil
	}
}

func run(t *testing.T, st store.Store, ds ...news.Document) pipeline.Summary {
	t.Helper()
	r, _, err := pipeline.New(context.Background(), st, 2, 0, pipeline.All)
	if err != nil {
		t.Fatal(err)
	}
	sum, err := r.Run(context.Background(), source(ds...))
	if err != nil || sum.Failed > 0 {
		t.Fatalf("run: %+v %v", sum, err)
	}
	return sum
}

func textDoc(id, url, title, text string) news.Document {
	return news.Document{SourceID: id, Origin: id, URL: url, Format: news.FormatText, Content: text, Title: title, HintFrom: "jsonl"}
}

func articles(t *testing.T, st store.Store) []*news.Article {
	t.Helper()
	var out []*news.Article
	if err := st.Each(context.Background(), store.Query{}, func(a *news.Article) error { out = append(out, a); return nil }); err != nil {
		t.Fatal(err)
	}
	return out
}

// TestWireCopyAtTwoOutlets: one wire text at two outlets' addresses is two
// articles, the later one a copy of the first (it used to be "unchanged"
// and dropped).
func TestWireCopyAtTwoOutlets(t *testing.T) {
	st := openStore(t)
	text := seedText(t, "002")
	sum := run(t, st, textDoc("a", "https://one.example/world/story", "", text),
		textDoc("b", "https://two.example/news/story-copy", "", text))
	if sum.Inserted != 2 {
		t.Fatalf("summary %+v, want 2 inserted", sum)
	}
	as := articles(t, st)
	if as[1].DuplicateOf != as[0].ID || as[1].Event != as[0].Event {
		t.Errorf("copy placed %+v, original %d event %d", as[1], as[0].ID, as[0].Event)
	}
	if as[1].FetchedURL != "https://two.example/news/story-copy" {
		t.Errorf("fetched url %q", as[1].FetchedURL)
	}
}

// TestHeadlineCorrection: the same text with a corrected headline is a
// revision, and the new headline is stored.
func TestHeadlineCorrection(t *testing.T) {
	st := openStore(t)
	text := seedText(t, "003")
	run(t, st, textDoc("x", "https://one.example/a", "Russia and Syria Demand Removal of US Troops", text))
	sum := run(t, st, textDoc("x", "https://one.example/a", "Russia and Syria demand withdrawal of US troops", text))
	if sum.Revised != 1 {
		t.Fatalf("summary %+v, want 1 revision", sum)
	}
	if as := articles(t, st); len(as) != 1 || as[0].Title != "Russia and Syria demand withdrawal of US troops" || as[0].Revision != 2 {
		t.Errorf("after correction: %d articles, %+v", len(as), as[0])
	}
}

// TestURLVariantsAreOneArticle: tracking parameters, a fragment, the
// scheme and the host's case do not make a new article.
func TestURLVariantsAreOneArticle(t *testing.T) {
	st := openStore(t)
	text := seedText(t, "004")
	sum := run(t, st,
		textDoc("1", "https://news.example/world/syria?id=7", "", text),
		textDoc("2", "HTTPS://News.Example/world/syria?utm_source=tw&id=7&fbclid=abc#comments", "", text),
		textDoc("3", "http://news.example:80/world/syria?id=7&gclid=x", "", text+"\n\nUpdated at 10:00."))
	if sum.Inserted != 1 || sum.Unchanged != 1 || sum.Revised != 1 {
		t.Errorf("summary %+v, want 1 inserted, 1 unchanged, 1 revised", sum)
	}
}

// TestRevisionIsPlacedAgain: a revision takes the old version out of its
// event and the entity counts, and places the new one.
func TestRevisionIsPlacedAgain(t *testing.T) {
	ctx := context.Background()
	st := openStore(t)
	a, b := seedText(t, "000"), seedText(t, "002")
	run(t, st, textDoc("s1", "https://one.example/a", "", a), textDoc("s2", "https://two.example/b", "", b),
		textDoc("x", "https://three.example/x", "", a))
	before := articles(t, st)
	if before[2].DuplicateOf != before[0].ID {
		t.Fatalf("x should start as a copy of s1: %+v", before[2])
	}
	counts := func() map[string]int {
		rows, err := st.Entities(ctx)
		if err != nil {
			t.Fatal(err)
		}
		m := map[string]int{}
		for _, r := range rows {
			m[r.Name] = r.Articles
		}
		return m
	}
	c0 := counts()
	// x is rewritten into a copy of s2's story.
	sum := run(t, st, textDoc("x", "https://three.example/x", "", b))
	if sum.Revised != 1 {
		t.Fatalf("summary %+v", sum)
	}
	after := articles(t, st)
	if after[2].DuplicateOf != after[1].ID || after[2].Event != after[1].Event {
		t.Errorf("revised x placed %+v; s2 is %d in event %d", after[2], after[1].ID, after[1].Event)
	}
	// Every entity count is what ingesting s1, s2 and the new x gives.
	fresh := openStore(t)
	run(t, fresh, textDoc("s1", "https://one.example/a", "", a), textDoc("s2", "https://two.example/b", "", b),
		textDoc("x", "https://three.example/x", "", b))
	want := map[string]int{}
	rows, _ := fresh.Entities(ctx)
	for _, r := range rows {
		want[r.Name] = r.Articles
	}
	got := counts()
	for name, n := range want {
		if got[name] != n {
			t.Errorf("entity %q in %d articles after the revision, %d in a fresh ingest (before: %d)", name, got[name], n, c0[name])
		}
	}
	evs, _ := st.Events(ctx, store.ListQuery{})
	fevs, _ := fresh.Events(ctx, store.ListQuery{})
	if len(evs) != len(fevs) {
		t.Errorf("%d events after the revision, %d in a fresh ingest", len(evs), len(fevs))
	}
}

// TestRowsFollowTheClusterer: after every run of a stream with merges,
// splits and moves, the stored event and storyline rows are the live
// clusterer's views, and reopening the clusterer from the stored snapshot
// and journal (with or without a snapshot at the end of the last run)
// gives the state the live one has.
func TestRowsFollowTheClusterer(t *testing.T) {
	ctx := context.Background()
	st := openStore(t)
	r, clus, err := pipeline.New(ctx, st, 2, 0, pipeline.All)
	if err != nil {
		t.Fatal(err)
	}
	var files []string
	for _, p := range []string{"000", "001", "002", "003", "004"} {
		files = append(files, seedText(t, p))
	}
	var ds []news.Document
	for i := 0; i < 40; i++ {
		text := files[i%5]
		// Each article a different cut of a seed: the events grow,
		// copies and near-copies among them.
		ps := bytes.Split([]byte(text), []byte("\n"))
		cut := bytes.Join(ps[:len(ps)*(40+i)/80+1], []byte("\n"))
		ds = append(ds, textDoc(string(rune('a'+i%26))+string(rune('0'+i/26)), "", "", string(cut)))
	}
	check := func(step int) {
		t.Helper()
		c := clus.Clusterer()
		var want []store.EventRow
		for _, ev := range c.Events() {
			if len(ev.Articles) > 0 {
				want = append(want, pipeline.EventRow(ev))
			}
		}
		got, err := st.Events(ctx, store.ListQuery{Order: "largest"})
		if err != nil {
			t.Fatal(err)
		}
		sort.Slice(got, func(i, j int) bool { return got[i].ID < got[j].ID })
		if !reflect.DeepEqual(norm(got), norm(want)) {
			t.Fatalf("step %d: stored events\n%+v\nclusterer\n%+v", step, got, want)
		}
		var wantS []store.StorylineRow
		for _, s := range c.Storylines() {
			if s.Articles > 0 {
				wantS = append(wantS, pipeline.StorylineRow(s))
			}
		}
		gotS, _ := st.Storylines(ctx, store.ListQuery{})
		sort.Slice(gotS, func(i, j int) bool { return gotS[i].ID < gotS[j].ID })
		if len(gotS) != len(wantS) {
			t.Fatalf("step %d: %d stored storylines, clusterer %d", step, len(gotS), len(wantS))
		}
		for i := range gotS {
			if gotS[i].ID != wantS[i].ID || !reflect.DeepEqual(gotS[i].Events, wantS[i].Events) || gotS[i].Articles != wantS[i].Articles {
				t.Fatalf("step %d: storyline %+v, clusterer %+v", step, gotS[i], wantS[i])
			}
		}
	}
	for i := 0; i < len(ds); i += 4 {
		if i == 20 {
			r.Checkpoint = nil // as if killed before the end-of-run snapshot
		}
		if _, err := r.Run(ctx, source(ds[i:i+4]...)); err != nil {
			t.Fatal(err)
		}
		check(i)
	}
	reopened, err := pipeline.LoadClusters(ctx, st)
	if err != nil {
		t.Fatal(err)
	}
	if reopened.Opened.SnapshotBytes == 0 || reopened.Opened.Replayed == 0 {
		t.Errorf("reopen read %+v: want a snapshot and a journal", reopened.Opened)
	}
	var live, again bytes.Buffer
	clus.Clusterer().WriteTo(&live)
	reopened.Clusterer().WriteTo(&again)
	if !bytes.Equal(live.Bytes(), again.Bytes()) {
		t.Errorf("reopened clusterer differs from the live one (%d vs %d snapshot bytes)", again.Len(), live.Len())
	}
}

// norm drops what drifts with idf alone: key terms and names are ranked
// by weights that every later article changes a little, so a row keeps
// those of its last change.
func norm(rs []store.EventRow) []store.EventRow {
	out := make([]store.EventRow, len(rs))
	for i, r := range rs {
		r.KeyTerms, r.KeyEntities = nil, nil
		if len(r.Outlets) == 0 {
			r.Outlets = nil
		}
		out[i] = r
	}
	return out
}

// TestTwoWritersStayInStep: a runner whose in-memory state another
// writer has outdated reloads it before placing its batch, so the store
// ends as one writer after the other would leave it.
func TestTwoWritersStayInStep(t *testing.T) {
	ctx := context.Background()
	st := openStore(t)
	a, _, err := pipeline.New(ctx, st, 2, 0, pipeline.All)
	if err != nil {
		t.Fatal(err)
	}
	b, _, err := pipeline.New(ctx, st, 2, 0, pipeline.All)
	if err != nil {
		t.Fatal(err)
	}
	x, y := seedText(t, "000"), seedText(t, "002")
	if _, err := a.Run(ctx, source(textDoc("1", "https://one.example/a", "", x))); err != nil {
		t.Fatal(err)
	}
	// b was opened before a's batch: its first attempt conflicts.
	sum, err := b.Run(ctx, source(textDoc("2", "https://two.example/b", "", x), textDoc("3", "https://three.example/c", "", y)))
	if err != nil || sum.Inserted != 2 {
		t.Fatalf("second writer: %+v %v", sum, err)
	}
	got := articles(t, st)
	if got[1].DuplicateOf != got[0].ID {
		t.Errorf("the second writer did not see the first's article: %+v", got[1])
	}
	seq := openStore(t)
	run(t, seq, textDoc("1", "https://one.example/a", "", x), textDoc("2", "https://two.example/b", "", x),
		textDoc("3", "https://three.example/c", "", y))
	for i, w := range articles(t, seq) {
		if got[i].Event != w.Event || got[i].Storyline != w.Storyline || got[i].DuplicateOf != w.DuplicateOf {
			t.Errorf("article %d placed %d/%d/%d, one writer gives %d/%d/%d", w.ID, got[i].Event, got[i].Storyline,
				got[i].DuplicateOf, w.Event, w.Storyline, w.DuplicateOf)
		}
	}
	rows, _ := st.Entities(ctx)
	wantRows, _ := seq.Entities(ctx)
	if len(rows) != len(wantRows) {
		t.Errorf("%d entities, one writer gives %d", len(rows), len(wantRows))
	}
}
