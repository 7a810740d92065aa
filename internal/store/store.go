// Package store defines how Storyline keeps articles, and the conformance
// suite (storetest) every implementation passes. Implementations live in
// subpackages, one per database.
package store

import (
	"context"
	"errors"
	"fmt"
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
	// EntityKeys replace the index keys the entity table files each
	// listed entity under (EntityIDsByKeys).
	EntityKeys []EntityKeys
}

// EntityKeys are the index keys (the resolver's, kind-prefixed) one entity
// of the table is filed under.
type EntityKeys struct {
	Entity int64
	Keys   []string
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
	// Entity keeps the articles that name this corpus-wide entity
	// (news.Entity.ID), 0 for all.
	Entity int64
	// DuplicateOf keeps the copies of this article, 0 for all.
	DuplicateOf int64
	// From and To bound the published date, "2006-01-02", inclusive; ""
	// leaves that end open. Undated articles are left out when either is
	// set.
	From, To string
}

// ListQuery selects events or storylines.
type ListQuery struct {
	// Order is "latest" (by last date, undated last) or "largest" (by
	// articles); "" is the store's default for the kind.
	Order string
	Limit int // 0 for no limit
	// Since keeps the rows whose last day is on or after this date
	// ("2006-01-02"): what is still active. "" for all.
	Since string
}

// MaxList caps every listing that takes a limit: a limit of 0, or above
// MaxList, means MaxList, so that no request reads a whole table.
const MaxList = 1000

// MaxSearchLimit caps SearchQuery.Limit; DefaultSearchLimit is used for 0.
const (
	MaxSearchLimit     = 100
	DefaultSearchLimit = 20
)

// ErrBadQuery is returned for a query the store cannot run as given: a
// malformed date or cursor. The user's search words never cause it.
var ErrBadQuery = errors.New("bad query")

// SearchQuery is a full-text search with filters.
type SearchQuery struct {
	// Text is the user's query: words (all must match), "quoted phrases"
	// and prefix* words. Anything else is taken as plain words, so that no
	// input is a syntax error.
	Text string
	// From and To bound the published date, "2006-01-02", inclusive; ""
	// leaves that end open.
	From, To         string
	Outlet, Language string // exact values, "" for all
	Entity           int64  // only articles naming this entity, 0 for all
	Storyline        int64  // only this storyline's articles, 0 for all
	Limit            int    // hits per page: 0 is DefaultSearchLimit, capped at MaxSearchLimit
	// Cursor is SearchResult.Next of the previous page, "" for the first:
	// pages continue after the last hit shown rather than at an offset,
	// so that they neither repeat nor skip hits.
	Cursor string
}

// SearchHit is one matching article.
type SearchHit struct {
	ID                                 int64
	Title, Outlet, Published, Language string
	Event, Storyline                   int64
	// Snippet is plain text around the best match in the article's text;
	// Highlights are the byte ranges [start, end) in Snippet of matched
	// words. Nothing in either is markup: the caller escapes Snippet and
	// marks the ranges itself.
	Snippet    string
	Highlights [][2]int
	Score      float64 // relevance, higher is better (BM25, title weighted above text)
}

// Facet is one value of a field among the matches, with how many have it.
type Facet struct {
	Value string // what to filter on: the outlet, the year, the entity id in decimal
	Label string // what to show: the entity's name; the value itself otherwise
	Count int
}

// SearchResult is one page of hits, best first.
type SearchResult struct {
	Hits []SearchHit
	Next string // cursor of the next page, "" on the last
	// Total counts the matches; when more than the store examines match
	// (TotalCapped), Total is that cap, and ranking and facets are over the
	// newest matches up to it: a query matching a million articles still
	// answers in milliseconds. A store may rank a smaller window of the
	// newest matches than it counts (SQLite ranks the newest 500 of a
	// query that matches more than its cap).
	Total       int
	TotalCapped bool
	// Ranked, when not 0, is how many of the newest matches were ranked
	// (the hits are the best of those); 0 means all of Total.
	Ranked int
	// Facets over the matches counted in Total, largest first (Years in
	// date order), each list at most 20 long; when Faceted is not 0,
	// over the newest Faceted of them only.
	Faceted                  int
	Outlets, Years, Entities []Facet
}

