package storetest

import (
	"context"
	"errors"
	"fmt"
	"reflect"
	"sort"
	"testing"
	"time"

	"github.com/storyline-news/storyline/internal/news"
	"github.com/storyline-news/storyline/internal/store"
	"github.com/storyline-news/storyline/internal/watch"
)

// t0 is the suite's clock: whole seconds, so that every store keeps the
// times exactly (PostgreSQL keeps microseconds, SQLite nanoseconds).
var t0 = time.Date(2026, 3, 4, 5, 6, 7, 0, time.UTC)

func at(s int) time.Time { return t0.Add(time.Duration(s) * time.Second) }

// RunFollowing runs the suite of store.Following, store.Tokens and
// FeedItems; open returns a new, empty store.
func RunFollowing(t *testing.T, open func(t *testing.T) store.Full) {
	for _, c := range []struct {
		name string
		run  func(t *testing.T, s store.Full)
	}{
		{"Feeds", followFeeds},
		{"DueFeeds", followDue},
		{"RecordPoll", followPoll},
		{"PollValidators", followValidators},
		{"Queue", followQueue},
		{"PutMarksItemStored", followStored},
		{"UntrustedItem", followUntrusted},
		{"Watchlists", followWatchlists},
		{"MatchWatches", followMatch},
		{"MatchCap", followMatchCap},
		{"Deliveries", followDeliveries},
		{"Tokens", followTokens},
	} {
		t.Run(c.name, func(t *testing.T) { c.run(t, open(t)) })
	}
}

func addFeed(t *testing.T, s store.Full, url string, created time.Time) store.Feed {
	t.Helper()
	f, err := s.AddFeed(context.Background(), store.Feed{URL: url, Title: "T " + url, Every: 15 * time.Minute, Created: created})
	if err != nil {
		t.Fatalf("add %s: %v", url, err)
	}
	return f
}

// feedItem is an item as a feed parser gives it.
func feedItem(key, guid, version string, summary bool) store.FeedItem {
	d := news.Document{SourceID: guid, Origin: "feed:" + key, URL: "https://example.org/" + key,
		Format: news.FormatText, Title: "Item " + key, Content: "content of " + key, HintFrom: "feed",
		FetchedAt: t0}
	return store.FeedItem{URLKey: key, GUID: guid, Version: version, Doc: d, Summary: summary}
}

func poll(t *testing.T, s store.Full, r store.PollResult) store.PollCounts {
	t.Helper()
	c, err := s.RecordPoll(context.Background(), r)
	if err != nil {
		t.Fatalf("record poll of feed %d: %v", r.Feed, err)
	}
	return c
}

func sameTime(a, b time.Time) bool { return a.Equal(b) || (a.IsZero() && b.IsZero()) }

func followFeeds(t *testing.T, s store.Full) {
	ctx := context.Background()
	f, err := s.AddFeed(ctx, store.Feed{URL: "https://a.example/feed", Title: "A", Every: time.Hour,
		AllowPrivate: true, Created: at(0)})
	if err != nil {
		t.Fatal(err)
	}
	if f.ID == 0 || f.URL != "https://a.example/feed" || f.Title != "A" || f.Every != time.Hour || !f.AllowPrivate ||
		!sameTime(f.Created, at(0)) || !sameTime(f.NextPoll, at(0)) || !f.LastPoll.IsZero() || !f.LastNew.IsZero() ||
		f.Polls != 0 || f.Items != 0 || f.Kind != "" {
		t.Errorf("added: %+v", f)
	}
	if _, err := s.AddFeed(ctx, store.Feed{URL: "https://a.example/feed", Every: time.Minute, Created: at(1)}); !errors.Is(err, store.ErrExists) {
		t.Errorf("second add of one URL: %v, want ErrExists", err)
	}
	g := addFeed(t, s, "https://b.example/feed", at(1))
	fs, err := s.Feeds(ctx)
	if err != nil || len(fs) != 2 || fs[0].ID != f.ID || fs[1].ID != g.ID || fs[1].AllowPrivate {
		t.Fatalf("feeds: %+v, %v", fs, err)
	}
	if !reflect.DeepEqual(fs[0], f) {
		t.Errorf("Feeds()[0] = %+v\nAddFeed gave %+v", fs[0], f)
	}
	got, err := s.Feed(ctx, g.ID)
	if err != nil || !reflect.DeepEqual(got, g) {
		t.Errorf("feed %d: %+v, %v", g.ID, got, err)
	}
	if _, err := s.Feed(ctx, g.ID+100); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("unknown feed: %v", err)
	}
	poll(t, s, store.PollResult{Feed: g.ID, At: at(2), Status: 200, NextPoll: at(100),
		Items: []store.FeedItem{feedItem("b1", "g1", "v1", true), feedItem("b2", "g2", "v1", true)}})
	q, err := s.QueuedItems(ctx, at(2), 10)
	if err != nil || len(q) != 2 {
		t.Fatalf("queue: %+v, %v", q, err)
	}
	kept := item("b2", "https://example.org/b2", "page b2")
	kept.Doc.FeedItem = q[1].ID
	if _, err := s.Put(ctx, []store.Item{kept}, nil); err != nil {
		t.Fatal(err)
	}
	if err := s.RemoveFeed(ctx, g.ID); err != nil {
		t.Fatal(err)
	}
	if err := s.RemoveFeed(ctx, g.ID); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("second remove: %v", err)
	}
	if _, err := s.Feed(ctx, g.ID); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("removed feed: %v", err)
	}
	if items, err := s.FeedItems(ctx, g.ID, 10); err != nil || len(items) != 0 {
		t.Errorf("a removed feed's items: %+v, %v", items, err)
	}
	if _, err := s.Get(ctx, kept.Article.ID); err != nil {
		t.Errorf("the article of a removed feed's item: %v", err)
	}
	if q, err := s.QueuedItems(ctx, at(1000), 10); err != nil || len(q) != 0 {
		t.Errorf("a removed feed's queue: %+v, %v", q, err)
	}
	// Its item's link may be announced again, by another feed.
	if c := poll(t, s, store.PollResult{Feed: f.ID, At: at(3), Status: 200, NextPoll: at(100),
		Items: []store.FeedItem{feedItem("b1", "g1", "v1", true)}}); c.New != 1 {
		t.Errorf("the link of a removed feed's item: %+v, want new", c)
	}
	if fs, _ := s.Feeds(ctx); len(fs) != 1 {
		t.Errorf("feeds after remove: %d", len(fs))
	}
}

