// Package store defines how Storyline keeps articles, and the conformance
// suite (storetest) every implementation passes. Implementations live in
// subpackages, one per database.
package store

import (
	"context"
	"errors"
	"io"

	"github.com/storyline-news/storyline/internal/news"
)

// ErrNotFound is returned when an article id is unknown.
var ErrNotFound = errors.New("not found")

// Outcome says what storing one article did.
type Outcome int

// The outcomes of Put.
const (
	Inserted  Outcome = iota // a new article
	Unchanged                // the same raw content was stored before: nothing written
	Revised                  // a changed version of a known article: a new revision
)

func (o Outcome) String() string {
	switch o {
	case Inserted:
		return "inserted"
	case Unchanged:
		return "unchanged"
	case Revised:
		return "revised"
	}
	return "unknown"
}

// Item is one extracted article with the raw document it came from.
type Item struct {
	Doc     news.Document
	Article *news.Article
	// Key is the article's identity (pipeline.Identity): documents with one
	// key are versions of one article. Put falls back to Key(Doc) when empty.
	Key string
	// Prev is set by Put, for the hook, when the item revises a stored
	// article: that article as it was, so that its contribution to derived
	// state can be taken back.
	Prev *news.Article
}

// Hook derives state from a batch inside Put's transaction. base is the
// version of the derived state the store holds when the batch begins
// (DerivedVersion): a hook whose in-memory state is of another version
// must reload before it places the batch, or another writer's work is lost.
type Hook func(base int64, items []Item, outs []Outcome) (Derived, error)

// Derived is the corpus-wide state a batch changed.
type Derived struct {
	// Base is the derived-state version the hook worked from; Put fails
	// with ErrConflict when the store holds another, and otherwise stores
	// Base+1.
	Base       int64
	Entities   []EntityRow // entity rows to insert or replace
	Placements []Placement // cluster ids of stored articles that changed
	Events     []EventRow  // event rows to insert or replace
	Storylines []StorylineRow
	// ClusterLog is appended to the clusterer's journal: what it was told
	// since its last snapshot, so that it can be reopened without replaying
	// every article.
	ClusterLog []LogEntry
}

// ErrConflict is returned by Put when another writer changed the derived
// state since the hook's in-memory copy was loaded.
var ErrConflict = errors.New("derived state changed by another writer")

// Placement is where clustering put an article.
type Placement struct {
	Article, DuplicateOf, Event, Storyline int64
}

// EventRow is one event: the articles about one real-world happening. An
// event merged into another keeps its row, with MergedInto naming its new
// home, so that old ids still resolve.
type EventRow struct {
	ID          int64    `json:"id"`
	MergedInto  int64    `json:"merged_into,omitempty"`
	Title       string   `json:"title"`
	First       string   `json:"first"` // "2006-01-02", "" when undated
	Last        string   `json:"last"`
	Articles    int      `json:"articles"`  // copies included
	Originals   int      `json:"originals"` // articles that are not copies
	Outlets     []string `json:"outlets"`
	KeyTerms    []string `json:"key_terms"`
	KeyEntities []string `json:"key_entities"`
	Storyline   int64    `json:"storyline"`
}

// StorylineRow is one storyline: events that continue one story.
type StorylineRow struct {
	ID          int64    `json:"id"`
	MergedInto  int64    `json:"merged_into,omitempty"`
	Title       string   `json:"title"`
	First       string   `json:"first"`
	Last        string   `json:"last"`
	Events      []int64  `json:"events"` // in time order, undated last
	Articles    int      `json:"articles"`
	Outlets     []string `json:"outlets"`
	KeyEntities []string `json:"key_entities"`
}

// LogEntry is one operation of the clusterer's journal: Doc (encoded by
// the pipeline) added, or removed when Remove is set.
type LogEntry struct {
	Seq    int64
	Remove bool
	Doc    []byte
}

// EntityRow is one entity of the corpus-wide table. Data is the resolver's
// full record (aliases, roles, co-occurrences) as JSON; the other fields are
// kept apart so that they can be queried.
type EntityRow struct {
	ID        int64
	Name      string
	Type      string
	Articles  int
	FirstSeen string
	LastSeen  string
	Data      []byte
}