// RevisionRow describes one stored revision of an article's raw input.
type RevisionRow struct {
	Revision int
	StoredAt string // RFC 3339
	SourceID string
	Origin   string
	URL      string
	Format   string
	Hash     string // the content hash that tells revisions apart
	Size     int    // bytes of raw content
}

// OutletRow summarises one outlet (news.Article.Outlet).
type OutletRow struct {
	Name     string
	Articles int
	// ArticlesCapped says Articles is a cap (MaxOutletCount) that more
	// articles pass (Outlet only).
	ArticlesCapped bool
	First, Last    string // published, "2006-01-02", "" when none is dated
	CopiesOfOther  int    // its articles that are copies of another outlet's
	CopiedByOther  int    // copies of its articles at other outlets
}

// CopyLink is one copy of an article at another outlet.
type CopyLink struct {
	Copy           int64
	CopyOutlet     string
	Original       int64
	OriginalOutlet string
}

// DayCount is the number of articles published on one day.
type DayCount struct {
	Day   string // "2006-01-02"
	Count int
}

// MonthCount is the number of articles published in one month.
type MonthCount struct {
	Month string // "2006-01"
	Count int
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

	// Search finds articles by words in their title and text. Its index
	// follows every Put, in Put's transaction.
	Search(ctx context.Context, q SearchQuery) (SearchResult, error)
	// Revisions lists the stored revisions of an article, oldest first
	// (at most MaxList).
	Revisions(ctx context.Context, id int64) ([]RevisionRow, error)
	// RawRevision returns the raw document of one revision of an article.
	RawRevision(ctx context.Context, id int64, rev int) (news.Document, error)
	// Outlets lists outlets by number of articles, largest first.
	Outlets(ctx context.Context, limit int) ([]OutletRow, error)
	// Outlet returns one outlet's row; ErrNotFound when it has no
	// article.
	Outlet(ctx context.Context, name string) (OutletRow, error)
	// EntitiesPage returns the entity rows after id q.After, in id order,
	// of q.Type when set, at most q.Limit (MaxList when 0 or above).
	EntitiesPage(ctx context.Context, q EntityQuery) ([]EntityRow, error)
	// OutletCopies lists, newest copy first, the copies an outlet carries
	// of other outlets' articles and the copies other outlets carry of its
	// own.
	OutletCopies(ctx context.Context, outlet string, limit int) ([]CopyLink, error)
	// StorylineDays counts a storyline's dated articles per published day,
	// in date order (a sparkline).
	StorylineDays(ctx context.Context, id int64) ([]DayCount, error)
	// EntityMonths counts the dated articles naming an entity per month, in
	// date order.
	EntityMonths(ctx context.Context, entityID int64) ([]MonthCount, error)

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

	// Batch reads: one query for what a page would otherwise read row by
	// row.

	// StorylineEvents returns the current (not merged) events of a
	// storyline, empty ones included, in id order, in one query.
	StorylineEvents(ctx context.Context, id int64) ([]EventRow, error)
	// StorylineEventsBrief is StorylineEvents without the JSON columns:
	// Outlets, KeyTerms and KeyEntities are left nil.
	StorylineEventsBrief(ctx context.Context, id int64) ([]EventRow, error)
	// EventsByID returns the event rows of ids (at most MaxList; more is
	// ErrBadQuery), by id, as stored (merged ones not followed); unknown
	// ids are left out.
	EventsByID(ctx context.Context, ids []int64) (map[int64]EventRow, error)
	// EntitiesByID returns the entity rows of ids (at most MaxList; more
	// is ErrBadQuery), by id, without Data; unknown ids are left out.
	EntitiesByID(ctx context.Context, ids []int64) (map[int64]EntityRow, error)
	// ArticleHeads returns the listing fields of the first articles (by
	// id) of each event of q, without their text or analysis.
	ArticleHeads(ctx context.Context, q HeadQuery) ([]ArticleHead, error)
	// Quotes pages the quotations q selects in the order said: by
	// SaidOn, undated last, then by article and place in it.
	Quotes(ctx context.Context, q QuoteQuery) (rows []QuoteRow, next string, err error)
	// StorylinesDays is StorylineDays for several storylines (current
	// ids, at most MaxList) in one query.
	StorylinesDays(ctx context.Context, ids []int64) (map[int64][]DayCount, error)
	// StorylinePeople counts, for each storyline of ids (at most
	// MaxList), the people (entities of type PER) named or quoted in its
	// first sample articles (by id), most named first, at most MaxList
	// each.
	StorylinePeople(ctx context.Context, ids []int64, sample int) (map[int64][]PersonCount, error)
	// EntityMonthCounts is EntityMonths read from counts the store keeps
	// per entity and month: a few rows however many articles name it.
	EntityMonthCounts(ctx context.Context, entityID int64) ([]MonthCount, error)
	// EntityArticleHeads returns the listing fields of the last limit
	// articles stored (by id, newest first) that name an entity, without
	// their text or analysis; ErrNotFound for an unknown entity.
	EntityArticleHeads(ctx context.Context, entityID int64, limit int) ([]ArticleHead, error)

	// Reads for a placer that holds part of the entity table in memory.

	// EntityIDsByKeys returns, for each of keys (at most MaxList; more is
	// ErrBadQuery), the smallest limit ids (1 when limit < 1) of the
	// entities filed under it (Derived.EntityKeys), ascending; keys with
	// none are left out.
	EntityIDsByKeys(ctx context.Context, keys []string, limit int) (map[string][]int64, error)
	// EntityRows returns the entity rows of ids (at most MaxList; more is
	// ErrBadQuery) with Data, in id order; unknown ids are left out.
	EntityRows(ctx context.Context, ids []int64) ([]EntityRow, error)
	// MaxEntityID returns the largest entity id, 0 when there is none.
	MaxEntityID(ctx context.Context) (int64, error)
}

