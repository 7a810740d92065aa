package main

import (
	"bytes"
	"fmt"
	"net/url"
	"strings"
	"time"

	readability "codeberg.org/readeck/go-readability/v2"
	dps "github.com/markusmobius/go-dateparser"
	"github.com/markusmobius/go-htmldate"
	trafilatura "github.com/markusmobius/go-trafilatura"
	"golang.org/x/net/html"

	"github.com/storyline-news/storyline/internal/extract/clean"
	"github.com/storyline-news/storyline/internal/extract/htmlmain"
)

// extractors maps the -extractor names to their functions.
var extractors = map[string]extractor{
	"trafilatura":            func(p page) (prediction, error) { return runTrafilatura(p, true) },
	"trafilatura-nofallback": func(p page) (prediction, error) { return runTrafilatura(p, false) },
	"readability":            runReadability,
	"htmlmain":               runHTMLMain,
	"storyline":              runStoryline,
	"htmldate-fast":          func(p page) (prediction, error) { return runHTMLDate(p, htmldate.Options{SkipExtensiveSearch: true}) },
	"htmldate-extensive":     func(p page) (prediction, error) { return runHTMLDate(p, htmldate.Options{}) },
	"htmldate-defer-url":     func(p page) (prediction, error) { return runHTMLDate(p, htmldate.Options{DeferUrlExtractor: true}) },
	"candidates":             runCandidates,
	"date-rules":             runDateRules,
}

// absURL is the page URL parsed, nil when it is absent or relative.
func absURL(s string) *url.URL {
	u, err := url.Parse(s)
	if err != nil || !u.IsAbs() {
		return nil
	}
	return u
}

// runTrafilatura is go-trafilatura on its own, as its README shows it, on
// the tree htmlmain.Parse gives (the same normalisation as dom.Parse).
func runTrafilatura(p page, fallback bool) (prediction, error) {
	root, err := htmlmain.Parse(p.HTML)
	if err != nil {
		return prediction{}, err
	}
	res, err := trafilatura.ExtractDocument(root, trafilatura.Options{EnableFallback: fallback, OriginalURL: absURL(p.url())})
	if err != nil {
		return prediction{}, err
	}
	pred := prediction{Text: res.ContentText, Title: res.Metadata.Title}
	for _, a := range strings.Split(res.Metadata.Author, "; ") {
		if a != "" {
			pred.Authors = append(pred.Authors, a)
		}
	}
	if !res.Metadata.Date.IsZero() {
		pred.Published = res.Metadata.Date.Format("2006-01-02")
	}
	return pred, nil
}

// runReadability is readeck's go-readability on its own.
func runReadability(p page) (prediction, error) {
	root, err := htmlmain.Parse(p.HTML)
	if err != nil {
		return prediction{}, err
	}
	u := absURL(p.url())
	if u == nil {
		u = &url.URL{Scheme: "http", Host: "example.invalid", Path: "/"}
	}
	parser := readability.NewParser()
	art, err := parser.ParseAndMutate(root, u)
	if err != nil {
		return prediction{}, err
	}
	var buf bytes.Buffer
	if err := art.RenderText(&buf); err != nil {
		return prediction{}, err
	}
	pred := prediction{Text: buf.String(), Title: art.Title()}
	if b := art.Byline(); b != "" {
		pred.Authors = []string{b}
	}
	if t, err := art.PublishedTime(); err == nil && !t.IsZero() {
		pred.Published = t.Format("2006-01-02")
	}
	return pred, nil
}

// runHTMLMain is htmlmain.Extract.
func runHTMLMain(p page) (prediction, error) {
	pg, err := htmlmain.Extract(p.HTML, p.url())
	return prediction{Text: pg.Text, Title: pg.Title, Authors: pg.Authors, Published: pg.Published, PublishedFrom: pg.PublishedFrom}, err
}

