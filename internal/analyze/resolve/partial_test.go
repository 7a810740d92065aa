package resolve

import (
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"reflect"
	"sort"
	"testing"
)

// table is a store's copy of the entity table: rows as JSON and index keys,
// what the placer reads a partial registry's entities back from.
type table struct {
	rows map[int64][]byte
	keys map[string]map[int64]bool
}

func (t *table) write(r *Registry, ids []int64) {
	for _, id := range ids {
		b, err := json.Marshal(r.Get(id))
		if err != nil {
			panic(err)
		}
		t.rows[id] = b
		for _, m := range t.keys {
			delete(m, id)
		}
		for _, k := range r.EntityKeys(id) {
			if t.keys[k] == nil {
				t.keys[k] = map[int64]bool{}
			}
			t.keys[k][id] = true
		}
	}
}

// fault reads into p the entities filed under keys (the smallest
// FetchLimit ids of each) and those of ids, as Entities.Prefetch does.
func (t *table) fault(p *Registry, keys []string, ids []int64) {
	want := append([]int64(nil), ids...)
	found := map[string]int{}
	for _, k := range keys {
		var got []int64
		for id := range t.keys[k] {
			got = append(got, id)
		}
		sort.Slice(got, func(i, j int) bool { return got[i] < got[j] })
		got = got[:min(len(got), FetchLimit)]
		want = append(want, got...)
		found[k] = len(got)
	}
	var cs []Canonical
	for _, id := range want {
		if p.Get(id) != nil || t.rows[id] == nil {
			continue
		}
		var c Canonical
		if err := json.Unmarshal(t.rows[id], &c); err != nil {
			panic(err)
		}
		cs = append(cs, c)
	}
	p.Insert(cs)
	for k, n := range found {
		p.Cover(k, n)
	}
}

// given spells n as a name of letters (digits normalise away).
func given(n int) string {
	syl := []string{"ba", "ko", "ti", "ze", "mu", "ra", "no", "vi", "lo", "su"}
	s := "K"
	for k := 0; k < 3; k++ {
		s += syl[n%10]
		n /= 10
	}
	return s
}

// genArticle draws an article's entities from a small cast: people sharing
// a surname (more than FetchLimit of them), surname-only mentions,
// organisations with acronyms stated and not, country-prefixed names.
func genArticle(r *rand.Rand) []Entity {
	var out []Entity
	for range 3 + r.IntN(6) {
		switch r.IntN(6) {
		case 0:
			n := given(r.IntN(90)) + " Smith"
			out = append(out, Entity{Name: n, Type: "PER", Aliases: []Alias{{Text: n, Count: 2}, {Text: "Smith", Count: 1}}})
		case 1:
			n := []string{"Smith", "Jones"}[r.IntN(2)]
			out = append(out, Entity{Name: n, Type: "PER", Aliases: []Alias{{Text: n, Count: 1}}})
		case 2:
			n := []string{"Anna Chen", "Li Chen", "Omar Haddad", "Haddad", "Chen"}[r.IntN(5)]
			out = append(out, Entity{Name: n, Type: "PER", Aliases: []Alias{{Text: n, Count: 1}}})
		case 3:
			n := []string{"National Energy Agency", "NEA", "Nordic Export Association", "State Department",
				"US State Department", "United Nations", "UN"}[r.IntN(7)]
			as := []Alias{{Text: n, Count: 1}}
			if n == "National Energy Agency" && r.IntN(2) == 0 {
				as = append(as, Alias{Text: "NEA", Count: 1})
			}
			out = append(out, Entity{Name: n, Type: "ORG", Aliases: as})
		case 4:
			n := given(r.IntN(200)) + "ville"
			out = append(out, Entity{Name: n, Type: []string{"LOC", "ORG"}[r.IntN(2)], Aliases: []Alias{{Text: n, Count: 1}}})
		default:
			n := given(r.IntN(300)) + " Jones"
			out = append(out, Entity{Name: n, Type: "PER", Aliases: []Alias{{Text: n, Count: 1}}})
		}
	}
	return out
}

// TestPartialRegistryLinksAsWhole adds and revises generated articles in a
// whole registry and in partial ones faulted in from a table before each
// article and evicted after: the ids and the table must be the same.
func TestPartialRegistryLinksAsWhole(t *testing.T) {
	for _, window := range []int64{1, 3, 50} {
		t.Run(fmt.Sprint("window ", window), func(t *testing.T) {
			r := rand.New(rand.NewPCG(3, uint64(window)))
			whole, part := NewRegistry(), NewPartial(0)
			tab := &table{rows: map[int64][]byte{}, keys: map[string]map[int64]bool{}}
			arts := map[int64][]Entity{}
			for i := int64(1); i <= 600; i++ {
				art, prev := i, []Entity(nil)
				if i > 20 && r.IntN(8) == 0 { // revise an older article
					art = 1 + r.Int64N(i-1)
					prev = arts[art]
				}
				ents := genArticle(r)
				var wantRm, gotRm []int64
				if prev != nil {
					wantRm = whole.Remove(art, prev)
				}
				wantIDs := whole.Add(art, "2024-01-02", ents)

				var prevIDs []int64
				for _, e := range prev {
					prevIDs = append(prevIDs, e.ID)
				}
				tab.fault(part, KeysOf(append(append([]Entity(nil), ents...), prev...)), prevIDs)
				if prev != nil {
					gotRm = part.Remove(art, prev)
				}
				gotIDs := part.Add(art, "2024-01-02", ents)
				if keys, ids := part.Missing(); len(keys)+len(ids) > 0 {
					t.Fatalf("article %d: missing %v %v", i, keys, ids)
				}
				if !reflect.DeepEqual(gotIDs, wantIDs) || !reflect.DeepEqual(gotRm, wantRm) {
					t.Fatalf("article %d: ids %v removed %v, whole %v removed %v", i, gotIDs, gotRm, wantIDs, wantRm)
				}
				tab.write(part, append(gotRm, gotIDs...))
				part.Evict(i - window + 1)
				kept := make([]Entity, len(ents))
				copy(kept, ents)
				for k := range kept {
					kept[k].ID = gotIDs[k]
				}
				arts[art] = kept
			}
			if part.Held() >= whole.Held() {
				t.Errorf("partial registry holds %d of %d entities", part.Held(), whole.Held())
			}
			all := whole.All()
			if int64(len(all)) != part.Len() || len(tab.rows) != len(all) {
				t.Fatalf("%d entities, partial %d, table %d", len(all), part.Len(), len(tab.rows))
			}
			for _, c := range all {
				b, _ := json.Marshal(c)
				if string(b) != string(tab.rows[c.ID]) {
					t.Errorf("entity %d:\n%s\nwhole:\n%s", c.ID, tab.rows[c.ID], b)
				}
			}
		})
	}
}
