package pipeline_test

import (
	"bytes"
	"context"
	"fmt"
	"reflect"
	"testing"

	"github.com/storyline-news/storyline/internal/news"
	"github.com/storyline-news/storyline/internal/pipeline"
	"github.com/storyline-news/storyline/internal/store"
	"github.com/storyline-news/storyline/internal/store/sqlite"
)

// TestKeptCountsFollowArticles checks the counts the store keeps by
// triggers (a storyline's articles per day, an entity's per month)
// against counting the articles themselves, after inserts, placements that
// move and merge storylines, and revisions that change an article's date.
func TestKeptCountsFollowArticles(t *testing.T) {
	ctx := context.Background()
	st := openStore(t)
	r, _, err := pipeline.New(ctx, st, 2, 0, pipeline.All)
	if err != nil {
		t.Fatal(err)
	}
	var files []string
	for _, p := range []string{"000", "001", "002", "003", "004"} {
		files = append(files, seedText(t, p))
	}
	doc := func(i int, date string) news.Document {
		ps := bytes.Split([]byte(files[i%5]), []byte("\n"))
		cut := bytes.Join(ps[:len(ps)*(40+i)/80+1], []byte("\n"))
		d := textDoc(fmt.Sprintf("d%02d", i), "", "", string(cut))
		d.Published = date
		return d
	}
	var ds []news.Document
	for i := range 30 {
		ds = append(ds, doc(i, fmt.Sprintf("2020-0%d-1%d", 1+i%3, i%10)))
	}
	for i := 0; i < len(ds); i += 5 {
		if _, err := r.Run(ctx, source(ds[i:i+5]...)); err != nil {
			t.Fatal(err)
		}
		checkCounts(t, st, fmt.Sprintf("after %d articles", i+5))
	}
	// Revisions: new dates, and one article undated.
	var revs []news.Document
	for i := range 6 {
		date := fmt.Sprintf("2021-05-0%d", 1+i)
		if i == 5 {
			date = ""
		}
		d := doc(i*4, date)
		d.Title = "Revised " + d.SourceID
		revs = append(revs, d)
	}
	sum, err := r.Run(ctx, source(revs...))
	if err != nil || sum.Revised != 6 {
		t.Fatalf("revisions: %+v, %v", sum, err)
	}
	checkCounts(t, st, "after revisions")
	if withCopies == 0 {
		t.Errorf("no check of %d saw a copy: the copy links were not tested", copies)
	}
}

// copies and withCopies count the checks, and those that saw copy links.
var copies, withCopies int

func checkCounts(t *testing.T, st *sqlite.Store, when string) {
	t.Helper()
	ctx := context.Background()
	sls, err := st.Storylines(ctx, store.ListQuery{})
	if err != nil {
		t.Fatal(err)
	}
	if len(sls) == 0 {
		t.Fatalf("%s: no storylines", when)
	}
	for _, sl := range sls {
		kept, err := st.StorylineDays(ctx, sl.ID)
		if err != nil {
			t.Fatal(err)
		}
		rows, err := st.DB().QueryContext(ctx, `SELECT substr(published, 1, 10), count(*) FROM articles
			WHERE storyline_id = ? AND published >= '0000' GROUP BY 1 ORDER BY 1`, sl.ID)
		if err != nil {
			t.Fatal(err)
		}
		var counted []store.DayCount
		for rows.Next() {
			var d store.DayCount
			rows.Scan(&d.Day, &d.Count)
			counted = append(counted, d)
		}
		rows.Close()
		if !reflect.DeepEqual(kept, counted) {
			t.Errorf("%s: storyline %d kept days %v, counted %v", when, sl.ID, kept, counted)
		}
	}
	var kept, counted string
	if err := st.DB().QueryRowContext(ctx, `SELECT
		coalesce((SELECT group_concat(copy_id || ':' || original_id || ':' || copy_outlet || ':' || original_outlet, ' ')
			FROM (SELECT * FROM copy_links ORDER BY copy_id)), ''),
		coalesce((SELECT group_concat(c.id || ':' || o.id || ':' || c.outlet || ':' || o.outlet, ' ')
			FROM (SELECT * FROM articles WHERE duplicate_of > 0 ORDER BY id) c JOIN articles o ON o.id = c.duplicate_of), '')`).Scan(&kept, &counted); err != nil {
		t.Fatal(err)
	}
	if kept != counted {
		t.Errorf("%s: copy links kept %q, from the articles %q", when, kept, counted)
	}
	copies++
	if counted != "" {
		withCopies++
	}
	ents, err := st.Entities(ctx)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range ents {
		kept, err := st.EntityMonthCounts(ctx, e.ID)
		if err != nil {
			t.Fatal(err)
		}
		counted, err := st.EntityMonths(ctx, e.ID)
		if err != nil {
			t.Fatal(err)
		}
		if len(kept)+len(counted) > 0 && !reflect.DeepEqual(kept, counted) {
			t.Errorf("%s: entity %d (%s) kept months %v, counted %v", when, e.ID, e.Name, kept, counted)
		}
	}
}
