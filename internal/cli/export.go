package cli

import (
	"bufio"
	"encoding/csv"
	"encoding/json"
	"strconv"
	"strings"

	"github.com/storyline-news/storyline/internal/news"
	"github.com/storyline-news/storyline/internal/store"
)

func init() {
	register("export", "write stored articles as JSONL or CSV (schema: docs/export.md)", runExport)
}

// record is one exported article; its field names are a public, stable
// schema (docs/export.md): add fields, never rename them.
type record struct {
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

func exportRecord(a *news.Article) record {
	r := record{ID: a.ID, SourceID: a.SourceID, URL: a.URL, Outlet: a.Outlet, OutletFrom: a.OutletFrom,
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
	if r.Quotes == nil {
		r.Quotes = []news.Quote{}
	}
	if r.Claims == nil {
		r.Claims = []news.Claim{}
	}
	return r
}

var csvHeader = []string{"id", "source_id", "url", "outlet", "outlet_from", "republished_by", "title",
	"authors", "published", "published_from", "language", "text", "comments", "revision", "entities",
	"quotes", "claims", "duplicate_of", "event", "storyline", "fetched_url"}

// csv is the record as a CSV row, every text cell through csvCell.
func (r record) csv() []string {
	js := func(v any) string { b, _ := json.Marshal(v); return string(b) }
	num := func(n int64) string { return strconv.FormatInt(n, 10) }
	return []string{num(r.ID), csvCell(r.SourceID), csvCell(r.URL), csvCell(r.Outlet), csvCell(r.OutletFrom),
		csvCell(r.RepublishedBy), csvCell(r.Title), csvCell(strings.Join(r.Authors, "; ")), csvCell(r.Published),
		csvCell(r.PublishedFrom), csvCell(r.Language), csvCell(r.Text), js(r.Comments), num(int64(r.Revision)),
		js(r.Entities), js(r.Quotes), js(r.Claims), num(r.DuplicateOf), num(r.Event), num(r.Storyline),
		csvCell(r.FetchedURL)}
}

// csvCell neutralises a cell that a spreadsheet would run as a formula
// (CSV injection): one starting with =, +, -, @, tab or carriage return
// gets a leading ', as OWASP recommends. A title such as
// "=HYPERLINK(...)" then shows as text. Numbers and JSON arrays cannot be
// formulas and are left alone. docs/export.md documents it.
func csvCell(s string) string {
	if s != "" && strings.ContainsRune("=+-@\t\r", rune(s[0])) {
		return "'" + s
	}
	return s
}

func runExport(e *env, args []string) error {
	fs := flags(e, "export", "[flags]", "Writes every stored article to stdout, one JSON object a line (jsonl)\nor one CSV row (csv, with a header). The fields are documented in docs/export.md.")
	db := dbFlag(fs)
	format := fs.String("format", "jsonl", "output format: jsonl or csv")
	outlet := fs.String("outlet", "", "only articles of this outlet")
	if err := parse(fs, args); err != nil {
		return err
	}
	if err := noArgs(fs); err != nil {
		return err
	}
	if *format != "jsonl" && *format != "csv" {
		return usageErrorf("unknown format %q (want jsonl or csv)", *format)
	}
	st, err := openReadOnly(*db)
	if err != nil {
		return err
	}
	defer st.Close()
	bw := bufio.NewWriterSize(e.stdout, 1<<16)
	var write func(record) error
	var cw *csv.Writer
	if *format == "jsonl" {
		enc := json.NewEncoder(bw)
		enc.SetEscapeHTML(false)
		write = func(r record) error { return enc.Encode(r) }
	} else {
		cw = csv.NewWriter(bw)
		if err := cw.Write(csvHeader); err != nil {
			return err
		}
		write = func(r record) error { cw.Write(r.csv()); return cw.Error() }
	}
	err = st.Each(e.ctx, store.Query{Outlet: *outlet}, func(a *news.Article) error { return write(exportRecord(a)) })
	if err != nil {
		return err
	}
	if cw != nil {
		if cw.Flush(); cw.Error() != nil {
			return cw.Error()
		}
	}
	return bw.Flush()
}
