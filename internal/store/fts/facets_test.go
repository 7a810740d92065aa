package fts

import (
	"errors"
	"fmt"
	"testing"

	"github.com/storyline-news/storyline/internal/store"
)

func TestFieldCounts(t *testing.T) {
	var c FieldCounts
	for _, m := range []struct{ outlet, published string }{
		{"b", "2020-01-02"}, {"a", "2021-05-06"}, {"b", "2021"}, {"", "20"}, {"a", ""}, {"c", "2019-12-31"},
	} {
		c.Add(m.outlet, m.published)
	}
	outlets, years := c.Facets()
	if got, want := fmt.Sprint(outlets), "[{a a 2} {b b 2} {c c 1}]"; got != want {
		t.Errorf("outlets %s, want %s", got, want)
	}
	if got, want := fmt.Sprint(years), "[{2019 2019 1} {2020 2020 1} {2021 2021 2}]"; got != want {
		t.Errorf("years %s, want %s", got, want)
	}
	var many FieldCounts
	for y := 1990; y < 1990+FacetLimit+5; y++ {
		many.Add(fmt.Sprint("o", y), fmt.Sprint(y))
	}
	outlets, years = many.Facets()
	if len(outlets) != FacetLimit || len(years) != FacetLimit || years[len(years)-1].Value != fmt.Sprint(1990+FacetLimit+4) {
		t.Errorf("limits: %d outlets, years %v", len(outlets), years)
	}
	var zero FieldCounts
	if o, y := zero.Facets(); len(o) != 0 || len(y) != 0 {
		t.Errorf("zero: %v %v", o, y)
	}
}

func TestCursor(t *testing.T) {
	for _, tc := range []struct {
		score float64
		id    int64
	}{{0, 1}, {-3.25, 42}, {1e-9, 1 << 40}} {
		s, id, err := DecodeCursor(EncodeCursor(tc.score, tc.id))
		if err != nil || s != tc.score || id != tc.id {
			t.Errorf("round trip %v %d: %v %d %v", tc.score, tc.id, s, id, err)
		}
	}
	for _, c := range []string{"", "!!", "MXwy|", "eHl6", "MS41"} {
		if _, _, err := DecodeCursor(c); !errors.Is(err, store.ErrBadQuery) {
			t.Errorf("DecodeCursor(%q) = %v, want ErrBadQuery", c, err)
		}
	}
}
