package resolve

import (
	"sort"
	"strings"
)

// Canonical is one entity of the store-wide entity table. All its fields
// are plain data, so that a store can persist it as rows and rebuild a
// Registry with Load.
type Canonical struct {
	ID   int64
	Name string // the fullest, most used form
	Type string // the type most of its article entities had
	// Types counts the article entities of each type linked to it.
	Types map[string]int
	// Aliases are the forms its name was written in, with mention counts,
	// most used first.
	Aliases []Alias
	// Roles are its roles with the number of articles giving each, most
	// given first.
	Roles []Alias
	// Articles counts the articles that mention it.
	Articles int
	// FirstSeen and LastSeen are the earliest and latest article dates
	// (YYYY-MM-DD) among its articles; empty while no article had a date.
	FirstSeen, LastSeen string
	// FirstArticle and LastArticle are the ids of the first and latest
	// article added that mention it.
	FirstArticle, LastArticle int64
	// Context counts the articles it shares with other canonical entities,
	// most shared first, capped at MaxContext: what tells two people with
	// one surname apart.
	Context []Link
}

// Link is a co-occurring entity and the number of articles shared.
type Link struct {
	ID    int64
	Count int
}

// Caps that keep the registry's memory bounded whatever the input.
const (
	// MaxContext caps the co-occurrence links kept per entity.
	MaxContext = 200
	// MaxAliases caps the aliases and roles kept per entity.
	MaxAliases = 100
	// maxContextEntities caps the entities of one article whose pairs
	// are counted.
	maxContextEntities = 40
)

// Registry is the store-wide table of canonical entities. Entities[i] has
// ID i+1. The lookup indexes are derived from Entities only, so a Registry
// rebuilt with Load from persisted entities behaves as the original, and
// re-adding the articles in the same order rebuilds the same table. A
// Registry is not safe for concurrent use.
type Registry struct {
	Entities []Canonical

	byNorm     map[string][]int64 // normalised alias -> ids
	byPhon     map[string][]int64 // phonetic key of a non-person alias -> ids
	bySurname  map[string][]int64 // phonetic key of a person's surname -> ids
	byInitials map[string][]int64 // acronym spelled by a multi-word alias -> ids
	byCore     map[string][]int64 // alias without its leading country -> ids
}

// NewRegistry returns an empty registry.
func NewRegistry() *Registry {
	r := &Registry{}
	r.reindex()
	return r
}

// Load returns a registry holding ents (as persisted from Entities, ids
// 1..n in order) with its indexes rebuilt.
func Load(ents []Canonical) *Registry {
	r := &Registry{Entities: ents}
	r.reindex()
	return r
}

// Get returns the canonical entity with id, or nil.
func (r *Registry) Get(id int64) *Canonical {
	if id < 1 || id > int64(len(r.Entities)) {
		return nil
	}
	return &r.Entities[id-1]
}

// Lookup returns the ids of the canonical entities that a name is written
// as (normalised forms, acronyms), most mentioned first.
func (r *Registry) Lookup(name string) []int64 {
	n := Normalize(name)
	ids := append([]int64(nil), r.byNorm[n]...)
	ids = append(ids, r.byInitials[n]...)
	ids = dedupeIDs(ids)
	sort.SliceStable(ids, func(i, j int) bool { return r.Get(ids[i]).Articles > r.Get(ids[j]).Articles })
	return ids
}

func (r *Registry) reindex() {
	r.byNorm = map[string][]int64{}
	r.byPhon = map[string][]int64{}
	r.bySurname = map[string][]int64{}
	r.byInitials = map[string][]int64{}
	r.byCore = map[string][]int64{}
	for i := range r.Entities {
		c := &r.Entities[i]
		for _, a := range c.Aliases {
			r.indexAlias(c.ID, c.Type, a.Text)
		}
	}
}

func (r *Registry) indexAlias(id int64, typ, alias string) {
	n := Normalize(alias)
	if n == "" {
		return
	}
	r.byNorm[n] = addID(r.byNorm[n], id)
	ws := nameWords(n)
	if typ == "PER" {
		if s := surname(stripParticles(ws)); s != "" {
			k := PhoneticKey(s)
			r.bySurname[k] = addID(r.bySurname[k], id)
		}
		return
	}
	if k := phraseKey(ws); len(k) >= 5 {
		r.byPhon[k] = addID(r.byPhon[k], id)
	}
	if core, _ := countryPrefix(ws); core != "" {
		r.byCore[core] = addID(r.byCore[core], id)
	}
	if !isAcronym(alias) {
		for _, acr := range Initials(alias) {
			r.byInitials[acr] = addID(r.byInitials[acr], id)
		}
	}
}