func followDue(t *testing.T, s store.Full) {
	ctx := context.Background()
	a := addFeed(t, s, "https://a.example/", at(10))
	b := addFeed(t, s, "https://b.example/", at(5))
	c := addFeed(t, s, "https://c.example/", at(10))
	d := addFeed(t, s, "https://d.example/", at(0))
	never := addFeed(t, s, "https://e.example/", time.Time{}) // created at an unknown time: due at once
	poll(t, s, store.PollResult{Feed: d.ID, At: at(1), Status: 200, NextPoll: at(50)})
	ids := func(fs []store.Feed) []int64 {
		var out []int64
		for _, f := range fs {
			out = append(out, f.ID)
		}
		return out
	}
	for _, x := range []struct {
		now   time.Time
		limit int
		want  []int64
	}{
		{at(4), 10, []int64{never.ID}},
		{at(10), 10, []int64{never.ID, b.ID, a.ID, c.ID}}, // due at once first, then most overdue, ties by id
		{at(10), 2, []int64{never.ID, b.ID}},
		{at(50), 10, []int64{never.ID, b.ID, a.ID, c.ID, d.ID}},
	} {
		got, err := s.DueFeeds(ctx, x.now, x.limit)
		if err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(ids(got), x.want) {
			t.Errorf("due at %v (limit %d): %v, want %v", x.now.Sub(t0), x.limit, ids(got), x.want)
		}
	}
	if got, _ := s.DueFeeds(ctx, at(50), 10); len(got) == 5 && !sameTime(got[4].NextPoll, at(50)) {
		t.Errorf("next poll: %v", got[4].NextPoll)
	}
}

func followPoll(t *testing.T, s store.Full) {
	ctx := context.Background()
	f := addFeed(t, s, "https://a.example/", at(0))
	g := addFeed(t, s, "https://b.example/", at(0))
	noLink := feedItem("", "guid-only", "v1", false)
	c := poll(t, s, store.PollResult{Feed: f.ID, At: at(10), Status: 200, Kind: "rss", Title: "From the feed",
		NextPoll: at(100), Items: []store.FeedItem{feedItem("x1", "g1", "v1", true), feedItem("x2", "g2", "v1", true), noLink}})
	if c != (store.PollCounts{New: 3}) {
		t.Errorf("first poll: %+v", c)
	}
	got, err := s.Feed(ctx, f.ID)
	if err != nil {
		t.Fatal(err)
	}
	// The user's title stays; the kind comes from the content.
	if got.Title != "T https://a.example/" || got.Kind != "rss" || got.Polls != 1 || got.Items != 3 || got.Open != 3 ||
		got.Stored != 0 || got.LastStatus != 200 || !sameTime(got.LastPoll, at(10)) || !sameTime(got.LastNew, at(10)) ||
		!sameTime(got.NextPoll, at(100)) {
		t.Errorf("after the first poll: %+v", got)
	}
	// Unchanged items are left alone; a changed version is queued again; a
	// GUID finds an item without a link.
	x1 := feedItem("x1", "g1", "v2", true)
	noLink.Version = "v1"
	c = poll(t, s, store.PollResult{Feed: f.ID, At: at(20), Status: 200, NextPoll: at(200),
		Items: []store.FeedItem{x1, feedItem("x2", "g2", "v1", true), noLink}})
	if c != (store.PollCounts{Changed: 1}) {
		t.Errorf("second poll: %+v", c)
	}
	got, _ = s.Feed(ctx, f.ID)
	if got.Polls != 2 || got.Items != 3 || !sameTime(got.LastNew, at(10)) || !sameTime(got.LastPoll, at(20)) {
		t.Errorf("after the second poll: %+v", got)
	}
	// Another feed announcing the same page neither adds nor revises it.
	c = poll(t, s, store.PollResult{Feed: g.ID, At: at(30), Status: 200, NextPoll: at(300),
		Items: []store.FeedItem{feedItem("x1", "other", "v9", true), feedItem("y1", "g1", "v1", false)}})
	if c != (store.PollCounts{New: 1}) {
		t.Errorf("another feed's poll: %+v", c)
	}
	items, err := s.FeedItems(ctx, f.ID, 10)
	if err != nil || len(items) != 3 {
		t.Fatalf("items: %+v, %v", items, err)
	}
	// Newest first, with the revision's document.
	if items[0].GUID != "guid-only" || items[0].URLKey != "" || items[2].URLKey != "x1" || items[2].Doc.Origin != "feed:x1" ||
		items[2].State != store.ItemQueued || items[0].Feed != f.ID {
		t.Errorf("items: %+v", items)
	}
	if items, _ := s.FeedItems(ctx, f.ID, 1); len(items) != 1 || items[0].GUID != "guid-only" {
		t.Errorf("items limit 1: %+v", items)
	}
	if gi, _ := s.FeedItems(ctx, g.ID, 10); len(gi) != 1 || gi[0].URLKey != "y1" {
		t.Errorf("other feed's items: %+v", gi)
	}
	if _, err := s.RecordPoll(ctx, store.PollResult{Feed: g.ID + 100, At: at(40), NextPoll: at(50)}); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("poll of an unknown feed: %v", err)
	}
}

