package postgres

import (
	"context"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/storyline-news/storyline/internal/news"

	"github.com/storyline-news/storyline/internal/store"
	"github.com/storyline-news/storyline/internal/store/storetest"
	"github.com/storyline-news/storyline/internal/testenv"
	"github.com/storyline-news/storyline/internal/watch"
)

func TestFollowingConformance(t *testing.T) {
	storetest.RunFollowing(t, func(t *testing.T) store.Full { return openFollow(t) })
}

func openFollow(t *testing.T) *Store {
	t.Helper()
	s, err := Open(context.Background(), testenv.Postgres(t))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

func followArticle(key, text string) store.Item {
	d := news.Document{SourceID: key, Origin: key, URL: "https://example.org/" + key, Format: news.FormatText, Content: text}
	a := &news.Article{SourceID: key, URL: d.URL, Title: key, Text: text, ContentHash: "h-" + key}
	return store.Item{Doc: d, Article: a}
}

// Writers storing articles while matchers run: every article is matched
// once, none skipped because its id committed after a higher one, and
// each hit is recorded once however many passes run at once.
func TestFollowingMatchWhileWriting(t *testing.T) {
	ctx := context.Background()
	s := openFollow(t)
	w, err := s.AddWatch(ctx, watch.Watchlist{Query: "common", Webhook: "https://hook.example/", Secret: "k"})
	if err != nil {
		t.Fatal(err)
	}
	const writers, batches = 4, 15
	var wg, mg sync.WaitGroup
	done := make(chan struct{})
	errs := make(chan error, writers+2)
	for i := range writers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for b := range batches {
				items := []store.Item{followArticle(fmt.Sprintf("w%d-%d-a", i, b), "a common word"),
					followArticle(fmt.Sprintf("w%d-%d-b", i, b), "another common word")}
				if _, err := s.Put(ctx, items, nil); err != nil {
					errs <- err
					return
				}
			}
		}()
	}
	hits := make([]int, 2)
	for m := range 2 {
		mg.Add(1)
		go func() {
			defer mg.Done()
			for {
				n, err := s.MatchWatches(ctx, time.Now())
				if err != nil {
					errs <- err
					return
				}
				hits[m] += n
				select {
				case <-done:
					return
				default:
				}
			}
		}()
	}
	wg.Wait()
	close(done)
	mg.Wait()
	close(errs)
	for err := range errs {
		t.Fatal(err)
	}
	n, err := s.MatchWatches(ctx, time.Now())
	if err != nil {
		t.Fatal(err)
	}
	want := writers * batches * 2
	if got := hits[0] + hits[1] + n; got != want {
		t.Errorf("recorded %d hits, want %d", got, want)
	}
	hs, err := s.Hits(ctx, w.ID, 10*want)
	if err != nil {
		t.Fatal(err)
	}
	seen := map[int64]bool{}
	for _, h := range hs {
		seen[h.ArticleID] = true
	}
	if len(hs) != want || len(seen) != want {
		t.Errorf("%d hits of %d articles, want %d", len(hs), len(seen), want)
	}
	ds, err := s.Deliveries(ctx, w.ID, store.MaxList)
	if err != nil {
		t.Fatal(err)
	}
	covered := 0
	for _, d := range ds {
		for _, h := range hs {
			if h.ID >= d.FirstHit && h.ID <= d.LastHit {
				covered++
			}
		}
	}
	if covered != want {
		t.Errorf("deliveries cover %d hits, want %d", covered, want)
	}
}

// Two feeds announcing the same pages, polled at once: each page is one
// item, and neither poll fails.
func TestFollowingConcurrentPolls(t *testing.T) {
	ctx := context.Background()
	s := openFollow(t)
	var feeds []int64
	for i := range 4 {
		f, err := s.AddFeed(ctx, store.Feed{URL: fmt.Sprintf("https://f%d.example/", i), Every: time.Minute})
		if err != nil {
			t.Fatal(err)
		}
		feeds = append(feeds, f.ID)
	}
	const pages = 40
	var wg sync.WaitGroup
	counts := make([]int, len(feeds))
	errs := make(chan error, len(feeds))
	for i, id := range feeds {
		wg.Add(1)
		go func() {
			defer wg.Done()
			r := store.PollResult{Feed: id, At: time.Now(), Status: 200, NextPoll: time.Now().Add(time.Hour)}
			for p := range pages {
				k := (p + i*7) % pages // each feed in its own order
				r.Items = append(r.Items, store.FeedItem{URLKey: fmt.Sprint("page", k), GUID: fmt.Sprint(k), Version: "v",
					Doc: news.Document{URL: fmt.Sprint("https://example.org/page", k)}, Summary: true})
			}
			c, err := s.RecordPoll(ctx, r)
			if err != nil {
				errs <- err
				return
			}
			counts[i] = c.New
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Fatal(err)
	}
	total := 0
	for _, n := range counts {
		total += n
	}
	q, err := s.QueuedItems(ctx, time.Now().Add(time.Hour), 10*pages)
	if err != nil {
		t.Fatal(err)
	}
	if total != pages || len(q) != pages {
		t.Errorf("%d new items counted, %d queued, want %d", total, len(q), pages)
	}
}
