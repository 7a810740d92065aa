// Package storetest is the conformance suite every store.Store passes.
package storetest

import (
	"context"
	"errors"
	"fmt"
	"reflect"
	"testing"
	"time"

	"github.com/storyline-news/storyline/internal/news"
	"github.com/storyline-news/storyline/internal/store"
)

func item(id, url, content string) store.Item {
	d := news.Document{SourceID: id, Origin: id + ".txt", URL: url, Format: news.FormatText,
		Content: content, Title: "hint", HintFrom: "jsonl", Authors: []string{"A"},
		FetchedAt: time.Date(2020, 1, 2, 3, 4, 5, 0, time.UTC)}
	a := &news.Article{SourceID: id, URL: url, Title: "T " + id, Text: content,
		Authors: []string{"Jane Roe"}, Published: "2017-12-22", PublishedFrom: "dateline",
		Comments:    []news.Comment{{Author: "x", Time: "2017-12-28T16:51:00Z", Text: "hi"}},
		ContentHash: fmt.Sprintf("h-%s-%d", id, len(content)) + content,
		Entities:    []news.Entity{{Name: "Maria Zakharova", Type: "PER", Aliases: []string{"Zakharova"}, Mentions: 3}},
		Quotes:      []news.Quote{{Speaker: "Maria Zakharova", SpeakerMention: "she", Cue: "said", Text: "q", Direct: true}},
		Claims:      []news.Claim{{Text: "nearly 2,000 U.S. troops", Value: 2000, Qualifier: "nearly", Key: "troops|US"}},
		Event:       4, Storyline: 2}
	return store.Item{Doc: d, Article: a}
}

// Run runs the suite; open returns a new, empty store.
func Run(t *testing.T, open func(t *testing.T) store.Store) {
	ctx := context.Background()
	t.Run("InsertUnchangedRevised", func(t *testing.T) {
		s := open(t)
		a, b := item("a", "http://x/a", "one"), item("b", "", "two")
		out, err := s.Put(ctx, []store.Item{a, b}, nil)
		if err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(out, []store.Outcome{store.Inserted, store.Inserted}) {
			t.Fatalf("first put: %v", out)
		}
		again := item("a", "http://x/a", "one")
		changed := item("a2", "http://x/a", "one, changed")
		out, err = s.Put(ctx, []store.Item{again, changed}, nil)
		if err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(out, []store.Outcome{store.Unchanged, store.Revised}) {
			t.Fatalf("second put: %v", out)
		}
		if again.Article.ID != a.Article.ID || changed.Article.ID != a.Article.ID {
			t.Errorf("ids: %d %d want %d", again.Article.ID, changed.Article.ID, a.Article.ID)
		}
		if n, _ := s.Count(ctx); n != 2 {
			t.Errorf("count %d, want 2", n)
		}
		got, err := s.Get(ctx, a.Article.ID)
		if err != nil {
			t.Fatal(err)
		}
		if got.Revision != 2 || got.Text != "one, changed" || got.SourceID != "a2" {
			t.Errorf("revised article: rev %d text %q source %q", got.Revision, got.Text, got.SourceID)
		}
		// The older content is still known: re-ingesting it changes nothing.
		out, _ = s.Put(ctx, []store.Item{item("a", "http://x/a", "one")}, nil)
		if out[0] != store.Unchanged {
			t.Errorf("old revision re-put: %v", out[0])
		}
		raw, err := s.Raw(ctx, a.Article.ID)
		if err != nil {
			t.Fatal(err)
		}
		if raw.Content != "one, changed" || raw.SourceID != "a2" || raw.Title != "hint" || !raw.FetchedAt.Equal(changed.Doc.FetchedAt) {
			t.Errorf("raw: %+v", raw)
		}
	})
	t.Run("RoundTrip", func(t *testing.T) {
		s := open(t)
		it := item("r", "", "body\nwith ünïcode “quotes”")
		if _, err := s.Put(ctx, []store.Item{it}, nil); err != nil {
			t.Fatal(err)
		}
		got, err := s.Get(ctx, it.Article.ID)
		if err != nil {
			t.Fatal(err)
		}
		want := *it.Article
		want.IngestedAt = got.IngestedAt
		if !reflect.DeepEqual(*got, want) {
			t.Errorf("got %+v\nwant %+v", *got, want)
		}
		if _, err := s.Get(ctx, 999999); !errors.Is(err, store.ErrNotFound) {
			t.Errorf("missing id: %v", err)
		}
	})
	t.Run("BatchIsAtomic", func(t *testing.T) {
		s := open(t)
		good, bad := item("g", "", "good"), item("bad", "", "bad")
		bad.Article.ContentHash = ""
		if _, err := s.Put(ctx, []store.Item{good, bad}, nil); err == nil {
			t.Fatal("want error for an item without hash")
		}
		if n, _ := s.Count(ctx); n != 0 {
			t.Errorf("count after failed batch = %d, want 0", n)
		}
	})
	t.Run("EachAndUpdate", func(t *testing.T) {
		s := open(t)
		var items []store.Item
		for i := 0; i < 1203; i++ {
			it := item(fmt.Sprint("e", i), "", fmt.Sprint("text ", i))
			if i%2 == 0 {
				it.Article.Outlet = "Even"
			}
			items = append(items, it)
		}
		if _, err := s.Put(ctx, items, nil); err != nil {
			t.Fatal(err)
		}
		var n int
		var last int64
		err := s.Each(ctx, store.Query{}, func(a *news.Article) error {
			if a.ID <= last {
				t.Fatalf("ids out of order: %d after %d", a.ID, last)
			}
			last = a.ID
			n++
			return nil
		})
		if err != nil || n != 1203 {
			t.Fatalf("each: %d, %v", n, err)
		}
		n = 0
		s.Each(ctx, store.Query{Outlet: "Even", Limit: 501}, func(*news.Article) error { n++; return nil })
		if n != 501 {
			t.Errorf("outlet+limit: %d, want 501", n)
		}
		n = 0
		s.Each(ctx, store.Query{Event: 4, Storyline: 2, Limit: 10}, func(*news.Article) error { n++; return nil })
		if n != 10 {
			t.Errorf("event+storyline+limit: %d, want 10", n)
		}
		n = 0
		s.Each(ctx, store.Query{Event: 5}, func(*news.Article) error { n++; return nil })
		if n != 0 {
			t.Errorf("other event: %d, want 0", n)
		}
	})
	t.Run("Identity", func(t *testing.T) { identity(t, open(t)) })
	t.Run("Derived", func(t *testing.T) { derived(t, open(t)) })
	t.Run("ClusterState", func(t *testing.T) { clusterState(t, open(t)) })
	t.Run("Search", func(t *testing.T) { search(t, open(t)) })
	t.Run("SearchPages", func(t *testing.T) { searchPages(t, open(t)) })
	t.Run("Browse", func(t *testing.T) { browse(t, open(t)) })
	t.Run("Batch", func(t *testing.T) { batch(t, open(t)) })
	t.Run("EventsBrief", func(t *testing.T) { eventsBrief(t, open(t)) })
	t.Run("EntityKeys", func(t *testing.T) { entityKeys(t, open(t)) })
}
