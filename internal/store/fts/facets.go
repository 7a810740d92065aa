package fts

import (
	"sort"

	"github.com/storyline-news/storyline/internal/store"
)

// FacetLimit is the most values a search facet lists.
const FacetLimit = 20

// FieldCounts counts the outlets and publication years of a search's
// matches, for the result's facets. The zero value is ready to use.
type FieldCounts struct {
	outlets, years map[string]int
}

// Add counts one match: its outlet ("" is not counted) and the year of
// its publication date (YYYY-MM-DD...; shorter is not counted).
func (c *FieldCounts) Add(outlet, published string) {
	if c.outlets == nil {
		c.outlets, c.years = map[string]int{}, map[string]int{}
	}
	if outlet != "" {
		c.outlets[outlet]++
	}
	if len(published) >= 4 {
		c.years[published[:4]]++
	}
}

// Facets returns the outlets (largest first, then by name) and the years
// (in order), each at most FacetLimit: the largest outlets, the latest
// years.
func (c *FieldCounts) Facets() (outlets, years []store.Facet) {
	outlets = facets(c.outlets)
	sort.Slice(outlets, func(i, j int) bool {
		if outlets[i].Count != outlets[j].Count {
			return outlets[i].Count > outlets[j].Count
		}
		return outlets[i].Value < outlets[j].Value
	})
	years = facets(c.years)
	sort.Slice(years, func(i, j int) bool { return years[i].Value < years[j].Value })
	if len(outlets) > FacetLimit {
		outlets = outlets[:FacetLimit]
	}
	if len(years) > FacetLimit {
		years = years[len(years)-FacetLimit:] // the latest
	}
	return outlets, years
}

func facets(m map[string]int) []store.Facet {
	out := make([]store.Facet, 0, len(m))
	for v, n := range m {
		out = append(out, store.Facet{Value: v, Label: v, Count: n})
	}
	return out
}
