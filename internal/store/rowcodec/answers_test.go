package rowcodec

import (
	"errors"
	"fmt"
	"testing"

	"github.com/storyline-news/storyline/internal/store"
)

// fakeRows is a result set of fixed rows, each a list of values assigned
// to Scan's pointers in order.
type fakeRows struct {
	rows [][]any
	at   int
	err  error
}

func (f *fakeRows) Next() bool { f.at++; return f.at <= len(f.rows) }
func (f *fakeRows) Err() error { return f.err }
func (f *fakeRows) Scan(dest ...any) error {
	for i, v := range f.rows[f.at-1] {
		switch d := dest[i].(type) {
		case *string:
			*d = v.(string)
		case *[]byte:
			*d = v.([]byte)
		case *int:
			*d = v.(int)
		case *int64:
			*d = v.(int64)
		case *bool:
			*d = v.(bool)
		default:
			return fmt.Errorf("scan into %T", d)
		}
	}
	return nil
}

func TestMatchToken(t *testing.T) {
	rows := func() *fakeRows {
		return &fakeRows{rows: [][]any{{"a", []byte("h1")}, {"b", []byte("h2")}}}
	}
	if name, err := MatchToken(rows(), []byte("h2")); err != nil || name != "b" {
		t.Errorf("MatchToken h2 = %q, %v", name, err)
	}
	if _, err := MatchToken(rows(), []byte("h3")); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("MatchToken h3 err %v", err)
	}
	broken := rows()
	broken.err = errors.New("gone")
	if _, err := MatchToken(broken, []byte("h1")); err == nil || err.Error() != "gone" {
		t.Errorf("MatchToken broken err %v", err)
	}
}

func TestAddCopyLinks(t *testing.T) {
	out := []store.OutletRow{{Name: "x"}, {Name: "y"}}
	r := &fakeRows{rows: [][]any{{"x", "y", 3}, {"y", "z", 2}, {"w", "x", 1}}}
	if err := AddCopyLinks(r, out, map[string]int{"x": 0, "y": 1}); err != nil {
		t.Fatal(err)
	}
	if out[0].CopiesOfOther != 3 || out[0].CopiedByOther != 1 || out[1].CopiesOfOther != 2 || out[1].CopiedByOther != 3 {
		t.Errorf("AddCopyLinks: %+v", out)
	}
}

func TestPeopleDaysAndCollect(t *testing.T) {
	var ps []store.PersonCount
	for i := range store.MaxList + 3 {
		ps = append(ps, store.PersonCount{ID: int64(i + 1), Name: "p", Articles: i % 4})
	}
	var rs [][]any
	for _, p := range ps {
		rs = append(rs, []any{int64(1), p.ID, p.Name, p.Articles, false})
	}
	out := map[int64][]store.PersonCount{}
	if err := People(&fakeRows{rows: rs}, out); err != nil {
		t.Fatal(err)
	}
	got := out[1]
	if len(got) != store.MaxList || got[0].Articles != 3 || got[0].ID != 4 || got[len(got)-1].Articles > got[0].Articles {
		t.Errorf("TopPeople: %d, first %+v", len(got), got[0])
	}
	days := map[int64][]store.DayCount{}
	if err := Days(&fakeRows{rows: [][]any{{int64(1), "d1", 2}, {int64(1), "d2", 3}, {int64(1), "d3", 4}, {int64(2), "d1", 1}}}, days, 2); err != nil {
		t.Fatal(err)
	}
	if fmt.Sprint(days) != "map[1:[{d1 2} {d2 3}] 2:[{d1 1}]]" {
		t.Errorf("Days: %v", days)
	}
	names, err := Collect(&fakeRows{rows: [][]any{{"a"}, {"b"}}}, func(r Scanner) (string, error) {
		var s string
		return s, r.Scan(&s)
	})
	if err != nil || fmt.Sprint(names) != "[a b]" {
		t.Errorf("Collect = %v, %v", names, err)
	}
}

func TestEntitiesInto(t *testing.T) {
	out := map[int64]store.EntityRow{}
	r := &fakeRows{rows: [][]any{{int64(3), "Ann", "PER", 2, "2020-01-01", "2020-02-01"}}}
	if err := EntitiesInto(r, out); err != nil || out[3].Name != "Ann" || out[3].Articles != 2 || out[3].LastSeen != "2020-02-01" {
		t.Errorf("EntitiesInto: %+v %v", out, err)
	}
}