// HeadQuery selects article heads: the first PerEvent articles of each of
// Events (PerEvent 0 or above MaxList means MaxList; at most MaxList
// events); or, when IDs is set, those articles (at most MaxList); or, when
// Outlet is set, the outlet's latest PerEvent articles by publication
// date, newest first.
type HeadQuery struct {
	Events   []int64
	PerEvent int
	IDs      []int64
	Outlet   string
	// Claims also reads the articles' claims.
	Claims bool
}

// MaxOutletCount is where Outlet stops counting an outlet's articles.
const MaxOutletCount = 10000

// EntityQuery pages the entity table.
type EntityQuery struct {
	Type  string
	After int64
	Limit int
}

// ArticleHead is what a listing shows of an article.
type ArticleHead struct {
	ID                       int64
	Title, Outlet, Published string
	DuplicateOf              int64
	Event, Storyline         int64
	RepublishedBy            string
	Lead                     string // the start of the text, only when Title is ""
	Claims                   []news.Claim
}

// MaxLead is how much of an untitled article's text ArticleHead.Lead holds.
const MaxLead = 300

// QuoteQuery selects quotations; a zero field does not filter.
type QuoteQuery struct {
	Speaker, Storyline, Article int64
	Limit                       int    // 0 or above MaxList is MaxList
	Cursor                      string // next of the previous page, or QuoteCursor
}

// QuoteRow is one quotation with where it is from.
type QuoteRow struct {
	Article           int64
	Index             int // its place in the article's quotes
	Outlet, Published string
	Title             string
	Event, Storyline  int64
	Quote             news.Quote
}

// UndatedQuote is the day an undated quotation sorts under.
const UndatedQuote = "9999-99-99"

// QuoteCursor is the cursor of the quotations after the one said on day
// (its SaidOn, UndatedQuote when ""), in article at index.
func QuoteCursor(day string, article int64, index int) string {
	if day == "" {
		day = UndatedQuote
	}
	return fmt.Sprintf("%s,%d,%d", day, article, index)
}

// PersonCount is a person of a storyline's sample and how many of its
// articles name or quote them.
type PersonCount struct {
	ID       int64
	Name     string
	Articles int
	Quoted   bool
}

// Key returns the identity of a document when nothing better is known: its
// URL when the container gives one, else its source id.
func Key(d news.Document) string {
	if d.URL != "" {
		return "url:" + d.URL
	}
	return "id:" + d.SourceID
}
