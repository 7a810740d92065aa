package rowcodec

import (
	"encoding/json"
	"errors"
	"strings"
	"testing"

	"github.com/storyline-news/storyline/internal/news"
	"github.com/storyline-news/storyline/internal/store"
)

func TestRawRoundTrip(t *testing.T) {
	in := news.Document{Title: "T", Published: "2020-01-02", Outlet: "o", Authors: []string{"A"}, HintFrom: "meta", Source: "s"}
	js, _ := json.Marshal(HintsOf(in))
	var d news.Document
	if err := Raw(&d, 7, string(js), "2020-01-02T03:04:05Z", Deflate("body")); err != nil {
		t.Fatal(err)
	}
	if d.Title != "T" || d.Authors[0] != "A" || d.HintFrom != "meta" || d.Source != "s" || d.StoredID != 7 || d.Content != "body" || d.FetchedAt.Year() != 2020 {
		t.Errorf("Raw: %+v", d)
	}
	if err := Raw(&d, 7, []byte("{"), "", nil); err == nil || !strings.Contains(err.Error(), "raw of article 7 hints") {
		t.Errorf("Raw bad hints: %v", err)
	}
	if err := Raw(&d, 7, "{}", "", []byte{0xff, 0xff}); err == nil || !strings.HasPrefix(err.Error(), "raw of article 7: ") {
		t.Errorf("Raw bad content: %v", err)
	}
}

func TestQuotes(t *testing.T) {
	row := func(article int64, idx int, day string) []any {
		return []any{article, idx, day, `{"text":"q"}`, int64(1), int64(2), "o", "2020-01-01", "T"}
	}
	r := &fakeRows{rows: [][]any{row(1, 0, "2020-01-01"), row(1, 1, "2020-01-01"), row(2, 0, "2020-01-02")}}
	out, next, err := Quotes[string](r, 2)
	if err != nil || len(out) != 2 || next != store.QuoteCursor("2020-01-01", 1, 1) {
		t.Errorf("Quotes = %+v, %q, %v", out, next, err)
	}
	out, next, err = Quotes[string](&fakeRows{rows: [][]any{row(1, 0, "d")}}, 2)
	if err != nil || len(out) != 1 || next != "" {
		t.Errorf("Quotes last page = %+v, %q, %v", out, next, err)
	}
	bad := row(3, 4, "d")
	bad[3] = "{"
	if _, _, err := Quotes[string](&fakeRows{rows: [][]any{bad}}, 2); err == nil || !strings.Contains(err.Error(), "article 3 quote 4") {
		t.Errorf("Quotes bad JSON: %v", err)
	}
	gone := errors.New("gone")
	if _, _, err := Quotes[string](&fakeRows{err: gone}, 2); err != gone {
		t.Errorf("Quotes rows error: %v", err)
	}
}