func followValidators(t *testing.T, s store.Full) {
	ctx := context.Background()
	f := addFeed(t, s, "https://a.example/", at(0))
	check := func(step string, want store.Feed) {
		t.Helper()
		got, err := s.Feed(ctx, f.ID)
		if err != nil {
			t.Fatal(err)
		}
		if got.ETag != want.ETag || got.LastModified != want.LastModified || got.TTL != want.TTL || got.MaxAge != want.MaxAge ||
			got.Failures != want.Failures || got.Errors != want.Errors || got.LastError != want.LastError ||
			got.NotModified != want.NotModified || got.Polls != want.Polls || got.LastStatus != want.LastStatus ||
			got.Kind != want.Kind || !sameTime(got.NextPoll, want.NextPoll) {
			t.Errorf("%s: %+v\nwant %+v", step, got, want)
		}
	}
	poll(t, s, store.PollResult{Feed: f.ID, At: at(1), Status: 200, Kind: "atom", ETag: `"e1"`, LastModified: "Mon, 02 Jan 2026 00:00:00 GMT",
		TTL: 30 * time.Minute, MaxAge: time.Minute, NextPoll: at(10)})
	want := store.Feed{ETag: `"e1"`, LastModified: "Mon, 02 Jan 2026 00:00:00 GMT", TTL: 30 * time.Minute, MaxAge: time.Minute,
		Polls: 1, LastStatus: 200, Kind: "atom", NextPoll: at(10)}
	check("success", want)
	// 304: the validators and ttl stay, max-age follows the answer.
	poll(t, s, store.PollResult{Feed: f.ID, At: at(11), Status: 304, NotModified: true, MaxAge: 2 * time.Minute, NextPoll: at(20)})
	want.MaxAge, want.Polls, want.NotModified, want.LastStatus, want.NextPoll = 2*time.Minute, 2, 1, 304, at(20)
	check("not modified", want)
	// Failures count up while they last and reset on success; errors stay.
	for i, st := range []int{500, 503} {
		poll(t, s, store.PollResult{Feed: f.ID, At: at(21 + i), Status: st, Err: fmt.Sprintf("HTTP %d", st), ETag: "ignored", NextPoll: at(30 + i)})
	}
	want.MaxAge, want.Polls, want.LastStatus, want.NextPoll, want.Failures, want.Errors, want.LastError = 0, 4, 503, at(31), 2, 2, "HTTP 503"
	check("two failures", want)
	poll(t, s, store.PollResult{Feed: f.ID, At: at(40), Status: 200, ETag: `"e2"`, NextPoll: at(50)})
	want.ETag, want.LastModified, want.TTL, want.Polls, want.LastStatus, want.NextPoll, want.Failures = `"e2"`, "", 0, 5, 200, at(50), 0
	check("recovered", want) // the last error is kept for the record
}