// Query selects articles for listing and export.
type Query struct {
	Outlet    string // exact outlet, "" for all
	Event     int64  // only this event's articles (after merges), 0 for all
	Storyline int64  // only this storyline's articles, 0 for all
	Limit     int    // 0 for no limit
	AfterID   int64  // keyset paging: only ids greater than this
}

// ListQuery selects events or storylines.
type ListQuery struct {
	// Order is "latest" (by last date, undated last) or "largest" (by
	// articles); "" is the store's default for the kind.
	Order string
	Limit int // 0 for no limit
}

// Store keeps articles and their raw input, and the state derived from
// them: the entity table, events, storylines and the clusterer's state.
type Store interface {
	// Put stores each item atomically, all in one transaction: either every
	// item is written or none. An item whose identity (Item.Key) is new is
	// Inserted; one whose identity is known with the same raw content
	// (Article.ContentHash of this or an older revision) is Unchanged; one
	// with other content is Revised. Put sets Article.ID and
	// Article.Revision; an Article.ID set beforehand is kept for a new
	// article (reprocess keeps ids).
	//
	// hook, when not nil, runs inside the transaction once the articles are
	// written (ids set): it derives corpus-wide state from the batch, may
	// change the analysis and cluster fields of the batch's new and revised
	// articles, and Put writes both before it commits, so that derived
	// state never disagrees with the articles.
	Put(ctx context.Context, items []Item, hook Hook) ([]Outcome, error)
	// DerivedVersion is the version of the derived state: it grows by one
	// with every Put that ran a hook.
	DerivedVersion(ctx context.Context) (int64, error)
	// Entities returns the corpus-wide entity table, in id order.
	Entities(ctx context.Context) ([]EntityRow, error)
	// Entity returns one row of the entity table.
	Entity(ctx context.Context, id int64) (EntityRow, error)
	// Get returns the current revision of an article.
	Get(ctx context.Context, id int64) (*news.Article, error)
	// Raw returns the raw document the current revision was extracted from.
	Raw(ctx context.Context, id int64) (news.Document, error)
	// Each calls fn for every article the query selects, in id order.
	Each(ctx context.Context, q Query, fn func(*news.Article) error) error
	// Count returns the number of articles stored.
	Count(ctx context.Context) (int, error)

	// Event returns the event an id resolves to (following merges).
	Event(ctx context.Context, id int64) (EventRow, error)
	// Events returns the current events (not merged, not empty).
	Events(ctx context.Context, q ListQuery) ([]EventRow, error)
	// EachEvent calls fn for each current event, in Events' order, without
	// holding them all in memory.
	EachEvent(ctx context.Context, q ListQuery, fn func(EventRow) error) error
	// Storyline returns the storyline an id resolves to.
	Storyline(ctx context.Context, id int64) (StorylineRow, error)
	// Storylines returns the current storylines.
	Storylines(ctx context.Context, q ListQuery) ([]StorylineRow, error)
	// EachStoryline is EachEvent for storylines.
	EachStoryline(ctx context.Context, q ListQuery, fn func(StorylineRow) error) error
	// ClusterSnapshot opens the clusterer's stored snapshot; upto is the
	// last journal entry it includes. rc is nil when none was saved.
	ClusterSnapshot(ctx context.Context) (rc io.ReadCloser, upto int64, err error)
	// ClusterLog calls fn for each journal entry after seq, in order.
	ClusterLog(ctx context.Context, after int64, fn func(LogEntry) error) error
	// SaveClusterSnapshot stores the snapshot that write produces, of a
	// clusterer that has been told every journal entry, and drops the
	// entries; all in one transaction, and only while the derived state is
	// still at version base (else ErrConflict).
	SaveClusterSnapshot(ctx context.Context, base int64, write func(io.Writer) error) error
	Close() error
}

// Key returns the identity of a document when nothing better is known: its
// URL when the container gives one, else its source id.
func Key(d news.Document) string {
	if d.URL != "" {
		return "url:" + d.URL
	}
	return "id:" + d.SourceID
}
