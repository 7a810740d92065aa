// Package store defines how Storyline keeps articles, and the conformance
// suite (storetest) every implementation passes. Implementations live in
// subpackages, one per database.
package store

import (
	"context"
	"errors"

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
}

// Hook derives state from a batch inside Put's transaction.
type Hook func(items []Item, outs []Outcome) (Derived, error)

// Derived is the corpus-wide state a batch changed.
type Derived struct {
	Entities   []EntityRow // entity rows to insert or replace
	Placements []Placement // cluster ids of stored articles that changed
}

// Placement is where clustering put an article.
type Placement struct {
	Article, DuplicateOf, Event, Storyline int64
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
	Outlet  string // exact outlet, "" for all
	Limit   int    // 0 for no limit
	AfterID int64  // keyset paging: only ids greater than this
}

// Store keeps articles and their raw input.
type Store interface {
	// Put stores each item atomically, all in one transaction: either every
	// item is written or none. An item whose raw content (Article.ContentHash)
	// was stored before is Unchanged; one whose identity key (the document
	// URL, else its source id) is known with other content is Revised;
	// anything else is Inserted. Put sets Article.ID and Article.Revision.
	//
	// hook, when not nil, runs inside the transaction once the articles are
	// written (ids set): it derives corpus-wide state from the batch (the
	// entity table), may change the analysis and cluster fields of the
	// batch's new and revised articles, and Put writes both before it
	// commits, so that derived state never disagrees with the articles.
	Put(ctx context.Context, items []Item, hook Hook) ([]Outcome, error)
	// Entities returns the corpus-wide entity table, in id order.
	Entities(ctx context.Context) ([]EntityRow, error)
	// ResetDerived empties the derived state (entity table, cluster ids) so
	// that reprocess can rebuild it.
	ResetDerived(ctx context.Context) error
	// Get returns the current revision of an article.
	Get(ctx context.Context, id int64) (*news.Article, error)
	// Raw returns the raw document the current revision was extracted from.
	Raw(ctx context.Context, id int64) (news.Document, error)
	// Each calls fn for every article the query selects, in id order.
	Each(ctx context.Context, q Query, fn func(*news.Article) error) error
	// Update overwrites the extracted and derived fields of a stored article
	// (reprocess) and writes d, in one transaction; its raw document and
	// revision stay.
	Update(ctx context.Context, a *news.Article, d Derived) error
	// Count returns the number of articles stored.
	Count(ctx context.Context) (int, error)
	Close() error
}

// Key returns the identity of the article a document is a version of: its
// URL when the container gives one, else its source id. Two documents with
// one key and different content are revisions of one article.
func Key(d news.Document) string {
	if d.URL != "" {
		return "url:" + d.URL
	}
	return "id:" + d.SourceID
}