// phraseKey is the phonetic key of a multi-word name.
func phraseKey(ws []string) string {
	ks := make([]string, len(ws))
	for i, w := range ws {
		ks[i] = PhoneticKey(w)
	}
	return strings.Join(ks, " ")
}

// maxIDs caps an index entry: a name shared by more entities than this is
// no evidence anyway.
const maxIDs = 64

func addID(ids []int64, id int64) []int64 {
	for _, x := range ids {
		if x == id {
			return ids
		}
	}
	if len(ids) >= maxIDs {
		return ids
	}
	return append(ids, id)
}

func dedupeIDs(ids []int64) []int64 {
	out := ids[:0]
	seen := map[int64]bool{}
	for _, id := range ids {
		if !seen[id] {
			seen[id] = true
			out = append(out, id)
		}
	}
	return out
}

// Add links the entities of one article to canonical entities, creating
// new ones for entities not seen before, and updates the table: aliases,
// roles, counts, dates and co-occurrence. It returns the canonical id of
// each entity, in order. date is the article's date (RFC 3339 date or
// date-time; may be empty). Each article should be added once: re-adding
// it counts it twice.
func (r *Registry) Add(articleID int64, date string, ents []Entity) []int64 {
	if r.byNorm == nil {
		r.reindex()
	}
	ids := make([]int64, len(ents))
	// Names that identify by themselves first, so that short forms can be
	// resolved against the entities of the same article.
	for i := range ents {
		if !surnameOnly(&ents[i]) {
			ids[i] = r.match(&ents[i], nil)
		}
	}
	ctx := make([]int64, 0, len(ids))
	for _, id := range ids {
		if id > 0 {
			ctx = append(ctx, id)
		}
	}
	for i := range ents {
		if surnameOnly(&ents[i]) {
			ids[i] = r.match(&ents[i], ctx)
		}
	}
	day := dateOf(date)
	for i := range ents {
		if ids[i] == 0 {
			ids[i] = r.create(&ents[i])
		}
		r.update(ids[i], articleID, day, &ents[i])
	}
	r.link(ids)
	return ids
}

// surnameOnly reports whether a person entity is known by one word only.
func surnameOnly(e *Entity) bool {
	if e.Type != "PER" {
		return false
	}
	for _, a := range e.Aliases {
		if len(nameWords(Normalize(a.Text))) > 1 {
			return false
		}
	}
	return true
}

