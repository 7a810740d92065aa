package main

import (
	"errors"

	"github.com/storyline-news/storyline/internal/extract/htmlmain"
)

// dateRules names the switches of htmlmain.DateRules by one letter each,
// for the ablation of the date rules (-extractor date-rules).
var dateRules = []struct {
	letter string
	set    func(*htmlmain.DateRules)
}{
	{"d", func(r *htmlmain.DateRules) { r.DayFirst = true }},
	{"s", func(r *htmlmain.DateRules) { r.SlugDay = true }},
	{"o", func(r *htmlmain.DateRules) { r.DayOneEvidence = true }},
	{"l", func(r *htmlmain.DateRules) { r.LabelledDate = true }},
	{"z", func(r *htmlmain.DateRules) { r.PageZone = true }},
}

// runDateRules writes, for one page, the date under every subset of the
// date rules (extra key "rules:" plus the subset's letters; "rules:" alone
// is go-htmldate alone, called as the product calls it), and "fails" = "1"
// when the page has no main text, so that the ingest stores no article for
// it. Published is the product's own date (htmlmain.Extract), to check that
// the subset of ProductDateRules gives the same.
func runDateRules(p page) (prediction, error) {
	root, err := htmlmain.Parse(p.HTML)
	if err != nil {
		return prediction{}, err
	}
	pg, xerr := htmlmain.ExtractNode(root, p.url())
	extra := map[string]string{}
	if errors.Is(xerr, htmlmain.ErrNoContent) {
		extra["fails"] = "1"
	}
	s := htmlmain.NewDateSearch(root)
	for mask := 0; mask < 1<<len(dateRules); mask++ {
		var rules htmlmain.DateRules
		key := "rules:"
		for i, r := range dateRules {
			if mask&(1<<i) != 0 {
				r.set(&rules)
				key += r.letter
			}
		}
		d, _ := s.Find(pg.URL, p.url(), rules)
		extra[key] = d
	}
	return prediction{Published: pg.Published, PublishedFrom: pg.PublishedFrom, Extra: extra}, nil
}