// runStoryline is the whole HTML extraction of the ingest: htmlmain.Extract,
// then clean.Body on its text (comments split off are not scored). With
// -cleandate it also tries clean's date readers (see cleanDate).
func runStoryline(p page) (prediction, error) {
	pg, err := htmlmain.Extract(p.HTML, p.url())
	body, _ := clean.Body(pg.Text)
	pred := prediction{Text: body, Title: pg.Title, Authors: pg.Authors, Published: pg.Published, PublishedFrom: pg.PublishedFrom}
	switch mode := *cleanDateMode; {
	case mode == "":
	case mode == "fallback":
		if pred.Published != "" {
			break
		}
		if d, ok := clean.DateFromURL(p.url()); ok {
			pred.Published, pred.PublishedFrom = d, "url"
		} else if d, ok := clean.DateFromText(limitText(body, 2000)); ok {
			pred.Published, pred.PublishedFrom = d, "text"
		}
	case mode == "all" || mode == pred.PublishedFrom:
		// The first date written in the main text overrides htmlmain's.
		if d, ok := clean.DateFromText(limitText(pg.Text, 1000)); ok {
			pred.Published, pred.PublishedFrom = d, "cleantext"
		}
	}
	return pred, err
}

func limitText(s string, n int) string {
	if len(s) > n {
		return strings.ToValidUTF8(s[:n], "")
	}
	return s
}

// runHTMLDate is go-htmldate alone, asked for the original date with the
// page URL, with the options given (fast or extensive, URL date first or
// deferred).
func runHTMLDate(p page, opts htmldate.Options) (prediction, error) {
	root, err := htmlmain.Parse(p.HTML)
	if err != nil {
		return prediction{}, err
	}
	opts.UseOriginalDate, opts.URL = true, p.url()
	res, err := htmldate.FromDocument(root, opts)
	if err != nil || res.IsZero() {
		return prediction{}, err
	}
	return prediction{Published: res.Format("2006-01-02")}, nil
}

// runCandidates lists every date source for one page, to compare strategies.
func runCandidates(p page) (prediction, error) {
	root, err := htmlmain.Parse(p.HTML)
	if err != nil {
		return prediction{}, err
	}
	extra := map[string]string{}
	hd := func(key string, o htmldate.Options) {
		o.UseOriginalDate = true
		t0 := time.Now()
		res, err := htmldate.FromDocument(root, o)
		extra[key+"_ms"] = fmt.Sprint(time.Since(t0).Milliseconds())
		if err != nil || res.IsZero() {
			return
		}
		extra[key] = res.Format("2006-01-02")
		if o.ExtractTime {
			extra[key] = res.Format(time.RFC3339)
		}
		extra[key+"_src"] = truncate(res.SrcString, 120)
	}
	u := p.url()
	hd("ext", htmldate.Options{URL: u})
	hd("fast", htmldate.Options{URL: u, SkipExtensiveSearch: true})
	hd("ext_nourl", htmldate.Options{})
	hd("ext_defer", htmldate.Options{URL: u, DeferUrlExtractor: true})
	hd("ext_time", htmldate.Options{URL: u, ExtractTime: true})
	hd("ext_maxnow", htmldate.Options{URL: u, MaxDate: time.Now()})
	lang := htmlLang(root)
	extra["lang"] = lang
	if lang != "" && lang != "en" {
		hd("ext_dmy", htmldate.Options{URL: u, DateParserConfig: &dps.Configuration{PreferredDateSource: dps.Past, StrictParsing: true, DateOrder: dps.DMY}})
		hd("ext_lang", htmldate.Options{URL: u, DateParserConfig: &dps.Configuration{PreferredDateSource: dps.Past, StrictParsing: true, Languages: []string{lang, "en"}}})
	} else {
		hd("ext_dmy", htmldate.Options{URL: u})
		hd("ext_lang", htmldate.Options{URL: u})
	}

	res, err := trafilatura.ExtractDocument(root, trafilatura.Options{EnableFallback: true, OriginalURL: absURL(u)})
	if err == nil {
		extra["traf_url"] = res.Metadata.URL
		if !res.Metadata.Date.IsZero() {
			extra["traf"] = res.Metadata.Date.Format("2006-01-02")
		}
	}
	pg, _ := htmlmain.Extract(p.HTML, u)
	return prediction{Published: pg.Published, PublishedFrom: pg.PublishedFrom, Extra: extra}, nil
}

func htmlLang(root *html.Node) string {
	for n := root.FirstChild; n != nil; n = n.NextSibling {
		if n.Type == html.ElementNode && n.Data == "html" {
			for _, a := range n.Attr {
				if a.Key == "lang" {
					l, _, _ := strings.Cut(strings.ToLower(strings.TrimSpace(a.Val)), "-")
					return l
				}
			}
		}
	}
	return ""
}

func truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return fmt.Sprintf("%s…", strings.ToValidUTF8(s[:n], ""))
}