func followQueue(t *testing.T, s store.Full) {
	ctx := context.Background()
	f, err := s.AddFeed(ctx, store.Feed{URL: "https://a.example/", Every: time.Hour, AllowPrivate: true, Created: at(0)})
	if err != nil {
		t.Fatal(err)
	}
	g := addFeed(t, s, "https://b.example/", at(0))
	poll(t, s, store.PollResult{Feed: f.ID, At: at(20), Status: 200, NextPoll: at(100),
		Items: []store.FeedItem{feedItem("a1", "1", "v", true), feedItem("a2", "2", "v", false)}})
	poll(t, s, store.PollResult{Feed: g.ID, At: at(10), Status: 200, NextPoll: at(100),
		Items: []store.FeedItem{feedItem("b1", "1", "v", true)}})
	keys := func(now time.Time, limit int) []string {
		t.Helper()
		q, err := s.QueuedItems(ctx, now, limit)
		if err != nil {
			t.Fatal(err)
		}
		var out []string
		for _, it := range q {
			out = append(out, it.URLKey)
		}
		return out
	}
	q, err := s.QueuedItems(ctx, at(20), 10)
	if err != nil || len(q) != 3 {
		t.Fatalf("queue: %+v, %v", q, err)
	}
	b1, a1, a2 := q[0], q[1], q[2]
	if b1.URLKey != "b1" || a1.URLKey != "a1" || a2.URLKey != "a2" {
		t.Fatalf("queue order: %v", keys(at(20), 10))
	}
	want := feedItem("a1", "1", "v", true)
	if a1.Feed != f.ID || !a1.AllowPrivate || b1.AllowPrivate || !a1.Summary || a2.Summary || a1.GUID != "1" || a1.Version != "v" ||
		a1.State != store.ItemQueued || a1.Attempts != 0 || !sameTime(a1.NextTry, at(20)) || a1.Article != 0 || a1.Fetches != 0 ||
		!reflect.DeepEqual(a1.Doc, want.Doc) {
		t.Errorf("queued item: %+v", a1)
	}
	if got := keys(at(19), 10); !reflect.DeepEqual(got, []string{"b1"}) {
		t.Errorf("due at 19: %v", got)
	}
	if got := keys(at(20), 1); !reflect.DeepEqual(got, []string{"b1"}) {
		t.Errorf("limit 1: %v", got)
	}
	if err := s.ItemFetched(ctx, a1.ID); err != nil {
		t.Fatal(err)
	}
	// A failed attempt is retried at its time, after the others.
	if err := s.ItemFailed(ctx, b1.ID, "timeout", at(30), false); err != nil {
		t.Fatal(err)
	}
	if got := keys(at(29), 10); !reflect.DeepEqual(got, []string{"a1", "a2"}) {
		t.Errorf("after a failure, at 29: %v", got)
	}
	if got := keys(at(30), 10); !reflect.DeepEqual(got, []string{"a1", "a2", "b1"}) {
		t.Errorf("after a failure, at 30: %v", got)
	}
	// Retried at once (no time given): first in line.
	if err := s.ItemFailed(ctx, a2.ID, "reset", time.Time{}, false); err != nil {
		t.Fatal(err)
	}
	if got := keys(at(0), 10); !reflect.DeepEqual(got, []string{"a2"}) {
		t.Errorf("retry at once: %v", got)
	}
	if err := s.ItemFailed(ctx, b1.ID, "gone", at(40), true); err != nil {
		t.Fatal(err)
	}
	if got := keys(at(1000), 10); !reflect.DeepEqual(got, []string{"a2", "a1"}) {
		t.Errorf("after giving up: %v", got)
	}
	// A failed item stays failed.
	if err := s.ItemFailed(ctx, b1.ID, "again", at(50), false); err != nil {
		t.Fatal(err)
	}
	items, _ := s.FeedItems(ctx, g.ID, 10)
	if len(items) != 1 || items[0].State != store.ItemFailed || items[0].Attempts != 2 || items[0].LastError != "gone" {
		t.Errorf("failed item: %+v", items)
	}
	items, _ = s.FeedItems(ctx, f.ID, 10)
	if len(items) != 2 || items[1].Fetches != 1 || items[0].Attempts != 1 || items[0].LastError != "reset" {
		t.Errorf("feed items: %+v", items)
	}
	if fg, _ := s.Feed(ctx, g.ID); fg.Open != 1 || fg.Stored != 0 {
		t.Errorf("a failed item is open: %+v", fg)
	}
	// A revision queues a failed item again, its attempts and error reset.
	if c := poll(t, s, store.PollResult{Feed: g.ID, At: at(60), Status: 200, NextPoll: at(100),
		Items: []store.FeedItem{feedItem("b1", "1", "v2", true)}}); c.Changed != 1 {
		t.Errorf("revision of a failed item: %+v", c)
	}
	q, _ = s.QueuedItems(ctx, at(60), 10)
	if len(q) != 3 || q[2].URLKey != "b1" || q[2].Attempts != 0 || q[2].LastError != "" || !sameTime(q[2].NextTry, at(60)) {
		t.Errorf("requeued: %+v", q)
	}
}

func followStored(t *testing.T, s store.Full) {
	ctx := context.Background()
	f := addFeed(t, s, "https://a.example/", at(0))
	poll(t, s, store.PollResult{Feed: f.ID, At: at(1), Status: 200, NextPoll: at(100),
		Items: []store.FeedItem{feedItem("s1", "1", "v", true), feedItem("s2", "2", "v", true)}})
	q, err := s.QueuedItems(ctx, at(1), 10)
	if err != nil || len(q) != 2 {
		t.Fatalf("queue: %+v, %v", q, err)
	}
	it := item("s1", "https://example.org/s1", "the page of s1")
	it.Doc.FeedItem = q[0].ID
	if _, err := s.Put(ctx, []store.Item{it}, nil); err != nil {
		t.Fatal(err)
	}
	if got, _ := s.QueuedItems(ctx, at(1000), 10); len(got) != 1 || got[0].ID != q[1].ID {
		t.Errorf("queue after storing s1: %+v", got)
	}
	items, _ := s.FeedItems(ctx, f.ID, 10)
	if len(items) != 2 || items[1].State != store.ItemStored || items[1].Article != it.Article.ID || items[0].State != store.ItemQueued {
		t.Errorf("items: %+v", items)
	}
	if got, _ := s.Feed(ctx, f.ID); got.Stored != 1 || got.Open != 1 || got.Items != 2 {
		t.Errorf("feed counts: %+v", got)
	}
	// The same page again with other content: the item is revised, stored
	// again on the same article.
	poll(t, s, store.PollResult{Feed: f.ID, At: at(2), Status: 200, NextPoll: at(100),
		Items: []store.FeedItem{feedItem("s1", "1", "v2", true)}})
	it2 := item("s1", "https://example.org/s1", "the page of s1, revised")
	it2.Doc.FeedItem = q[0].ID
	out, err := s.Put(ctx, []store.Item{it2}, nil)
	if err != nil || out[0] != store.Revised {
		t.Fatalf("revision: %v, %v", out, err)
	}
	items, _ = s.FeedItems(ctx, f.ID, 10)
	if items[1].State != store.ItemStored || items[1].Article != it.Article.ID {
		t.Errorf("revised item: %+v", items[1])
	}
}

