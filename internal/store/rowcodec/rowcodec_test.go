package rowcodec

import (
	"errors"
	"strings"
	"testing"

	"github.com/storyline-news/storyline/internal/news"
	"github.com/storyline-news/storyline/internal/store"
)

var errNoRow = errors.New("no row")

func TestFollowMerges(t *testing.T) {
	into := map[int64]int64{1: 2, 2: 3, 3: 0, 7: 7} // 7 is merged into itself: a damaged table
	read := func(id int64) (int64, int64, error) {
		m, ok := into[id]
		if !ok {
			return 0, 0, errNoRow
		}
		return id, m, nil
	}
	for _, tc := range []struct {
		id, want int64
		err      string
	}{{1, 3, ""}, {3, 3, ""}, {9, 0, "event 9: " + store.ErrNotFound.Error()}, {7, 0, "merge chain too long"}} {
		got, err := FollowMerges("event", tc.id, errNoRow, read)
		if tc.err == "" && (err != nil || got != tc.want) || tc.err != "" && (err == nil || !strings.Contains(err.Error(), tc.err)) {
			t.Errorf("FollowMerges(%d) = %d, %v; want %d, %q", tc.id, got, err, tc.want, tc.err)
		}
	}
}

func TestArticle(t *testing.T) {
	for _, tc := range []struct {
		name                                string
		authors, comments, ents, quotes, cl string
		err                                 string
	}{
		{"empty", `[]`, `[]`, `[]`, `[]`, `[]`, ""},
		{"authors", `["A"]`, `[]`, `[]`, `[]`, `[]`, ""},
		{"bad entities", `[]`, `[]`, `[`, `[]`, `[]`, "article 5 entities"},
		{"bad authors", `{`, `[]`, `[]`, `[]`, `[]`, "article 5 authors"},
	} {
		for _, asBytes := range []bool{false, true} {
			a := news.Article{ID: 5}
			var err error
			if asBytes {
				err = Article(&a, []byte(tc.authors), []byte(tc.comments), []byte(tc.ents), []byte(tc.quotes), []byte(tc.cl), "2020-01-02T03:04:05Z")
			} else {
				err = Article(&a, tc.authors, tc.comments, tc.ents, tc.quotes, tc.cl, "2020-01-02T03:04:05Z")
			}
			if tc.err != "" {
				if err == nil || !strings.Contains(err.Error(), tc.err) {
					t.Errorf("%s: err %v, want %q", tc.name, err, tc.err)
				}
				continue
			}
			if err != nil || a.Entities != nil || a.IngestedAt.Year() != 2020 || a.Authors == nil {
				t.Errorf("%s: %+v %v", tc.name, a, err)
			}
		}
	}
}

func TestUnmarshalAllAndDeflate(t *testing.T) {
	var a []string
	var b map[string]int
	if err := UnmarshalAll("x", []byte(`["p"]`), &a, `{"q":1}`, &b); err != nil || a[0] != "p" || b["q"] != 1 {
		t.Errorf("UnmarshalAll: %v %v %v", a, b, err)
	}
	if err := UnmarshalAll("event 3", "[", &a); err == nil || !strings.HasPrefix(err.Error(), "event 3: ") {
		t.Errorf("UnmarshalAll bad: %v", err)
	}
	for _, s := range []string{"", "raw body", strings.Repeat("abc", 10000)} {
		if got, err := Inflate(Deflate(s)); err != nil || got != s {
			t.Errorf("Inflate(Deflate(%.10q)) = %.10q, %v", s, got, err)
		}
	}
	if NonNil[int](nil) == nil || len(NonNil([]int{1})) != 1 {
		t.Error("NonNil")
	}
}
