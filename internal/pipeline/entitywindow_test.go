package pipeline_test

import (
	"context"
	"fmt"
	"math/rand/v2"
	"reflect"
	"strings"
	"testing"

	"github.com/storyline-news/storyline/internal/analyze"
	"github.com/storyline-news/storyline/internal/extract"
	"github.com/storyline-news/storyline/internal/news"
	"github.com/storyline-news/storyline/internal/pipeline"
	"github.com/storyline-news/storyline/internal/store"
	"github.com/storyline-news/storyline/internal/store/postgres"
	"github.com/storyline-news/storyline/internal/synth"
	"github.com/storyline-news/storyline/internal/testenv"
)

// namePool is the seeds plus paragraphs that repeat a small cast of
// people (shared surnames, surname-only second mentions, quotes) and
// organisations (acronyms stated and unstated, country prefixes), so
// that linking depends on entities last seen many articles before.
func namePool(t *testing.T) *synth.Pool {
	t.Helper()
	var p synth.Pool
	for _, s := range []string{"000", "001", "002", "003", "004"} {
		p.Add(seedText(t, s))
	}
	firsts := []string{"Anna", "James", "Maria", "Omar", "Elena", "Kwame", "Yuki", "Pedro"}
	lasts := []string{"Smith", "Garcia", "Chen", "Okafor", "Haddad", "Novak"}
	orgs := []string{"National Energy Agency (NEA)", "World Health Organization", "US State Department",
		"European Central Bank", "Federal Reserve", "Red Cross", "United Nations"}
	places := []string{"Berlin", "Lagos", "Lima", "Osaka", "Beirut", "Prague", "Kenya", "France"}
	r := rand.New(rand.NewPCG(7, 7))
	var b strings.Builder
	b.WriteString("Cast\n\n")
	for i := 0; i < 400; i++ {
		f, l := firsts[r.IntN(len(firsts))], lasts[r.IntN(len(lasts))]
		o, pl := orgs[r.IntN(len(orgs))], places[r.IntN(len(places))]
		switch i % 4 {
		case 0:
			fmt.Fprintf(&b, "%s %s, a spokesperson for the %s, said in %s on Tuesday that talks would resume. \"We are ready to work,\" %s said.\n\n", f, l, o, pl, l)
		case 1:
			fmt.Fprintf(&b, "Officials at the %s met %s %s in %s. %s told reporters the %s would publish its findings next week.\n\n", o, f, l, pl, l, o)
		case 2:
			fmt.Fprintf(&b, "Minister %s %s visited %s, where %s criticised the %s. \"This cannot go on,\" said %s.\n\n", f, l, pl, l, o, l)
		default:
			fmt.Fprintf(&b, "In %s, the NEA and the %s announced a joint review. %s %s of the NEA said the review would take a year.\n\n", pl, o, f, l)
		}
	}
	p.Add(b.String())
	return &p
}

// ingestEntities runs docs through extraction, analysis and the entity
// table only, in runs of per documents, each run with a table freshly
// loaded with window (0: the whole table).
func ingestEntities(t *testing.T, st store.Store, window int64, docs []news.Document, per int) (revised int) {
	t.Helper()
	ctx := context.Background()
	for start := 0; start < len(docs); start += per {
		ents, err := pipeline.LoadEntitiesWindow(ctx, st, window)
		if err != nil {
			t.Fatal(err)
		}
		r := &pipeline.Runner{Store: st, Extract: extract.Article, Analyze: analyze.Article,
			Hook: ents.Hook, Reset: ents.Reload, Prefetch: ents.Prefetch, Workers: 2, Batch: 7}
		sum, err := r.Run(ctx, source(docs[start:min(start+per, len(docs))]...))
		if err != nil || sum.Failed > 0 {
			t.Fatalf("window %d: run: %+v %v", window, sum, err)
		}
		if window > 0 && int64(ents.Registry().Held()) > 40*window {
			t.Errorf("window %d: %d entities held", window, ents.Registry().Held())
		}
		revised += sum.Revised
	}
	return revised
}