// followUntrusted: what a feed says is stored whatever bytes it holds.
func followUntrusted(t *testing.T, s store.Full) {
	ctx := context.Background()
	f := addFeed(t, s, "https://a.example/", at(0))
	bad := feedItem("u\x00x", "g\xff\x00'; DROP TABLE feeds; --", "v", true)
	bad.Doc.Title = "nul \x00 and \xfe bytes"
	bad.Doc.Content = "body \x00"
	r := store.PollResult{Feed: f.ID, At: at(1), Status: 200, Title: "t\x00\xff", ETag: "e\x00", LastModified: "\xff",
		NextPoll: at(100), Items: []store.FeedItem{bad}}
	if c := poll(t, s, r); c.New != 1 {
		t.Errorf("first poll: %+v", c)
	}
	r.At, r.Err = at(2), "error \x00 \xff"
	if c := poll(t, s, r); c != (store.PollCounts{}) {
		t.Errorf("the same item again: %+v", c)
	}
	q, err := s.QueuedItems(ctx, at(2), 10)
	if err != nil || len(q) != 1 {
		t.Fatalf("queue: %+v, %v", q, err)
	}
	if err := s.ItemFailed(ctx, q[0].ID, "failed \x00 \xff", at(3), false); err != nil {
		t.Fatal(err)
	}
	if fs, err := s.Feeds(ctx); err != nil || len(fs) != 1 || fs[0].Errors != 1 {
		t.Errorf("feeds: %+v, %v", fs, err)
	}
}

func followWatchlists(t *testing.T, s store.Full) {
	ctx := context.Background()
	if _, err := s.AddWatch(ctx, watch.Watchlist{Query: "a", Entity: "b"}); err == nil {
		t.Error("a watchlist of two criteria was added")
	}
	if _, err := s.AddWatch(ctx, watch.Watchlist{}); err == nil {
		t.Error("an empty watchlist was added")
	}
	q, err := s.AddWatch(ctx, watch.Watchlist{Name: "grain", Query: `grain "black sea"`, Webhook: "https://hook.example/x",
		Secret: "s3cret", Created: at(5)})
	if err != nil {
		t.Fatal(err)
	}
	want := watch.Watchlist{ID: q.ID, Name: "grain", Query: `grain "black sea"`, Webhook: "https://hook.example/x", Secret: "s3cret", Created: at(5)}
	if q.ID == 0 || !sameTime(q.Created, at(5)) {
		t.Errorf("added: %+v", q)
	}
	q.Created, want.Created = time.Time{}, time.Time{}
	if q != want {
		t.Errorf("added: %+v\nwant %+v", q, want)
	}
	before := time.Now().Add(-time.Second)
	e, err := s.AddWatch(ctx, watch.Watchlist{Entity: "Maria Zakharova", Secret: "x"})
	if err != nil {
		t.Fatal(err)
	}
	if e.Created.Before(before) || e.Created.After(time.Now().Add(time.Second)) {
		t.Errorf("created defaults to now: %v", e.Created)
	}
	sl, err := s.AddWatch(ctx, watch.Watchlist{Storyline: 7, Secret: "y"})
	if err != nil {
		t.Fatal(err)
	}
	ws, err := s.Watchlists(ctx)
	if err != nil || len(ws) != 3 || ws[0].ID != q.ID || ws[1].ID != e.ID || ws[2].ID != sl.ID || ws[1].Entity != "Maria Zakharova" || ws[2].Storyline != 7 {
		t.Fatalf("watchlists: %+v, %v", ws, err)
	}
	got, err := s.Watch(ctx, sl.ID)
	if err != nil || got.Storyline != 7 || got.Secret != "y" {
		t.Errorf("watch %d: %+v, %v", sl.ID, got, err)
	}
	if err := s.RemoveWatch(ctx, e.ID); err != nil {
		t.Fatal(err)
	}
	if err := s.RemoveWatch(ctx, e.ID); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("second remove: %v", err)
	}
	if _, err := s.Watch(ctx, e.ID); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("removed watch: %v", err)
	}
	if ws, _ := s.Watchlists(ctx); len(ws) != 2 {
		t.Errorf("after remove: %+v", ws)
	}
}

// watchDoc is an article for the watchlists: where it is placed, whom it
// names and who is quoted in it.
type watchDoc struct {
	key, title, text string
	storyline        int64
	entities         []int64
	speakers         []int64 // one quotation per speaker, 0 unresolved
}

var watchEntities = []store.EntityRow{{ID: 10, Name: "Maria Zakharova", Type: "PER", Articles: 1, Data: []byte("{}")},
	{ID: 11, Name: "Black Sea Fleet", Type: "ORG", Articles: 1, Data: []byte("{}")},
	{ID: 20, Name: "ABC", Type: "ORG", Articles: 1, Data: []byte("{}")},
	{ID: 21, Name: "abc", Type: "ORG", Articles: 1, Data: []byte("{}")}}

var watchStorylines = []store.StorylineRow{{ID: 1, Title: "S1", Articles: 1}, {ID: 4, MergedInto: 1, Title: "S4"}}

// putWatchDocs stores docs in one batch, placed and resolved by a hook as
// the pipeline's would; it returns their ids.
func putWatchDocs(t *testing.T, s store.Full, docs []watchDoc) []int64 {
	t.Helper()
	var items []store.Item
	for _, x := range docs {
		it := item(x.key, "https://example.org/"+x.key, x.text)
		it.Key = "url:" + x.key
		it.Article.Title, it.Article.Outlet = x.title, "Outlet "+x.key
		items = append(items, it)
	}
	_, err := s.Put(context.Background(), items, func(base int64, items []store.Item, outs []store.Outcome) (store.Derived, error) {
		for i, x := range docs {
			a := items[i].Article
			a.Storyline, a.Event, a.Entities, a.Quotes = x.storyline, 0, nil, nil
			for _, e := range x.entities {
				a.Entities = append(a.Entities, news.Entity{Name: "E", Type: "PER", Mentions: 1, ID: e})
			}
			for j, sp := range x.speakers {
				a.Quotes = append(a.Quotes, news.Quote{Speaker: fmt.Sprint("Speaker ", sp), Cue: "said", SpeakerID: sp,
					Text: fmt.Sprintf("quotation %d of %s", j, x.key), Direct: true})
			}
		}
		return store.Derived{Base: base, Entities: watchEntities, Storylines: watchStorylines}, nil
	})
	if err != nil {
		t.Fatal(err)
	}
	ids := make([]int64, len(items))
	for i, it := range items {
		ids[i] = it.Article.ID
	}
	return ids
}

