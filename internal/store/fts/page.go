package fts

import (
	"sort"

	"github.com/storyline-news/storyline/internal/store"
)

// Limit is a search's page size: store.DefaultSearchLimit for 0 or less,
// at most store.MaxSearchLimit.
func Limit(n int) int {
	if n <= 0 {
		n = store.DefaultSearchLimit
	}
	return min(n, store.MaxSearchLimit)
}

// Page sorts ms best first (before) and returns the page of at most limit
// that follows after (nil: the first page), and whether more follow it,
// when the last of the page is the next page's cursor.
func Page[M any](ms []M, before func(a, b M) bool, after *M, limit int) (page []M, more bool) {
	sort.Slice(ms, func(i, j int) bool { return before(ms[i], ms[j]) })
	start := 0
	if after != nil {
		start = sort.Search(len(ms), func(i int) bool { return before(*after, ms[i]) })
	}
	end := min(start+limit, len(ms))
	page = ms[start:end]
	return page, end < len(ms) && len(page) > 0
}