// corpusDocs is n synthetic articles, then revisions of some of the first
// ones (their entities long out of a small window) and a few of the last.
func corpusDocs(t *testing.T, n int) []news.Document {
	p := namePool(t)
	var docs []news.Document
	for i := 0; i < n; i++ {
		docs = append(docs, p.Doc(19, i))
	}
	for _, i := range []int{0, 3, 5, 11, 40, n - 2, n - 1} {
		d := p.Doc(23, i) // another text under the same source id
		d.SourceID, d.Origin = docs[i].SourceID, docs[i].Origin
		docs = append(docs, d)
	}
	return docs
}

type linked struct {
	ID       int64
	Entities []int64
	Speakers []int64
}

func linkedArticles(t *testing.T, st store.Store) []linked {
	var out []linked
	for _, a := range articles(t, st) {
		l := linked{ID: a.ID}
		for _, e := range a.Entities {
			l.Entities = append(l.Entities, e.ID)
		}
		for _, q := range a.Quotes {
			l.Speakers = append(l.Speakers, q.SpeakerID)
		}
		out = append(out, l)
	}
	return out
}

// TestEntityWindowLinksAsWholeTable ingests one corpus with the whole
// entity table in memory and with windows of a few articles: every
// article's entity and speaker ids and every entity row must be the same.
func TestEntityWindowLinksAsWholeTable(t *testing.T) {
	docs := corpusDocs(t, 160)
	whole := openStore(t)
	if n := ingestEntities(t, whole, 0, docs, 60); n != 7 {
		t.Fatalf("%d revised, want 7", n)
	}
	want, wantRows := linkedArticles(t, whole), entityRows(t, whole)
	if len(wantRows) < 50 {
		t.Fatalf("only %d entities: the corpus tests little", len(wantRows))
	}
	quoted := 0
	for _, l := range want {
		for _, s := range l.Speakers {
			if s > 0 {
				quoted++
			}
		}
	}
	if quoted < 20 {
		t.Errorf("only %d quotes with a speaker id", quoted)
	}
	for _, c := range []struct {
		window   int64
		per      int
		backfill bool // the first half ingested whole, its keys dropped
		postgres bool
	}{{20, 60, false, false}, {1, 1000, false, false}, {5, 23, false, false}, {5, 100, true, false},
		{5, 100, true, true}} {
		t.Run(fmt.Sprint("window ", c.window, " backfill ", c.backfill, " postgres ", c.postgres), func(t *testing.T) {
			var st store.Store
			// exec runs SQL on the store (the same in both dialects).
			var exec func(q string) error
			if c.postgres {
				ps, err := postgres.Open(context.Background(), testenv.Postgres(t))
				if err != nil {
					t.Fatal(err)
				}
				t.Cleanup(func() { ps.Close() })
				st = ps
				exec = func(q string) error {
					_, err := ps.Pool().Exec(context.Background(), q)
					return err
				}
			} else {
				ss := openStore(t)
				st = ss
				exec = func(q string) error { _, err := ss.DB().Exec(q); return err }
			}
			rest := docs
			if c.backfill {
				ingestEntities(t, st, 0, docs[:80], 100)
				// As a store of before the keys: no keys, and the mark
				// the migration leaves.
				if err := exec("DELETE FROM entity_keys; INSERT INTO entity_keys VALUES ('!backfill', 0)"); err != nil {
					t.Fatal(err)
				}
				rest = docs[80:]
			}
			ingestEntities(t, st, c.window, rest, c.per)
			got := linkedArticles(t, st)
			if len(got) != len(want) {
				t.Fatalf("%d articles, whole table %d", len(got), len(want))
			}
			bad := 0
			for i := range want {
				if !reflect.DeepEqual(got[i], want[i]) && bad < 5 {
					bad++
					t.Errorf("article %d: %+v, whole table %+v", want[i].ID, got[i], want[i])
				}
			}
			rows := entityRows(t, st)
			if len(rows) != len(wantRows) {
				t.Fatalf("%d entities, whole table %d", len(rows), len(wantRows))
			}
			for i := range wantRows {
				if !reflect.DeepEqual(rows[i], wantRows[i]) && bad < 10 {
					bad++
					t.Errorf("entity %d:\n%s\nwhole table:\n%s", wantRows[i].ID, rows[i].Data, wantRows[i].Data)
				}
			}
		})
	}
}

func entityRows(t *testing.T, st store.Store) []store.EntityRow {
	t.Helper()
	rows, err := st.Entities(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	return rows
}
