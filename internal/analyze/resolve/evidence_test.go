package resolve

import (
	"reflect"
	"sort"
	"strings"
	"testing"
)

// TestAcronymEvidence: an acronym joins a name only when an article states
// the expansion, the gazetteer knows it, or several articles attest the
// pair; initials alone are no evidence.
func TestAcronymEvidence(t *testing.T) {
	type article struct {
		body  string
		items []string
	}
	tests := []struct {
		name string
		arts []article
		// same lists groups of aliases that must share one canonical
		// entity; apart lists aliases that must not.
		same  [][]string
		apart []string
		// named maps an alias to the canonical name it must be under.
		named map[string]string
	}{
		{"a country's acronym is not a university's initials",
			[]article{
				{"The United States said so. US officials agreed, and the US army stayed. The US left.",
					[]string{"LOC:United States", "LOC:US", "ORG:US", "LOC:US"}},
				{"She studied at the University of Surrey last year.",
					[]string{"ORG:University of Surrey"}},
			},
			[][]string{{"United States", "US"}},
			[]string{"United States", "University of Surrey"},
			map[string]string{"US": "United States", "University of Surrey": "University of Surrey"}},
		{"one acronym, three unstated expansions",
			[]article{
				{"Voters in South Carolina went to the polls. SC results came late.",
					[]string{"LOC:South Carolina", "LOC:SC"}},
				{"The harbour of Santa Cruz reopened. SC officials were pleased.",
					[]string{"LOC:Santa Cruz", "ORG:SC"}},
				{"Houses in South Cambridgeshire flooded. SC council met.",
					[]string{"LOC:South Cambridgeshire", "ORG:SC"}},
			},
			nil,
			[]string{"South Carolina", "Santa Cruz", "South Cambridgeshire"},
			map[string]string{"South Carolina": "South Carolina", "Santa Cruz": "Santa Cruz", "South Cambridgeshire": "South Cambridgeshire"}},
		{"a stated expansion",
			[]article{
				{"Members of the National Union of Journalists (NUJ) walked out. The NUJ said pay was low. NUJ leaders met.",
					[]string{"ORG:National Union of Journalists", "ORG:NUJ", "ORG:NUJ", "ORG:NUJ"}},
				{"The NUJ called a strike.", []string{"ORG:NUJ"}},
			},
			[][]string{{"National Union of Journalists", "NUJ"}},
			nil,
			map[string]string{"NUJ": "National Union of Journalists"}},
		{"a stated expansion wins over the gazetteer",
			[]article{
				{"The United States agreed.", []string{"LOC:United States"}},
				{"Staff of US (University of Surrey) went on strike. US managers refused.",
					[]string{"ORG:US", "ORG:University of Surrey", "ORG:US"}},
			},
			nil,
			[]string{"United States", "University of Surrey"},
			map[string]string{"University of Surrey": "University of Surrey"}},
		{"an organisation's acronym in the list",
			[]article{
				{"Delegates of the United Nations met in Geneva.", []string{"ORG:United Nations", "LOC:Geneva"}},
				{"Later the UN said aid would come.", []string{"ORG:UN"}},
			},
			[][]string{{"United Nations", "UN"}},
			nil,
			map[string]string{"UN": "United Nations"}},
		{"the list's acronym first, written with periods",
			[]article{
				{"The U.N. said aid would come.", []string{"ORG:U.N."}},
				{"The United Nations sent food.", []string{"ORG:United Nations"}},
			},
			[][]string{{"U.N.", "United Nations"}},
			nil,
			map[string]string{"U.N.": "United Nations"}},
		{"an organisation named both ways in one article",
			[]article{
				{"The North Atlantic Treaty Organization met. NATO ministers agreed.",
					[]string{"ORG:North Atlantic Treaty Organization", "ORG:NATO"}},
				{"NATO jets flew.", []string{"ORG:NATO"}},
			},
			[][]string{{"North Atlantic Treaty Organization", "0/NATO", "1/NATO"}},
			nil,
			map[string]string{"NATO": "North Atlantic Treaty Organization"}},
		{"a stated expansion wins over the organisation list",
			[]article{
				{"Delegates of the United Nations met.", []string{"ORG:United Nations"}},
				{"Members of the Union of Nurses (UN) marched. The UN said pay was low.",
					[]string{"ORG:Union of Nurses", "ORG:UN", "ORG:UN"}},
			},
			[][]string{{"Union of Nurses", "UN"}},
			[]string{"United Nations", "Union of Nurses"},
			map[string]string{"UN": "Union of Nurses"}},
		{"a pair seen apart in several articles",
			[]article{
				{"Northern Harbour Authority staff met. NHA pay rose.", []string{"ORG:Northern Harbour Authority", "ORG:NHA"}},
				{"Northern Harbour Authority ships sailed. NHA crews cheered.", []string{"ORG:Northern Harbour Authority", "ORG:NHA"}},
				{"Northern Harbour Authority fees fell. NHA users gained.", []string{"ORG:Northern Harbour Authority", "ORG:NHA"}},
			},
			nil, nil,
			map[string]string{"2/NHA": "Northern Harbour Authority", "0/NHA": "NHA"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := NewRegistry()
			idOf := map[string]int64{}
			for i, a := range tt.arts {
				ents := Article(a.body, tagged(t, a.body, a.items...))
				ids := r.Add(int64(i+1), "2024-01-01", ents)
				for k, e := range ents {
					for _, al := range e.Aliases {
						idOf[al.Text] = ids[k]
						idOf[string(rune('0'+i))+"/"+al.Text] = ids[k]
					}
				}
			}
			get := func(alias string) int64 {
				id, ok := idOf[alias]
				if !ok {
					t.Fatalf("no entity written %q", alias)
				}
				return id
			}
			for _, g := range tt.same {
				for _, al := range g[1:] {
					if get(al) != get(g[0]) {
						t.Errorf("%q and %q apart", g[0], al)
					}
				}
				for _, al := range g {
					if !hasAlias(r.Get(get(al)), al) {
						t.Errorf("%q lacks alias %q: %+v", r.Get(get(al)).Name, al, r.Get(get(al)).Aliases)
					}
				}
			}
			for i, a := range tt.apart {
				for _, b := range tt.apart[i+1:] {
					if get(a) == get(b) {
						t.Errorf("%q and %q merged", a, b)
					}
				}
			}
			for al, want := range tt.named {
				if got := r.Get(get(al)).Name; got != want {
					t.Errorf("%q is under %q, want %q", al, got, want)
				}
			}
		})
	}
}

