package store

import (
	"context"
	"errors"
	"time"

	"github.com/storyline-news/storyline/internal/news"
	"github.com/storyline-news/storyline/internal/watch"
)

// ErrExists is returned when adding what is already there (a feed URL).
var ErrExists = errors.New("already exists")

// Feed is one subscription and its polling state.
type Feed struct {
	ID                  int64
	URL, Title, Kind    string
	Every               time.Duration // the user's interval
	AllowPrivate        bool          // the feed and its pages may be on private addresses
	ETag, LastModified  string        // validators for the next conditional GET
	TTL, MaxAge         time.Duration // the feed's ttl and its last Cache-Control max-age
	Created             time.Time
	LastPoll, LastNew   time.Time // zero when never
	NextPoll            time.Time
	LastStatus          int
	Failures, Errors    int // consecutive failures; errors ever
	LastError           string
	Polls, NotModified  int
	Items, Stored, Open int // items seen; stored as articles; queued or failed
}

// Item states.
const (
	ItemQueued = "queued" // waiting for its page or its turn in the pipeline
	ItemStored = "stored" // stored as an article (Put marked it)
	ItemFailed = "failed" // gave up after MaxAttempts
)

// FeedItem is one item a feed announced; queued items are the fetch queue.
type FeedItem struct {
	ID, Feed int64
	URLKey   string // normalised link; "" when the item has none
	GUID     string
	Version  string // hash of what the feed says of the item
	// Doc is the feed's document: the evidence kept beside the page, and
	// the article itself when Summary is false.
	Doc     news.Document
	Summary bool // the page must be fetched
	// AllowPrivate is its feed's: its page may be on a private address.
	AllowPrivate bool
	State        string
	Attempts     int
	NextTry      time.Time
	LastError    string
	Article      int64
	Fetches      int
}

// PollResult is what one poll of a feed found, recorded in one
// transaction.
type PollResult struct {
	Feed               int64
	At                 time.Time
	Status             int
	NotModified        bool
	Kind, Title        string
	ETag, LastModified string
	TTL, MaxAge        time.Duration
	Err                string // "" on success
	NextPoll           time.Time
	// Items are the feed's items as parsed; new ones are queued, ones
	// whose Version changed are queued again, the rest are left alone.
	Items []FeedItem
}

// PollCounts says what recording a poll did to its items.
type PollCounts struct{ New, Changed int }

// Following keeps subscriptions, the fetch queue, watchlists and webhook
// deliveries: the state of storyline follow, in the store so that a
// restart resumes it.
type Following interface {
	// AddFeed subscribes to f.URL (with f's Title, Every, AllowPrivate),
	// due at once (f.Created); ErrExists when subscribed already.
	AddFeed(ctx context.Context, f Feed) (Feed, error)
	Feeds(ctx context.Context) ([]Feed, error)
	Feed(ctx context.Context, id int64) (Feed, error)
	RemoveFeed(ctx context.Context, id int64) error
	// DueFeeds returns the feeds whose next poll is at or before now,
	// most overdue first.
	DueFeeds(ctx context.Context, now time.Time, limit int) ([]Feed, error)
	// RecordPoll stores a poll's result and its items in one transaction.
	RecordPoll(ctx context.Context, r PollResult) (PollCounts, error)
	// QueuedItems returns queued items whose next try is due, oldest
	// first.
	QueuedItems(ctx context.Context, now time.Time, limit int) ([]FeedItem, error)
	// ItemFetched counts a page fetch for an item.
	ItemFetched(ctx context.Context, id int64) error
	// ItemFailed records a failed attempt: retried at next, or failed for
	// good when giveUp. Storing an item's article marks it stored, in
	// Put's transaction (news.Document.FeedItem).
	ItemFailed(ctx context.Context, id int64, msg string, next time.Time, giveUp bool) error

	AddWatch(ctx context.Context, w watch.Watchlist) (watch.Watchlist, error)
	Watchlists(ctx context.Context) ([]watch.Watchlist, error)
	Watch(ctx context.Context, id int64) (watch.Watchlist, error)
	RemoveWatch(ctx context.Context, id int64) error
	// MatchWatches records, for every watchlist, the hits among the
	// articles stored since it last looked, and queues a webhook delivery
	// for each watchlist with a webhook and new hits; all in one
	// transaction. It returns the number of hits recorded.
	MatchWatches(ctx context.Context, now time.Time) (int, error)
	// Hits returns a watchlist's latest hits, newest first.
	Hits(ctx context.Context, watch int64, limit int) ([]watch.Hit, error)
	// DueDeliveries returns pending deliveries due at now, with their hits.
	DueDeliveries(ctx context.Context, now time.Time, limit int) ([]Delivery, error)
	// RecordDelivery logs one attempt; next is the retry time, zero when
	// the delivery succeeded or was given up.
	RecordDelivery(ctx context.Context, id int64, a DeliveryAttempt, next time.Time) error
	Deliveries(ctx context.Context, watch int64, limit int) ([]Delivery, error)
}

// MaxHitsPerMatch bounds the hits one watchlist records in one pass of
// MatchWatches (and a delivery carries), so that a query matching half a
// bulk import cannot flood a webhook; the watchlist's cursor still moves
// past them.
const MaxHitsPerMatch = 1000

// Delivery is one webhook POST of a batch of hits.
type Delivery struct {
	ID, Watch         int64
	State             string // pending, delivered, failed
	Attempts          int
	NextTry, Created  time.Time
	LastError         string
	Hits              []watch.Hit // set by DueDeliveries
	FirstHit, LastHit int64
}

// DeliveryAttempt is one logged POST.
type DeliveryAttempt struct {
	At       time.Time
	Status   int
	Err      string
	Duration time.Duration
}
