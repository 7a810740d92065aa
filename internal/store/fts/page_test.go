package fts

import (
	"fmt"
	"testing"

	"github.com/storyline-news/storyline/internal/store"
)

func TestPage(t *testing.T) {
	desc := func(a, b int) bool { return a > b }
	all := []int{3, 9, 1, 7, 5}
	seven := 7
	for _, tc := range []struct {
		after *int
		limit int
		want  string
		more  bool
	}{
		{nil, 2, "[9 7]", true},
		{&seven, 2, "[5 3]", true},
		{&seven, 3, "[5 3 1]", false},
		{nil, 10, "[9 7 5 3 1]", false},
	} {
		ms := append([]int(nil), all...)
		page, more := Page(ms, desc, tc.after, tc.limit)
		if fmt.Sprint(page) != tc.want || more != tc.more {
			t.Errorf("Page(after %v, %d) = %v %v, want %s %v", tc.after, tc.limit, page, more, tc.want, tc.more)
		}
	}
	for n, want := range map[int]int{0: store.DefaultSearchLimit, -3: store.DefaultSearchLimit, 1: 1, store.MaxSearchLimit + 1: store.MaxSearchLimit} {
		if got := Limit(n); got != want {
			t.Errorf("Limit(%d) = %d, want %d", n, got, want)
		}
	}
}
