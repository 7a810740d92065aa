package export

import (
	"encoding/json"
	"reflect"
	"strings"
	"testing"

	"github.com/storyline-news/storyline/internal/news"
)

// TestSchema: every JSON field is a CSV column, in the same order, and
// empty lists are [] rather than null.
func TestSchema(t *testing.T) {
	r := FromArticle(&news.Article{ID: 3, Title: "=1+1", FetchedURL: "https://x.example/a"})
	b, err := json.Marshal(r)
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(string(b), "null") {
		t.Errorf("null in %s", b)
	}
	typ := reflect.TypeOf(r)
	var names []string
	for i := range typ.NumField() {
		names = append(names, strings.Split(typ.Field(i).Tag.Get("json"), ",")[0])
	}
	if !reflect.DeepEqual(names, CSVHeader) {
		t.Errorf("JSON fields %v, CSV columns %v", names, CSVHeader)
	}
	row := r.CSV()
	if len(row) != len(CSVHeader) || row[6] != "'=1+1" || row[len(row)-1] != "https://x.example/a" {
		t.Errorf("CSV row %q", row)
	}
}