// match returns the canonical id for an article entity, or 0.
func (r *Registry) match(e *Entity, ctx []int64) int64 {
	type cand struct {
		id    int64
		score int
	}
	var cands []cand
	consider := func(id int64, score int) {
		for k := range cands {
			if cands[k].id == id {
				cands[k].score = max(cands[k].score, score)
				return
			}
		}
		cands = append(cands, cand{id, score})
	}
	if e.Type == "PER" {
		var fulls [][]string
		var singles []string
		for _, a := range e.Aliases {
			ws := nameWords(Normalize(a.Text))
			if len(ws) > 1 {
				fulls = append(fulls, ws)
			} else if len(ws) == 1 {
				singles = append(singles, ws[0])
			}
		}
		keys := map[string]bool{}
		for _, f := range fulls {
			keys[PhoneticKey(surname(stripParticles(f)))] = true
		}
		for _, s := range singles {
			keys[PhoneticKey(s)] = true
		}
		for k := range keys {
			for _, id := range r.bySurname[k] {
				c := r.Get(id)
				if c.Type != "PER" {
					continue // was a person when indexed; retyped since
				}
				cf := c.fullNames()
				switch {
				case len(fulls) > 0 && len(cf) > 0:
					if anyPair(fulls, cf, samePerson) {
						consider(id, 3)
					}
				case len(fulls) > 0: // the table knows it by surname only
					if anySurname(c, fulls) {
						consider(id, 1)
					}
				default: // the article gives a surname only
					if anySingle(c, singles) {
						consider(id, 2)
					}
				}
			}
		}
	} else {
		for _, a := range e.Aliases {
			n := Normalize(a.Text)
			for _, id := range r.byNorm[n] {
				if r.Get(id).Type != "PER" {
					consider(id, 3)
				}
			}
			if isAcronym(a.Text) {
				for _, id := range r.byInitials[n] {
					if r.Get(id).Type != "PER" {
						consider(id, 2)
					}
				}
			} else {
				for _, acr := range Initials(a.Text) {
					for _, id := range r.byNorm[acr] {
						if c := r.Get(id); c.Type != "PER" && c.hasAcronym(acr) {
							consider(id, 2)
						}
					}
				}
				ws := nameWords(n)
				if core, country := countryPrefix(ws); core != "" {
					// "US State Department" → "State Department"
					for _, id := range append(append([]int64(nil), r.byNorm[core]...), r.byCore[core]...) {
						if c := r.Get(id); c.Type != "PER" && c.countriesAgree(country) {
							consider(id, 2)
						}
					}
				} else if len(ws) >= 2 {
					// "State Department" → "US State Department"
					for _, id := range r.byCore[n] {
						if r.Get(id).Type != "PER" {
							consider(id, 2)
						}
					}
				}
				if k := phraseKey(ws); len(k) >= 5 {
					for _, id := range r.byPhon[k] {
						if r.Get(id).Type != "PER" {
							consider(id, 1)
						}
					}
				}
			}
		}
	}
	if len(cands) == 0 {
		return 0
	}
	// Best evidence first, then shared context, then the most frequent,
	// then the most recent.
	best, bestCtx := cands[0], r.shared(cands[0].id, ctx)
	for _, c := range cands[1:] {
		sc := r.shared(c.id, ctx)
		b, x := r.Get(best.id), r.Get(c.id)
		switch {
		case c.score != best.score:
			if c.score < best.score {
				continue
			}
		case sc != bestCtx:
			if sc < bestCtx {
				continue
			}
		case x.Articles != b.Articles:
			if x.Articles < b.Articles {
				continue
			}
		case x.LastSeen <= b.LastSeen:
			continue
		}
		best, bestCtx = c, sc
	}
	return best.id
}

// shared returns how many article co-occurrences entity id has with the
// entities in ctx.
func (r *Registry) shared(id int64, ctx []int64) int {
	if len(ctx) == 0 {
		return 0
	}
	n := 0
	for _, l := range r.Get(id).Context {
		for _, x := range ctx {
			if l.ID == x {
				n += l.Count
			}
		}
	}
	return n
}

// fullNames returns the normalised words of a canonical person's
// multi-word aliases.
func (c *Canonical) fullNames() [][]string {
	var out [][]string
	for _, a := range c.Aliases {
		if ws := nameWords(Normalize(a.Text)); len(ws) > 1 {
			out = append(out, ws)
		}
	}
	return out
}

// countryPrefix splits a normalised multi-word name into the part after a
// leading country or demonym and that country's name; core is "" when the
// name has no such prefix or less than two words remain.
func countryPrefix(ws []string) (core, country string) {
	rest := stripCountry(ws)
	if len(rest) < 2 || len(rest) == len(ws) {
		return "", ""
	}
	prefix := strings.Join(ws[:len(ws)-len(rest)], " ")
	c, ok := countryNames[prefix]
	if !ok {
		c = countryNames[ws[0]]
	}
	return strings.Join(rest, " "), c
}

// countriesAgree reports whether no alias of the entity names another
// country than country in front ("Russian Defense Ministry" is not the
// "US Defense Ministry").
func (c *Canonical) countriesAgree(country string) bool {
	for _, a := range c.Aliases {
		if _, other := countryPrefix(nameWords(Normalize(a.Text))); other != "" && other != country {
			return false
		}
	}
	return true
}

// hasAcronym reports whether the entity is written as acr, not merely
// another entity whose name normalises like it.
func (c *Canonical) hasAcronym(acr string) bool {
	for _, a := range c.Aliases {
		if isAcronym(a.Text) && Normalize(a.Text) == acr {
			return true
		}
	}
	return false
}

func anyPair(a, b [][]string, same func(x, y []string) bool) bool {
	for _, x := range a {
		for _, y := range b {
			if same(x, y) {
				return true
			}
		}
	}
	return false
}

// anySurname reports whether a canonical person known by a surname only has
// the surname of one of the full names.
func anySurname(c *Canonical, fulls [][]string) bool {
	for _, a := range c.Aliases {
		ws := nameWords(Normalize(a.Text))
		if len(ws) != 1 {
			continue
		}
		for _, f := range fulls {
			if sameSurname(surname(stripParticles(f)), ws[0]) {
				return true
			}
		}
	}
	return false
}