// hitKey is what identifies a hit: its kind, article and quotation.
type hitKey struct {
	kind    string
	article int64
	quote   int64
}

func hitKeys(hs []watch.Hit) []hitKey {
	out := []hitKey{}
	for _, h := range hs {
		out = append(out, hitKey{h.Kind, h.ArticleID, h.QuoteID})
	}
	return out
}

func followMatch(t *testing.T, s store.Full) {
	ctx := context.Background()
	// Articles stored before a watchlist is made are not its news.
	old := putWatchDocs(t, s, []watchDoc{{key: "old", title: "Grain through the Black Sea", text: "grain", storyline: 1,
		entities: []int64{10}, speakers: []int64{10}}})
	add := func(w watch.Watchlist) watch.Watchlist {
		t.Helper()
		w.Secret = "k"
		w, err := s.AddWatch(ctx, w)
		if err != nil {
			t.Fatal(err)
		}
		return w
	}
	wq := add(watch.Watchlist{Query: `grain "black sea"`, Webhook: "https://hook.example/"})
	wp := add(watch.Watchlist{Query: "export*"})
	wn := add(watch.Watchlist{Entity: "maria zakharova"}) // any case
	wi := add(watch.Watchlist{Entity: "11"})              // an id
	wu := add(watch.Watchlist{Entity: "Nobody Known"})
	wexact := add(watch.Watchlist{Entity: "abc"}) // the exact name wins
	wcase := add(watch.Watchlist{Entity: "aBc"})  // else any case: both
	ws := add(watch.Watchlist{Storyline: 4})      // merged into 1
	wx := add(watch.Watchlist{Storyline: 99})
	if n, err := s.MatchWatches(ctx, at(10)); err != nil || n != 0 {
		t.Errorf("nothing new: %d, %v", n, err)
	}
	ids := putWatchDocs(t, s, []watchDoc{
		{key: "n1", title: "Grain deal", text: "Ships carry grain across the Black Sea again.", storyline: 1, entities: []int64{10}, speakers: []int64{0, 10}},
		{key: "n2", title: "Sea of grain", text: "The black dog and the sea.", storyline: 2, speakers: []int64{10}},
		{key: "n3", title: "Exporters", text: "Exports rose.", storyline: 2, entities: []int64{11}},
		{key: "n4", title: "Fleet", text: "The fleet sailed on the black sea, carrying grain.", entities: []int64{10, 11}},
		{key: "n6", title: "Letters", text: "Upper case.", entities: []int64{20}},
		{key: "n7", title: "Letters", text: "Lower case.", entities: []int64{21}},
	})
	n1, n2, n3, n4, n6, n7 := ids[0], ids[1], ids[2], ids[3], ids[4], ids[5]
	n, err := s.MatchWatches(ctx, at(20))
	if err != nil {
		t.Fatal(err)
	}
	want := map[int64][]hitKey{ // newest first: the last article, its last quotation, first
		wq.ID:     {{"article", n4, 0}, {"article", n1, 0}},
		wp.ID:     {{"article", n3, 0}},
		wn.ID:     {{"article", n4, 0}, {"quote", n2, 1}, {"quote", n1, 2}, {"article", n1, 0}},
		wi.ID:     {{"article", n4, 0}, {"article", n3, 0}},
		wu.ID:     {},
		wexact.ID: {{"article", n7, 0}},
		wcase.ID:  {{"article", n7, 0}, {"article", n6, 0}},
		// Storyline 4 is 1 now: its articles, and their quotations.
		ws.ID: {{"quote", n1, 2}, {"quote", n1, 1}, {"article", n1, 0}},
		wx.ID: {},
	}
	total := 0
	for id, w := range want {
		total += len(w)
		hs, err := s.Hits(ctx, id, 100)
		if err != nil {
			t.Fatal(err)
		}
		if got := hitKeys(hs); !reflect.DeepEqual(got, w) {
			t.Errorf("watchlist %d: hits %v, want %v", id, got, w)
		}
		for _, h := range hs {
			if h.Watch != id || h.ArticleID == old[0] || !sameTime(h.Found, at(20)) {
				t.Errorf("watchlist %d: hit %+v", id, h)
			}
		}
	}
	if n != total {
		t.Errorf("MatchWatches recorded %d hits, want %d", n, total)
	}
	// Hit ids grow in the order recorded.
	hs, _ := s.Hits(ctx, wn.ID, 100)
	for i := 1; i < len(hs); i++ {
		if hs[i].ID >= hs[i-1].ID {
			t.Errorf("hit ids not newest first: %d then %d", hs[i-1].ID, hs[i].ID)
		}
	}
	if len(hs) == 4 {
		a, q := hs[3], hs[1]
		if a.Title != "Grain deal" || a.Outlet != "Outlet n1" || a.URL != "https://example.org/n1" ||
			!a.Published.Equal(time.Date(2017, 12, 22, 0, 0, 0, 0, time.UTC)) || a.Speaker != "" ||
			a.Text != "Ships carry grain across the Black Sea again." {
			t.Errorf("article hit: %+v", a)
		}
		if q.Title != "Sea of grain" || q.Speaker != "Speaker 10" || q.Text != "quotation 0 of n2" || q.QuoteID != 1 {
			t.Errorf("quotation hit: %+v", q)
		}
	}
	if hs, _ := s.Hits(ctx, wn.ID, 2); !reflect.DeepEqual(hitKeys(hs), want[wn.ID][:2]) {
		t.Errorf("hits limit 2: %v", hitKeys(hs))
	}
	// Once recorded, hits are not recorded again.
	if n, err := s.MatchWatches(ctx, at(30)); err != nil || n != 0 {
		t.Errorf("again: %d, %v", n, err)
	}
	ids = putWatchDocs(t, s, []watchDoc{{key: "n5", title: "More grain", text: "From the Black Sea ports.", storyline: 9}})
	if n, err := s.MatchWatches(ctx, at(40)); err != nil || n != 1 {
		t.Errorf("one more: %d, %v", n, err)
	}
	if hs, _ := s.Hits(ctx, wq.ID, 100); len(hs) != 3 || hs[0].ArticleID != ids[0] || !sameTime(hs[0].Found, at(40)) {
		t.Errorf("query hits: %+v", hs)
	}
	// A removed watchlist's hits go with it.
	if err := s.RemoveWatch(ctx, wn.ID); err != nil {
		t.Fatal(err)
	}
	if hs, err := s.Hits(ctx, wn.ID, 100); err != nil || len(hs) != 0 {
		t.Errorf("removed watchlist's hits: %+v, %v", hs, err)
	}
}

