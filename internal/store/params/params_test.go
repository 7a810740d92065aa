package params

import (
	"errors"
	"testing"

	"github.com/storyline-news/storyline/internal/store"
)

func TestParseRange(t *testing.T) {
	for _, tc := range []struct {
		from, to string
		want     DateRange
		bad      bool
	}{
		{"", "", DateRange{}, false},
		{"2020-01-02", "", DateRange{"2020-01-02", ""}, false},
		{"", "2020-12-31", DateRange{"0000", "2021-01-01"}, false},
		{"2020-01-02", "2020-01-02", DateRange{"2020-01-02", "2020-01-03"}, false},
		{"2020-1-2", "", DateRange{}, true},
		{"", "tomorrow", DateRange{}, true},
	} {
		got, err := ParseRange(tc.from, tc.to)
		if tc.bad {
			if !errors.Is(err, store.ErrBadQuery) {
				t.Errorf("ParseRange(%q, %q) err %v, want ErrBadQuery", tc.from, tc.to, err)
			}
			continue
		}
		if err != nil || got != tc.want {
			t.Errorf("ParseRange(%q, %q) = %+v, %v; want %+v", tc.from, tc.to, got, err, tc.want)
		}
	}
}

func TestListLimitOrderSince(t *testing.T) {
	for n, want := range map[int]int{-1: store.MaxList, 0: store.MaxList, 5: 5, store.MaxList + 1: store.MaxList} {
		if got := ListLimit(n); got != want {
			t.Errorf("ListLimit(%d) = %d, want %d", n, got, want)
		}
	}
	if o, err := ListOrder(store.ListQuery{}, "largest"); err != nil || o != " ORDER BY articles DESC, id" {
		t.Errorf("default order %q %v", o, err)
	}
	if o, err := ListOrder(store.ListQuery{Order: "latest"}, "largest"); err != nil || o != " ORDER BY last_day DESC, id" {
		t.Errorf("latest %q %v", o, err)
	}
	if _, err := ListOrder(store.ListQuery{Order: "x; DROP"}, "latest"); err == nil {
		t.Error("unknown order accepted")
	}
	if CheckSince("") != nil || CheckSince("2020-02-29") != nil || !errors.Is(CheckSince("2020"), store.ErrBadQuery) {
		t.Error("CheckSince")
	}
}

func TestParseQuoteCursor(t *testing.T) {
	c := store.QuoteCursor("2020-01-02", 7, 3)
	if d, a, i, err := ParseQuoteCursor(c); err != nil || d != "2020-01-02" || a != 7 || i != 3 {
		t.Errorf("ParseQuoteCursor(%q) = %q %d %d %v", c, d, a, i, err)
	}
	for _, c := range []string{"", "a,b", ",1,2", "d,x,2", "d,1,y", "d,1,2,3"} {
		if _, _, _, err := ParseQuoteCursor(c); !errors.Is(err, store.ErrBadQuery) {
			t.Errorf("ParseQuoteCursor(%q) err %v", c, err)
		}
	}
}

func TestKeyLimit(t *testing.T) {
	if n, err := KeyLimit([]string{"a"}, 0); err != nil || n != 1 {
		t.Errorf("KeyLimit 0 = %d, %v", n, err)
	}
	if n, err := KeyLimit(nil, 64); err != nil || n != 64 {
		t.Errorf("KeyLimit 64 = %d, %v", n, err)
	}
	if _, err := KeyLimit(make([]string, store.MaxList+1), 1); !errors.Is(err, store.ErrBadQuery) {
		t.Errorf("KeyLimit too many: %v", err)
	}
}
