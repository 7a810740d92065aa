// Package export is the public schema of an exported article
// (docs/export.md): one Record per stored article, the same for
// `storyline export`, `storyline show --json` and the JSON API.
package export

import (
	"encoding/json"
	"strconv"
	"strings"

	"github.com/storyline-news/storyline/internal/news"
)

// Record is one exported article; its field names are a public, stable
// schema (docs/export.md): add fields, never rename them.
type Record struct {
	ID            int64          `json:"id"`
	SourceID      string         `json:"source_id"`
	URL           string         `json:"url"`
	Outlet        string         `json:"outlet"`
	OutletFrom    string         `json:"outlet_from"`
	RepublishedBy string         `json:"republished_by"`
	Title         string         `json:"title"`
	Authors       []string       `json:"authors"`
	Published     string         `json:"published"`
	PublishedFrom string         `json:"published_from"`
	Language      string         `json:"language"`
	Text          string         `json:"text"`
	Comments      []news.Comment `json:"comments"`
	Revision      int            `json:"revision"`
	Entities      []news.Entity  `json:"entities"`
	Quotes        []news.Quote   `json:"quotes"`
	Claims        []news.Claim   `json:"claims"`
	DuplicateOf   int64          `json:"duplicate_of"`
	Event         int64          `json:"event"`
	Storyline     int64          `json:"storyline"`
	FetchedURL    string         `json:"fetched_url"`
}

// FromArticle is an article as the schema writes it: lists are [] rather
// than null.
func FromArticle(a *news.Article) Record {
	r := Record{ID: a.ID, SourceID: a.SourceID, URL: a.URL, Outlet: a.Outlet, OutletFrom: a.OutletFrom,
		RepublishedBy: a.RepublishedBy, Title: a.Title, Authors: a.Authors, Published: a.Published,
		PublishedFrom: a.PublishedFrom, Language: a.Language, Text: a.Text, Comments: a.Comments,
		Revision: a.Revision, Entities: a.Entities, Quotes: a.Quotes, Claims: a.Claims,
		DuplicateOf: a.DuplicateOf, Event: a.Event, Storyline: a.Storyline, FetchedURL: a.FetchedURL}
	if r.Authors == nil {
		r.Authors = []string{}
	}
	if r.Comments == nil {
		r.Comments = []news.Comment{}
	}
	if r.Entities == nil {
		r.Entities = []news.Entity{}
	}
	copied := false
	for i, e := range r.Entities {
		if e.MentionsAt == nil {
			if !copied {
				// a copy: the article's own entities are not written to
				r.Entities, copied = append([]news.Entity(nil), r.Entities...), true
			}
			r.Entities[i].MentionsAt = [][2]int{}
		}
	}
	if r.Quotes == nil {
		r.Quotes = []news.Quote{}
	}
	if r.Claims == nil {
		r.Claims = []news.Claim{}
	}
	return r
}

// CSVHeader names the CSV columns, in Record.CSV's order.
var CSVHeader = []string{"id", "source_id", "url", "outlet", "outlet_from", "republished_by", "title",
	"authors", "published", "published_from", "language", "text", "comments", "revision", "entities",
	"quotes", "claims", "duplicate_of", "event", "storyline", "fetched_url"}

// CSV is the record as a CSV row, every text cell through Cell.
func (r Record) CSV() []string {
	js := func(v any) string { b, _ := json.Marshal(v); return string(b) }
	num := func(n int64) string { return strconv.FormatInt(n, 10) }
	return []string{num(r.ID), Cell(r.SourceID), Cell(r.URL), Cell(r.Outlet), Cell(r.OutletFrom),
		Cell(r.RepublishedBy), Cell(r.Title), Cell(strings.Join(r.Authors, "; ")), Cell(r.Published),
		Cell(r.PublishedFrom), Cell(r.Language), Cell(r.Text), js(r.Comments), num(int64(r.Revision)),
		js(r.Entities), js(r.Quotes), js(r.Claims), num(r.DuplicateOf), num(r.Event), num(r.Storyline),
		Cell(r.FetchedURL)}
}

// Cell neutralises a cell that a spreadsheet would run as a formula
// (CSV injection): one starting with =, +, -, @, tab or carriage return
// gets a leading ', as OWASP recommends. A title such as
// "=HYPERLINK(...)" then shows as text. Numbers and JSON arrays cannot be
// formulas and are left alone. docs/export.md documents it.
func Cell(s string) string {
	if s != "" && strings.ContainsRune("=+-@\t\r", rune(s[0])) {
		return "'" + s
	}
	return s
}