// followMatchCap: one pass records at most 1000 hits of a watchlist, the
// first by article, and moves past the rest.
func followMatchCap(t *testing.T, s store.Full) {
	ctx := context.Background()
	w, err := s.AddWatch(ctx, watch.Watchlist{Query: "flood", Webhook: "https://hook.example/", Secret: "k"})
	if err != nil {
		t.Fatal(err)
	}
	docs := make([]watchDoc, 1002)
	for i := range docs {
		docs[i] = watchDoc{key: fmt.Sprint("f", i), title: "Flood", text: "a flood"}
	}
	ids := putWatchDocs(t, s, docs)
	if n, err := s.MatchWatches(ctx, at(10)); err != nil || n != 1000 {
		t.Fatalf("first pass: %d, %v", n, err)
	}
	if n, err := s.MatchWatches(ctx, at(20)); err != nil || n != 0 {
		t.Errorf("second pass: %d, %v", n, err)
	}
	hs, err := s.Hits(ctx, w.ID, 1)
	if err != nil || len(hs) != 1 || hs[0].ArticleID != ids[999] {
		t.Errorf("newest hit: %+v, %v (want article %d)", hs, err, ids[999])
	}
	ds, err := s.DueDeliveries(ctx, at(10), 10)
	if err != nil || len(ds) != 1 || len(ds[0].Hits) != 1000 || ds[0].Hits[0].ArticleID != ids[999] || ds[0].Hits[999].ArticleID != ids[0] {
		t.Errorf("delivery of %d hits, %v", len(ds), err)
	}
}