// anySingle reports whether one of the one-word names is the canonical
// person's surname.
func anySingle(c *Canonical, singles []string) bool {
	for _, a := range c.Aliases {
		ws := stripParticles(nameWords(Normalize(a.Text)))
		if len(ws) == 0 {
			continue
		}
		for _, s := range singles {
			if sameSurname(surname(ws), s) {
				return true
			}
		}
	}
	return false
}

func (r *Registry) create(e *Entity) int64 {
	id := int64(len(r.Entities) + 1)
	r.Entities = append(r.Entities, Canonical{ID: id, Name: e.Name, Type: e.Type, Types: map[string]int{}})
	return id
}

// update adds an article entity's evidence to canonical entity id.
func (r *Registry) update(id, articleID int64, day string, e *Entity) {
	c := r.Get(id)
	if c.Types == nil {
		c.Types = map[string]int{}
	}
	c.Types[e.Type]++
	for _, a := range e.Aliases {
		if addCount(&c.Aliases, a.Text, a.Count) {
			r.indexAlias(id, c.Type, a.Text)
		}
	}
	for _, ro := range e.Roles {
		addCount(&c.Roles, ro, 1)
	}
	sortAliases(c.Aliases)
	sortAliases(c.Roles)
	c.Articles++
	if c.FirstArticle == 0 {
		c.FirstArticle = articleID
	}
	c.LastArticle = articleID
	if day != "" {
		if c.FirstSeen == "" || day < c.FirstSeen {
			c.FirstSeen = day
		}
		if day > c.LastSeen {
			c.LastSeen = day
		}
	}
	best, bv := c.Type, -1
	for t, v := range c.Types {
		if v > bv || v == bv && typeRank[t] > typeRank[best] {
			best, bv = t, v
		}
	}
	if best != c.Type {
		c.Type = best
		for _, a := range c.Aliases {
			r.indexAlias(id, c.Type, a.Text)
		}
	}
	c.Name = canonicalName(c.Aliases)
}

// addCount adds n uses of a form, merging forms that normalise alike; it
// reports whether the form is new.
func addCount(as *[]Alias, s string, n int) bool {
	k := Normalize(s)
	for i := range *as {
		if Normalize((*as)[i].Text) == k {
			(*as)[i].Count += n
			return false
		}
	}
	if len(*as) >= MaxAliases {
		// Bounded memory: forms beyond the cap are not kept. None is ever
		// removed, so the indexes stay what Load would rebuild.
		return false
	}
	*as = append(*as, Alias{Text: s, Count: n})
	return true
}

func sortAliases(as []Alias) {
	sort.SliceStable(as, func(i, j int) bool {
		if as[i].Count != as[j].Count {
			return as[i].Count > as[j].Count
		}
		return as[i].Text < as[j].Text
	})
}

// link counts the co-occurrence of the article's entities.
func (r *Registry) link(ids []int64) {
	u := dedupeIDs(append([]int64(nil), ids...))
	if len(u) > maxContextEntities {
		u = u[:maxContextEntities]
	}
	for _, a := range u {
		c := r.Get(a)
		for _, b := range u {
			if a == b {
				continue
			}
			found := false
			for k := range c.Context {
				if c.Context[k].ID == b {
					c.Context[k].Count++
					found = true
					break
				}
			}
			if !found {
				c.Context = append(c.Context, Link{ID: b, Count: 1})
			}
		}
		sort.SliceStable(c.Context, func(i, j int) bool {
			if c.Context[i].Count != c.Context[j].Count {
				return c.Context[i].Count > c.Context[j].Count
			}
			return c.Context[i].ID < c.Context[j].ID
		})
		if len(c.Context) > MaxContext {
			c.Context = c.Context[:MaxContext]
		}
	}
}

// dateOf returns the YYYY-MM-DD day of an RFC 3339 date or date-time, or
// "".
func dateOf(s string) string {
	if len(s) < 10 {
		return ""
	}
	d := s[:10]
	for i := 0; i < 10; i++ {
		c := d[i]
		if i == 4 || i == 7 {
			if c != '-' {
				return ""
			}
		} else if c < '0' || c > '9' {
			return ""
		}
	}
	return d
}