// hasAlias reports whether a canonical entity is written as alias (a "0/"
// prefix naming the article is ignored).
func hasAlias(c *Canonical, alias string) bool {
	if i := strings.IndexByte(alias, '/'); i >= 0 {
		alias = alias[i+1:]
	}
	for _, a := range c.Aliases {
		if Normalize(a.Text) == Normalize(alias) {
			return true
		}
	}
	return false
}

// TestRemove: removing an article's old version and adding the new one
// leaves the counts a registry that only saw the new version has.
func TestRemove(t *testing.T) {
	base := [][]Entity{
		{ent("PER", "Sergey Lavrov", "Lavrov"), ent("LOC", "Syria"), ent("ORG", "National Union of Journalists", "NUJ")},
		{ent("PER", "Maria Zakharova"), ent("LOC", "Syria"), ent("LOC", "United States", "US")},
	}
	old := []Entity{ent("PER", "Sergey Lavrov", "Lavrov", "Lavrov"), ent("LOC", "Syria"), ent("LOC", "U.S."), ent("ORG", "Interfax"), ent("ORG", "NUJ")}
	old[0].Roles = []string{"Russian Foreign Minister"}
	revised := []Entity{ent("PER", "Sergey Lavrov"), ent("LOC", "Syria"), ent("ORG", "Reuters")}
	tests := []struct {
		name    string
		withIDs bool // the caller passes the ids Add returned
	}{
		{"ids from Add", true},
		{"matched again", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a, b := NewRegistry(), NewRegistry()
			for i, ents := range base {
				a.Add(int64(i+1), "2024-01-01", ents)
				b.Add(int64(i+1), "2024-01-01", ents)
			}
			prev := append([]Entity(nil), old...)
			ids := a.Add(7, "2024-01-02", prev)
			if tt.withIDs {
				for k := range prev {
					prev[k].ID = ids[k]
				}
			}
			changed := a.Remove(7, prev)
			sorted := append([]int64(nil), changed...)
			sort.Slice(sorted, func(i, j int) bool { return sorted[i] < sorted[j] })
			if want := dedupeIDs(append([]int64(nil), ids...)); len(sorted) != len(want) {
				t.Errorf("Remove changed %v, want the ids %v", changed, ids)
			}
			a.Add(7, "2024-01-02", revised)
			b.Add(7, "2024-01-02", revised)
			if got, want := tableSummary(a), tableSummary(b); got != want {
				t.Errorf("after revision:\n%s\nonly the new version:\n%s", got, want)
			}
			// Ids stay 1..n; rows the old version alone created stay, at 0.
			for i, c := range a.All() {
				if c.ID != int64(i+1) {
					t.Fatalf("entity %d has id %d", i+1, c.ID)
				}
			}
			if c := a.Get(ids[3]); c.Name != "Interfax" || c.Articles != 0 || len(c.Aliases) != 0 || len(c.Context) != 0 {
				t.Errorf("Interfax after removal: %+v", c)
			}
			if got := a.Lookup("Interfax"); len(got) != 0 {
				t.Errorf("Lookup(Interfax) = %v after removal", got)
			}
			// A registry loaded from the table behaves as the live one.
			l := Load(a.All())
			next := []Entity{ent("ORG", "NUJ"), ent("LOC", "US"), ent("ORG", "Interfax")}
			if x, y := a.Add(8, "2024-01-03", next), l.Add(8, "2024-01-03", next); !reflect.DeepEqual(x, y) {
				t.Errorf("loaded registry links %v, live %v", y, x)
			}
		})
	}
}

// tableSummary renders the entities with articles, by name, with their
// counts and co-occurring names.
func tableSummary(r *Registry) string {
	var lines []string
	for _, c := range r.All() {
		if c.Articles == 0 {
			continue
		}
		var ctx []string
		for _, l := range c.Context {
			ctx = append(ctx, r.Get(l.ID).Name+"×"+string(rune('0'+l.Count)))
		}
		sort.Strings(ctx)
		var as, rs []string
		for _, a := range c.Aliases {
			as = append(as, a.Text+"×"+string(rune('0'+a.Count)))
		}
		for _, a := range c.Roles {
			rs = append(rs, a.Text+"×"+string(rune('0'+a.Count)))
		}
		var ts []string
		for k, v := range c.Types {
			ts = append(ts, k+"×"+string(rune('0'+v)))
		}
		sort.Strings(ts)
		lines = append(lines, c.Name+" "+c.Type+" articles="+string(rune('0'+c.Articles))+
			" aliases="+strings.Join(as, ",")+" roles="+strings.Join(rs, ",")+
			" types="+strings.Join(ts, ",")+" ctx="+strings.Join(ctx, ","))
	}
	sort.Strings(lines)
	return strings.Join(lines, "\n")
}