func followDeliveries(t *testing.T, s store.Full) {
	ctx := context.Background()
	add := func(w watch.Watchlist) watch.Watchlist {
		t.Helper()
		w.Secret = "k"
		w, err := s.AddWatch(ctx, w)
		if err != nil {
			t.Fatal(err)
		}
		return w
	}
	hooked := add(watch.Watchlist{Query: "grain", Webhook: "https://hook.example/a"})
	other := add(watch.Watchlist{Query: "wheat", Webhook: "https://hook.example/b"})
	quiet := add(watch.Watchlist{Query: "grain"}) // no webhook: hits, no delivery
	ids := putWatchDocs(t, s, []watchDoc{{key: "d1", title: "Grain", text: "grain"}, {key: "d2", title: "More grain", text: "grain and wheat"}})
	if n, err := s.MatchWatches(ctx, at(10)); err != nil || n != 5 {
		t.Fatalf("match: %d, %v", n, err)
	}
	due := func(now time.Time) []store.Delivery {
		t.Helper()
		ds, err := s.DueDeliveries(ctx, now, 10)
		if err != nil {
			t.Fatal(err)
		}
		return ds
	}
	if ds := due(at(9)); len(ds) != 0 {
		t.Errorf("due before found: %+v", ds)
	}
	ds := due(at(10))
	if len(ds) != 2 || ds[0].Watch != hooked.ID || ds[1].Watch != other.ID {
		t.Fatalf("due: %+v", ds)
	}
	d := ds[0]
	if d.State != "pending" || d.Attempts != 0 || !sameTime(d.NextTry, at(10)) || !sameTime(d.Created, at(10)) || d.FirstHit == 0 ||
		d.LastHit <= d.FirstHit || !reflect.DeepEqual(hitKeys(d.Hits), []hitKey{{"article", ids[1], 0}, {"article", ids[0], 0}}) {
		t.Errorf("delivery: %+v", d)
	}
	if len(ds[1].Hits) != 1 || ds[1].Hits[0].ArticleID != ids[1] || ds[1].FirstHit != ds[1].LastHit {
		t.Errorf("other delivery: %+v", ds[1])
	}
	if got, _ := s.Deliveries(ctx, quiet.ID, 10); len(got) != 0 {
		t.Errorf("deliveries without a webhook: %+v", got)
	}
	if got := due(at(10)); len(got) != 2 {
		t.Errorf("limit: %d", len(got))
	}
	if got, _ := s.DueDeliveries(ctx, at(10), 1); len(got) != 1 || got[0].ID != d.ID {
		t.Errorf("limit 1: %+v", got)
	}
	// A failed attempt is retried at its time; then it goes through.
	if err := s.RecordDelivery(ctx, d.ID, store.DeliveryAttempt{At: at(11), Status: 503, Err: "HTTP 503", Duration: 20 * time.Millisecond}, at(70)); err != nil {
		t.Fatal(err)
	}
	if got := due(at(69)); len(got) != 1 || got[0].ID != ds[1].ID {
		t.Errorf("due during the retry wait: %+v", got)
	}
	got := due(at(70))
	if len(got) != 2 || got[1].ID != d.ID || got[1].Attempts != 1 || got[1].LastError != "HTTP 503" || !sameTime(got[1].NextTry, at(70)) || got[1].State != "pending" {
		t.Errorf("due after the wait: %+v", got)
	}
	if err := s.RecordDelivery(ctx, d.ID, store.DeliveryAttempt{At: at(71), Status: 200}, time.Time{}); err != nil {
		t.Fatal(err)
	}
	// The other is given up: an error with no retry time.
	if err := s.RecordDelivery(ctx, ds[1].ID, store.DeliveryAttempt{At: at(72), Status: 410, Err: "gone"}, time.Time{}); err != nil {
		t.Fatal(err)
	}
	if got := due(at(1000)); len(got) != 0 {
		t.Errorf("due after delivery: %+v", got)
	}
	hd, err := s.Deliveries(ctx, hooked.ID, 10)
	if err != nil || len(hd) != 1 || hd[0].State != "delivered" || hd[0].Attempts != 2 || hd[0].Hits != nil {
		t.Errorf("delivered: %+v, %v", hd, err)
	}
	od, _ := s.Deliveries(ctx, other.ID, 10)
	if len(od) != 1 || od[0].State != "failed" || od[0].Attempts != 1 || od[0].LastError != "gone" {
		t.Errorf("given up: %+v", od)
	}
	// New hits, a new delivery: newest first.
	putWatchDocs(t, s, []watchDoc{{key: "d3", title: "Grain again", text: "grain"}})
	if n, err := s.MatchWatches(ctx, at(80)); err != nil || n != 2 {
		t.Fatalf("match: %d, %v", n, err)
	}
	hd, _ = s.Deliveries(ctx, hooked.ID, 10)
	if len(hd) != 2 || hd[0].ID <= hd[1].ID || hd[0].State != "pending" || hd[0].FirstHit != hd[0].LastHit || hd[0].FirstHit <= hd[1].LastHit {
		t.Errorf("deliveries: %+v", hd)
	}
	if hd, _ := s.Deliveries(ctx, hooked.ID, 1); len(hd) != 1 {
		t.Errorf("deliveries limit 1: %+v", hd)
	}
	if err := s.RecordDelivery(ctx, 99999, store.DeliveryAttempt{At: at(90), Status: 200}, time.Time{}); err == nil {
		t.Error("an attempt of an unknown delivery was recorded")
	}
}

func followTokens(t *testing.T, s store.Full) {
	ctx := context.Background()
	h := func(b byte) []byte {
		return []byte{b, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31}
	}
	before := time.Now().Add(-2 * time.Second)
	for _, x := range []struct {
		name string
		hash []byte
	}{{"zeta", h(1)}, {"alpha", h(2)}, {"mid", h(3)}} {
		if err := s.CreateToken(ctx, x.name, x.hash); err != nil {
			t.Fatal(err)
		}
	}
	if err := s.CreateToken(ctx, "alpha", h(9)); !errors.Is(err, store.ErrExists) {
		t.Errorf("a second token named alpha: %v, want store.ErrExists", err)
	}
	for _, x := range []struct {
		hash []byte
		want string
	}{{h(1), "zeta"}, {h(2), "alpha"}, {h(3), "mid"}} {
		if got, err := s.CheckToken(ctx, x.hash); err != nil || got != x.want {
			t.Errorf("check %x: %q, %v", x.hash[0], got, err)
		}
	}
	for _, bad := range [][]byte{h(9), h(1)[:31], nil} {
		if got, err := s.CheckToken(ctx, bad); !errors.Is(err, store.ErrNotFound) {
			t.Errorf("check of an unknown hash %x: %q, %v", bad, got, err)
		}
	}
	var names []string
	err := s.ListTokens(ctx, func(name string, created time.Time) error {
		if created.Before(before) || created.After(time.Now().Add(2*time.Second)) {
			t.Errorf("token %s created %v", name, created)
		}
		names = append(names, name)
		return nil
	})
	if err != nil || !sort.StringsAreSorted(names) || !reflect.DeepEqual(names, []string{"alpha", "mid", "zeta"}) {
		t.Errorf("list: %v, %v", names, err)
	}
	stop := errors.New("stop")
	if err := s.ListTokens(ctx, func(string, time.Time) error { return stop }); !errors.Is(err, stop) {
		t.Errorf("list's callback error: %v", err)
	}
	if err := s.RevokeToken(ctx, "mid"); err != nil {
		t.Fatal(err)
	}
	if err := s.RevokeToken(ctx, "mid"); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("second revoke: %v", err)
	}
	if _, err := s.CheckToken(ctx, h(3)); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("revoked token: %v", err)
	}
}
