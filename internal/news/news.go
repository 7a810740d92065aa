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
}

// Article is a Document after extraction and cleaning: main text apart from
// reader comments, and metadata that each says where it came from.
type Article struct {
	ID       int64  `json:"id,omitempty"`        // store id; 0 until stored
	SourceID string `json:"source_id,omitempty"` // Document.SourceID
	URL      string `json:"url"`                 // the article's own address (canonical when known)
	Outlet   string `json:"outlet"`              // the original publisher, e.g. "Newsweek"
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
