// Package news holds Storyline's nouns: the raw Document that comes in, the
// Article that extraction makes of it, and the parts later stages add. It does
// no I/O and imports nothing of Storyline.
package news

import "time"

// Format says how a Document's Content is to be read.
type Format string

// The formats a Document's Content can have.
const (
	FormatText Format = "text" // plain text, as in the seeds
	FormatHTML Format = "html" // an HTML page or fragment
)

// Document is one raw input item as a reader found it, before extraction.
// Everything in it is untrusted.
type Document struct {
	// SourceID is the input's own id: the JSONL "id", a feed item's GUID, a
	// WARC record id, else the file name.
	SourceID string
	// Origin names where the document was read, for error messages and
	// provenance: "file.jsonl.gz:12", "crawl.warc.gz#record 7", "dir/a.txt".
	Origin string
	// URL is the address the container gives (JSONL url, feed link, WARC
	// target URI); empty when unknown.
	URL     string
	Format  Format
	Content string // the text or HTML, valid UTF-8

	// Hints: structured metadata the container carries (JSONL fields, feed
	// item fields). Being stated by the source rather than guessed from the
	// text, a hint wins over extraction and is reported with its provenance
	// (HintFrom: "jsonl", "feed").
	Title     string
	Published string // as written; parsed by extraction
	Outlet    string
	Authors   []string
	HintFrom  string // where the hints came from: "jsonl", "feed", "warc"

	// FetchedAt is when the container says the page was fetched (WARC-Date);
	// zero when unknown. It is never taken as the publication date.
	FetchedAt time.Time

	// Source names the input the document was read from (a file, a feed),
	// without the position Origin adds: a source id is unique only within
	// its source.
	Source string
	// StoredID is the stored article this document is a version of, when
	// it is read back from the store (reprocess); 0 otherwise.
	StoredID int64
	// FeedItem is the feed item (store.FeedItem) this document completes:
	// storing the article marks the item stored in the same transaction,
	// so a poller killed in between neither loses nor refetches it.
	FeedItem int64
}

// Article is a Document after extraction and cleaning: main text apart from
// reader comments, and metadata that each says where it came from.
type Article struct {
	ID       int64  `json:"id,omitempty"`        // store id; 0 until stored
	SourceID string `json:"source_id,omitempty"` // Document.SourceID
	URL      string `json:"url"`                 // the article's own address (canonical when known)
	// FetchedURL is the address the document was read from (a crawl's
	// target, a feed's link), kept beside URL: a copy whose canonical link
	// names another outlet would otherwise lose where it was found.
	FetchedURL string `json:"fetched_url,omitempty"`
	Outlet     string `json:"outlet"` // the original publisher, e.g. "Newsweek"
	// OutletFrom says how Outlet was found: "byline", "url", "meta", "jsonl" ...
	OutletFrom string `json:"outlet_from"`
	// RepublishedBy is the site that carried a copy of another outlet's story,
	// empty when the article is at its original outlet.
	RepublishedBy string   `json:"republished_by"`
	Title         string   `json:"title"`
	TitleFrom     string   `json:"title_from"`
	Authors       []string `json:"authors"`
	AuthorsFrom   string   `json:"authors_from"`
	// Published is an RFC 3339 date ("2017-12-22") or date-time
	// ("2017-12-22T02:02:00Z"); empty when no date is stated.
	Published string `json:"published"`
	// PublishedFrom names the evidence: "dateline", "meta", "url", "header",
	// "comments", "relative", "jsonl" ...; empty when Published is.
	PublishedFrom string    `json:"published_from"`
	Language      string    `json:"language"`            // ISO 639-1 code, "" when unknown
	SiteName      string    `json:"site_name,omitempty"` // the site's own name as the page gives it
	Text          string    `json:"text"`                // cleaned main text, paragraphs separated by "\n\n"
	Comments      []Comment `json:"comments"`

	// Analysis (internal/analyze): who is involved, who said what, figures.
	Entities []Entity `json:"entities"`
	Quotes   []Quote  `json:"quotes"`
	Claims   []Claim  `json:"claims"`

	// Clustering (internal/cluster); 0 until placed.
	DuplicateOf int64 `json:"duplicate_of,omitempty"` // the original this is a copy of
	Event       int64 `json:"event,omitempty"`
	Storyline   int64 `json:"storyline,omitempty"`

	// Revision counts the versions stored for this article (1 for the first).
	Revision int `json:"revision,omitempty"`
	// ContentHash identifies the raw input, to tell re-ingests from revisions.
	ContentHash string    `json:"-"`
	IngestedAt  time.Time `json:"-"`
}

