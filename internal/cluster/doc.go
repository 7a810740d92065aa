// Package cluster groups articles as a news desk would: near-duplicate copies
// link to their original, articles about one real-world happening form an
// event, and events that continue one story form a storyline.
//
// Everything is online: Clusterer.Add places one article when it arrives, in
// any order, at a cost that does not grow with the number of articles seen
// (capped index postings, top-K centroids, compact MinHash signatures).
// Later evidence corrects earlier placements: an article may bridge two
// events (merge), a young event that holds two happenings is split, and
// members move between neighbouring young events. Event and storyline ids
// stay valid: Resolve follows merges; Placement gives an article's current
// event, storyline and original.
//
// Revisions: Remove takes out an article's old version, and Add of the new
// one under the same id places it afresh.
//
// State: WriteTo saves the complete working state and ReadClusterer
// restores it; the restored clusterer goes on exactly as the one saved.
// It can also be rebuilt by adding the stored articles again in their
// stored order (Add is deterministic: the same order gives the same ids and
// placements, and so do the same Add and Remove calls). ChangedSets tells a
// store which event and storyline rows to rewrite after each batch.
//
// Memory: what is held is bounded by a time window (Config.RetireDays):
// events past it are retired with their articles, and kept only as stubs
// that later events of their storyline link to (see retire.go), so that
// memory and snapshots do not grow with the archive. The store keeps the
// placements of retired articles.
package cluster

// Doc is one article as the clusterer sees it. Only ID and Text are needed;
// every other signal is used when it is present.
type Doc struct {
	ID     int64  // the store's article id; must be unique
	Title  string // headline; "" when unknown (the lead is used instead)
	Text   string // cleaned main text, paragraphs separated by blank lines
	URL    string // the article's address; its path words and date help
	Outlet string // publisher name, for counting coverage by outlet
	// Published is an RFC 3339 date ("2017-12-22") or date-time; "" when
	// unknown. Dates keep apart similar happenings days or years apart.
	Published string
	// Entities are names found by a tagger; nil when no tagger ran (then
	// capitalised phrases of Title and Text stand in for them).
	Entities []Entity
	// Speakers are the people quoted in the article, when quotes were found.
	Speakers []string
	// Language is the ISO 639-1 code of the text ("" when unknown, read as
	// English): it chooses the function words, and in German, where every
	// noun is capitalised, single capitalised words are not taken for
	// names.
	Language string
}

// Entity is one named entity mentioned in a Doc.
type Entity struct {
	Name string // surface form, e.g. "Tara Reid"
	Type string // e.g. "PER", "ORG", "LOC", "MISC"; "" when unknown
	// Mentions is how often the article names it (any form); 0 when
	// unknown, counted as 1. The subjects of a story are named most.
	Mentions int
	// ID is a corpus-wide id given by entity resolution (spellings such as
	// "Lavrentiev" and "Lavrentyev" share it); 0 when unresolved.
	ID int64
}

// DupKind says how a duplicate was recognised.
type DupKind int

// The kinds of duplicate.
const (
	NotDuplicate DupKind = iota
	ExactDuplicate
	NearDuplicate
)

// String names the kind: "none", "exact" or "near".
func (k DupKind) String() string {
	switch k {
	case ExactDuplicate:
		return "exact"
	case NearDuplicate:
		return "near"
	}
	return "none"
}

// Assignment says where Add placed one article.
type Assignment struct {
	DocID int64
	// DuplicateOf is the original this article copies (the earliest
	// published, else the earliest seen), 0 when it is no copy.
	DuplicateOf int64
	DupKind     DupKind
	// NewOriginalOf is set when this article was published before the
	// copy stored earlier under that id: this one is now their original.
	NewOriginalOf int64
	// DupSimilarity is the estimated resemblance to the original: the larger
	// of Jaccard similarity and containment of the shorter text in the longer.
	DupSimilarity float64
	EventID       int64 // the event the article joined or opened
	NewEvent      bool  // true when the article opened EventID
	// Score is the similarity to the event joined; 0 for a new event.
	Score float64
	// Merged lists events that this article bridged into EventID; their ids
	// now resolve to EventID.
	Merged []int64
	// Split lists events that later evidence split off an event this
	// article touched; their articles moved there (see Placement).
	Split       []int64
	StorylineID int64
}
