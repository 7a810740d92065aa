package watch

import (
	"encoding/xml"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"
)

// tagPrefix starts every id in the feeds. The date is part of a tag URI
// (RFC 4151) and must never change, or readers would see every entry
// as new.
const tagPrefix = "tag:storyline,2026:watch/"

// quoteTitleRunes is how much of a quotation an entry title shows;
// readers list titles on one line.
const quoteTitleRunes = 80

// The Atom 1.0 elements the feed uses (RFC 4287). Every text construct
// is type="text": the words come from crawled pages and must reach a
// reader as characters, never as markup.
type (
	atomFeed struct {
		XMLName   xml.Name    `xml:"http://www.w3.org/2005/Atom feed"`
		ID        string      `xml:"id"`
		Title     atomText    `xml:"title"`
		Subtitle  *atomText   `xml:"subtitle,omitempty"`
		Updated   string      `xml:"updated"`
		Author    atomPerson  `xml:"author"`
		Generator string      `xml:"generator"`
		Links     []atomLink  `xml:"link"`
		Entries   []atomEntry `xml:"entry"`
	}
	atomEntry struct {
		ID        string       `xml:"id"`
		Title     atomText     `xml:"title"`
		Updated   string       `xml:"updated"`
		Published string       `xml:"published,omitempty"`
		Links     []atomLink   `xml:"link"`
		Category  atomCategory `xml:"category"`
		Summary   *atomText    `xml:"summary,omitempty"`
	}
	atomText struct {
		Type string `xml:"type,attr"`
		Text string `xml:",chardata"`
	}
	atomPerson struct {
		Name string `xml:"name"`
		URI  string `xml:"uri,omitempty"`
	}
	atomLink struct {
		Rel  string `xml:"rel,attr"`
		Type string `xml:"type,attr,omitempty"`
		Href string `xml:"href,attr"`
	}
	atomCategory struct {
		Term string `xml:"term,attr"`
	}
)

// WriteAtom writes the watchlist's hits, newest first, as an Atom 1.0
// feed. base is the server's absolute base URL (e.g.
// "http://127.0.0.1:8080"), from which the feed's self link and each
// entry's alternate link (the article on this server) are made; the
// article's source URL, when it is http(s), is a "related" link.
// updated is the feed's updated time; when zero, the newest hit's Found
// time is used, else the watchlist's Created time. Every hit must
// belong to wl.
func WriteAtom(w io.Writer, base string, wl Watchlist, hits []Hit, updated time.Time) error {
	base, err := cleanBase(base)
	if err != nil {
		return err
	}
	for _, h := range hits {
		if err := h.check(wl); err != nil {
			return err
		}
	}
	hits = newestFirst(hits)
	if updated.IsZero() {
		updated = wl.Created
		for _, h := range hits {
			if h.Found.After(updated) {
				updated = h.Found
			}
		}
	}
	title := oneLine(wl.Name)
	if title == "" {
		title = oneLine(wl.Describe())
	}
	f := atomFeed{
		ID:        feedID(wl.ID),
		Title:     text("Storyline: " + title),
		Subtitle:  &atomText{Type: "text", Text: oneLine("New articles and quotations matching " + wl.Describe())},
		Updated:   atomTime(updated),
		Author:    atomPerson{Name: "Storyline", URI: base},
		Generator: "Storyline",
		Links:     []atomLink{{Rel: "self", Type: "application/atom+xml", Href: feedLink(base, wl.ID)}},
		Entries:   make([]atomEntry, 0, len(hits)),
	}
	for _, h := range hits {
		f.Entries = append(f.Entries, entry(base, h, updated))
	}
	if _, err := io.WriteString(w, xml.Header); err != nil {
		return fmt.Errorf("watch: write atom: %w", err)
	}
	enc := xml.NewEncoder(w)
	enc.Indent("", "  ")
	if err := enc.Encode(f); err != nil {
		return fmt.Errorf("watch: write atom: %w", err)
	}
	if _, err := io.WriteString(w, "\n"); err != nil {
		return fmt.Errorf("watch: write atom: %w", err)
	}
	return nil
}

// entry turns one hit into an Atom entry. fallback stands in for an
// unknown Found time, since updated is required.
func entry(base string, h Hit, fallback time.Time) atomEntry {
	found := h.Found
	if found.IsZero() {
		found = fallback
	}
	e := atomEntry{
		ID:       feedID(h.Watch) + "/hit/" + strconv.FormatInt(h.ID, 10),
		Updated:  atomTime(found),
		Links:    []atomLink{{Rel: "alternate", Type: "text/html", Href: articleLink(base, h.ArticleID)}},
		Category: atomCategory{Term: h.Kind},
	}
	if !h.Published.IsZero() {
		e.Published = atomTime(h.Published)
	}
	if src := sourceLink(h.URL); src != "" {
		e.Links = append(e.Links, atomLink{Rel: "related", Type: "text/html", Href: clean(src)})
	}
	var summary string
	if h.Kind == KindQuote {
		e.Title = text(quoteTitle(h))
		summary = "“" + unquote(clean(h.Text)) + "”\n\nQuoted in: " + articleTitle(h)
	} else {
		e.Title = text(articleTitle(h))
		summary = strings.TrimSpace(clean(h.Text))
	}
	if summary != "" {
		e.Summary = &atomText{Type: "text", Text: summary}
	}
	return e
}

// articleTitle is "TITLE — OUTLET", or just the title when the outlet
// is unknown.
func articleTitle(h Hit) string {
	title := oneLine(h.Title)
	if title == "" {
		title = "Untitled article"
	}
	if outlet := oneLine(h.Outlet); outlet != "" {
		title += " — " + outlet
	}
	return title
}

// quoteTitle is `SPEAKER: “the first 80 characters…”`.
func quoteTitle(h Hit) string {
	q := unquote(oneLine(h.Text))
	if utf8.RuneCountInString(q) > quoteTitleRunes {
		q = strings.TrimRight(string([]rune(q)[:quoteTitleRunes]), " ") + "…"
	}
	q = "“" + q + "”"
	if speaker := oneLine(h.Speaker); speaker != "" {
		return speaker + ": " + q
	}
	return q
}

// unquote drops quotation marks around a quotation, which the title and
// summary add themselves.
func unquote(s string) string {
	return strings.Trim(s, ` "“”„«»`)
}

func feedID(watch int64) string {
	return tagPrefix + strconv.FormatInt(watch, 10)
}

func text(s string) atomText {
	return atomText{Type: "text", Text: s}
}

// atomTime formats t as an RFC 3339 date-time in UTC, as RFC 4287
// requires; seconds are enough for a feed.
func atomTime(t time.Time) string {
	return t.UTC().Format(time.RFC3339)
}