// Comment is one reader comment, kept apart from the article's text.
type Comment struct {
	Author string `json:"author"`
	Time   string `json:"time"` // RFC 3339 when parseable, else as written
	Text   string `json:"text"`
}

// Entity is one participant of an article: a person, organisation, place or
// other named thing, its mentions in the article merged.
type Entity struct {
	Name     string   `json:"name"`            // canonical name
	Type     string   `json:"type"`            // PER, ORG, LOC or MISC
	Aliases  []string `json:"aliases"`         // the other forms used in the article
	Roles    []string `json:"roles,omitempty"` // titles and roles given with a person
	Mentions int      `json:"mentions"`
	// ID is the corpus-wide entity this resolves to; 0 until the store has
	// resolved it.
	ID int64 `json:"entity_id,omitempty"`
	// MentionsAt are the mentions' byte ranges [start, end) in the
	// article's Text, in text order; nil for an article analysed before
	// offsets were kept.
	MentionsAt [][2]int `json:"mentions_at"`
}

// Quote is something a source said, directly or in reported speech.
type Quote struct {
	// Speaker is the resolved name, "" when it could not be resolved.
	Speaker string `json:"speaker"`
	// SpeakerMention is how the text refers to the speaker ("she", "the
	// diplomat", "a US official").
	SpeakerMention string `json:"speaker_mention"`
	// SpeakerRole is the title or apposition the article gives the speaker.
	SpeakerRole string `json:"speaker_role,omitempty"`
	Cue         string `json:"cue"` // "said", "told", "according to" ...
	Text        string `json:"text"`
	Direct      bool   `json:"direct"`  // in quotation marks
	SaidOn      string `json:"said_on"` // RFC 3339 date, "" when unknown
	SpeakerID   int64  `json:"speaker_id,omitempty"`
	// Kind is QuoteSpeech for something said or written, QuoteBelief for
	// a belief, intention or perception ascribed to the speaker ("Trump
	// wants to build a wall"); "" (stored before kinds) means speech.
	Kind string `json:"kind"`
	// Start and End are the content's byte range [Start, End) in the
	// article's Text, quotation marks included; Start == End when unknown
	// (an article analysed before offsets were kept).
	Start int `json:"start"`
	End   int `json:"end"`
	// Pieces are the content's parts when a quotation is interrupted by
	// its cue ("…," he said, "…") or runs over paragraphs; nil when the
	// content is the one range Start..End.
	Pieces [][2]int `json:"pieces,omitempty"`
	// SpeakerStart and SpeakerEnd are SpeakerMention's byte range in Text
	// (the name, pronoun or description next to the cue); both -1 when no
	// speaker is stated.
	SpeakerStart int `json:"speaker_start"`
	SpeakerEnd   int `json:"speaker_end"`
	// CueStart and CueEnd are Cue's byte range in Text; both -1 when the
	// quotation has no cue of its own.
	CueStart int `json:"cue_start"`
	CueEnd   int `json:"cue_end"`
}

// The kinds of a Quote.
const (
	QuoteSpeech = "speech"
	QuoteBelief = "belief"
)

// IsSpeech reports whether q is something said rather than a belief or
// intention ascribed to the speaker.
func (q Quote) IsSpeech() bool { return q.Kind != QuoteBelief }

// Claim is a numeric claim: a quantity with what it counts, where and per
// whom, normalised so that outlets' figures can be compared.
type Claim struct {
	Text      string  `json:"text"`                // as written: "nearly 2,000 U.S. troops"
	Value     float64 `json:"value"`               // 2000
	Qualifier string  `json:"qualifier,omitempty"` // "nearly", "around", "more than" ...
	Unit      string  `json:"unit,omitempty"`      // "%", "USD" ...
	Counted   string  `json:"counted,omitempty"`   // what is counted: "troops"
	Owner     string  `json:"owner,omitempty"`     // whose: "United States"
	Where     string  `json:"where,omitempty"`
	// Predicate is what befell the counted ("dead", "injured",
	// "arrested" ...): a death toll and a count of the injured are two
	// quantities.
	Predicate string `json:"predicate,omitempty"`
	Per       string `json:"per,omitempty"` // according to whom
	// Key names the quantity, the same for the same quantity in other
	// words ("U.S. troops in Syria" and "American soldiers in Syria").
	Key string `json:"key"`
}

// Comparable reports whether a claim's quantity is pinned down enough to
// compare outlets' figures for it: whose, where or what befell the
// counted. "10 people" and "120,000 people", "$21 million" and "$180
// million" name no common quantity; "10 people killed" in two reports do.
func (c Claim) Comparable() bool {
	return c.Owner != "" || c.Where != "" || c.Predicate != ""
}
