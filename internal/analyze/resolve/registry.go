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
	// Shorts counts, per acronym spelling its name's initials, the articles
	// that wrote the acronym apart from it without stating the expansion
	// (the only such name in the article): from attestArticles of them on,
	// the acronym joins it in the articles that name both.
	Shorts []Alias `json:",omitempty"`
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
	// attestArticles is how many articles must name an acronym next to the
	// only name it spells before the registry takes it for that name
	// unstated: one article is a coincidence as often as not ("SC" with
	// South Carolina, a supreme court or a sports club).
	attestArticles = 3
)

// Registry is the store-wide table of canonical entities, with ids 1 to
// Len(). The lookup index is derived from the entities only, so a Registry
// rebuilt with Load from persisted entities behaves as the original, and
// re-adding the articles in the same order rebuilds the same table.
//
// A partial registry (NewPartial) holds only some of the entities: the
// caller faults in (Insert) the entities filed under the index keys a batch
// will look up (KeysOf, Cover) before adding it, and drops the inactive
// ones after (Evict). A lookup of a key not covered, or of an id not held,
// is recorded (Missing) so that the caller can retry the batch rather than
// link it wrongly. A Registry is not safe for concurrent use.
type Registry struct {
	ents  map[int64]*Canonical
	maxID int64
	// idx maps an index key (kind prefix and key, see aliasKeys) to the
	// ids of the held entities filed under it, ascending.
	idx map[string][]int64
	// keys are the index keys each held entity is filed under, sorted.
	keys map[int64][]string

	partial bool
	// covered maps a key whose first maxIDs entities (by id, over the
	// whole table) are held to its slack: how many more of the next ones
	// are held too (complete when all are), so that as many of the held
	// ones can lose the key before a lookup would need one not held.
	covered map[string]int
	missing map[string]bool // keys looked up but not covered
	missIDs map[int64]bool  // ids looked up but not held
	rec     map[string]bool // KeysOf: every key looked up
}

// Index key kinds: the prefix of each key in the index and in the store's
// entity_keys table.
const (
	kindNorm     = "n:" // normalised alias
	kindPhon     = "p:" // phonetic key of a non-person alias
	kindSurname  = "s:" // phonetic key of a person's surname
	kindInitials = "i:" // acronym spelled by a multi-word alias
	kindCore     = "c:" // alias without its leading country
)

// NewRegistry returns an empty registry.
func NewRegistry() *Registry {
	return Load(nil)
}

// Load returns a registry holding ents (as persisted from All, ids 1..n in
// order) with its index rebuilt.
func Load(ents []Canonical) *Registry {
	r := &Registry{}
	r.init()
	r.Insert(ents)
	r.maxID = int64(len(ents))
	return r
}

// NewPartial returns a partial registry of a table whose largest id is
// maxID, holding none of its entities yet.
func NewPartial(maxID int64) *Registry {
	r := &Registry{partial: true, maxID: maxID}
	r.init()
	return r
}

func (r *Registry) init() {
	r.ents = map[int64]*Canonical{}
	r.idx = map[string][]int64{}
	r.keys = map[int64][]string{}
	r.covered = map[string]int{}
	r.missing = map[string]bool{}
	r.missIDs = map[int64]bool{}
}

// Len returns the largest entity id of the table (held or not).
func (r *Registry) Len() int64 { return r.maxID }

// Held returns the number of entities held in memory.
func (r *Registry) Held() int { return len(r.ents) }

// All returns copies of the held entities, in id order: the whole table
// unless the registry is partial.
func (r *Registry) All() []Canonical {
	out := make([]Canonical, 0, len(r.ents))
	for _, c := range r.ents {
		out = append(out, *c)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].ID < out[j].ID })
	return out
}

// Insert adds entities of the table to the registry (faulting them in);
// entities already held are kept as they are, and ids beyond Len extend it.
func (r *Registry) Insert(ents []Canonical) {
	for i := range ents {
		c := ents[i]
		if _, ok := r.ents[c.ID]; ok || c.ID < 1 {
			continue
		}
		r.ents[c.ID] = &c
		r.maxID = max(r.maxID, c.ID)
		r.refresh(&c)
	}
}

// Cover records what the store files under key k: the first n of its
// entities by id (the store's EntityIDsByKeys with limit FetchLimit), all
// of them now held.
func (r *Registry) Cover(k string, n int) {
	if n < FetchLimit {
		r.covered[k] = complete
	} else {
		r.covered[k] = n - maxIDs
	}
}

// complete is the slack of a key all of whose entities are held.
const complete = -1

// Lacking returns, of keys and ids, those a partial registry does not
// cover or hold: what linking would miss.
func (r *Registry) Lacking(keys []string, ids []int64) ([]string, []int64) {
	if !r.partial {
		return nil, nil
	}
	var ks []string
	for _, k := range keys {
		if _, ok := r.covered[k]; !ok {
			ks = append(ks, k)
		}
	}
	var is []int64
	for _, id := range ids {
		if id >= 1 && id <= r.maxID && r.ents[id] == nil {
			is = append(is, id)
		}
	}
	return ks, is
}

// Evict drops the held entities whose latest article is before article
// (their LastArticle), and the coverage of their keys and of keys no held
// entity is filed under. It returns the number dropped. A registry that is
// not partial keeps everything.
func (r *Registry) Evict(article int64) int {
	if !r.partial {
		return 0
	}
	n := 0
	for id, c := range r.ents {
		if c.LastArticle >= article {
			continue
		}
		for _, k := range r.keys[id] {
			r.unfile(k, id)
			delete(r.covered, k)
		}
		delete(r.keys, id)
		delete(r.ents, id)
		n++
	}
	// A key stays covered while none of its entities is dropped (the
	// others filed since are held); one with none held is forgotten, so
	// that coverage does not grow with the names ever looked up.
	for k := range r.covered {
		if len(r.idx[k]) == 0 {
			delete(r.covered, k)
		}
	}
	return n
}

// Missing returns the keys and ids lookups needed that the partial
// registry did not hold since the last call, and clears them.
func (r *Registry) Missing() (keys []string, ids []int64) {
	for k := range r.missing {
		keys = append(keys, k)
	}
	for id := range r.missIDs {
		ids = append(ids, id)
	}
	sort.Strings(keys)
	sort.Slice(ids, func(i, j int) bool { return ids[i] < ids[j] })
	clear(r.missing)
	clear(r.missIDs)
	return keys, ids
}

// KeysOf returns the index keys that linking ents looks up, sorted: what a
// partial registry must cover before Add or Remove of them.
func KeysOf(ents []Entity) []string {
	t := NewRegistry()
	t.rec = map[string]bool{}
	for i := range ents {
		t.match(&ents[i], nil)
	}
	keys := make([]string, 0, len(t.rec))
	for k := range t.rec {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

// EntityKeys returns the index keys entity id is filed under, sorted; nil
// when it is not held.
func (r *Registry) EntityKeys(id int64) []string {
	return append([]string(nil), r.keys[id]...)
}

// Get returns the canonical entity with id, or nil when there is none or
// it is not held.
func (r *Registry) Get(id int64) *Canonical {
	return r.ents[id]
}

// has reports whether id is an entity of the table, recording it as
// missing when the partial registry does not hold it.
func (r *Registry) has(id int64) bool {
	if id < 1 || id > r.maxID {
		return false
	}
	if r.ents[id] == nil {
		r.missIDs[id] = true
		return false
	}
	return true
}

// lookup returns the ids filed under an index key: the first maxIDs by
// id, since a name shared by more entities than that is no evidence
// anyway.
func (r *Registry) lookup(kind, key string) []int64 {
	k := kind + key
	if r.rec != nil {
		r.rec[k] = true
	}
	if _, ok := r.covered[k]; r.partial && !ok {
		r.missing[k] = true
	}
	ids := r.idx[k]
	if len(ids) > maxIDs {
		ids = ids[:maxIDs]
	}
	return ids
}

// Lookup returns the ids of the canonical entities that a name is written
// as (normalised forms, acronyms), most mentioned first.
func (r *Registry) Lookup(name string) []int64 {
	n := Normalize(name)
	ids := append([]int64(nil), r.lookup(kindNorm, n)...)
	ids = append(ids, r.lookup(kindInitials, n)...)
	ids = dedupeIDs(ids)
	sort.SliceStable(ids, func(i, j int) bool { return r.Get(ids[i]).Articles > r.Get(ids[j]).Articles })
	return ids
}

// refresh files a held entity under the keys of its current type and
// forms, and under no other.
func (r *Registry) refresh(c *Canonical) {
	set := map[string]bool{}
	for _, a := range c.Aliases {
		aliasKeys(c.Type, a.Text, func(kind, k string) { set[kind+k] = true })
	}
	keys := make([]string, 0, len(set))
	for k := range set {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	old := r.keys[c.ID]
	if slicesEqual(old, keys) {
		return
	}
	for _, k := range old {
		if !set[k] {
			r.unfile(k, c.ID)
		}
	}
	for _, k := range keys {
		r.file(k, c.ID)
	}
	r.keys[c.ID] = keys
}

func slicesEqual(a, b []string) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

// file adds id to an index entry, keeping it in id order.
func (r *Registry) file(k string, id int64) {
	ids := r.idx[k]
	i := sort.Search(len(ids), func(i int) bool { return ids[i] >= id })
	if i < len(ids) && ids[i] == id {
		return
	}
	ids = append(ids, 0)
	copy(ids[i+1:], ids[i:])
	ids[i] = id
	r.idx[k] = ids
}

// unfile removes id from an index entry.
func (r *Registry) unfile(k string, id int64) {
	ids := r.idx[k]
	i := sort.Search(len(ids), func(i int) bool { return ids[i] >= id })
	if i == len(ids) || ids[i] != id {
		return
	}
	if slack, ok := r.covered[k]; ok && slack != complete {
		// The next entity by id, now among the first maxIDs, is held
		// only while slack lasts.
		if slack == 0 {
			delete(r.covered, k)
		} else {
			r.covered[k] = slack - 1
		}
	}
	ids = append(ids[:i:i], ids[i+1:]...)
	if len(ids) == 0 {
		delete(r.idx, k)
	} else {
		r.idx[k] = ids
	}
}

// aliasKeys calls at with each index kind and key a form of an entity of
// type typ is filed under.
func aliasKeys(typ, alias string, at func(kind, k string)) {
	n := Normalize(alias)
	if n == "" {
		return
	}
	at(kindNorm, n)
	ws := nameWords(n)
	if typ == "PER" {
		if s := surname(stripParticles(ws)); s != "" {
			at(kindSurname, PhoneticKey(s))
		}
		return
	}
	if k := phraseKey(ws); len(k) >= 5 {
		at(kindPhon, k)
	}
	if core, _ := countryPrefix(ws); core != "" {
		at(kindCore, core)
	}
	if !isAcronym(alias) {
		for _, acr := range Initials(alias) {
			at(kindInitials, acr)
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

// maxIDs caps what a lookup of an index key returns: a name shared by more
// entities than this is no evidence anyway.
const maxIDs = 64

// FetchLimit is how many of the entities filed under one index key (the
// smallest ids) a partial registry reads back to cover it: twice the
// maxIDs a lookup reads, so that held entities can lose the key (a
// revision, a new type) while the next ones are held too.
const FetchLimit = 2 * maxIDs

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
// date-time; may be empty). Each version of an article should be added
// once: to replace a stored version, Remove it first.
func (r *Registry) Add(articleID int64, date string, ents []Entity) []int64 {
	ids := r.link0(ents, false)
	pairs := shortPairs(ents)
	for i, j := range pairs {
		// Attested across the corpus: the acronym joins the name here.
		if ids[j] > 0 && r.Get(ids[j]).shortCount(acronymOf(&ents[i]))+1 >= attestArticles {
			ids[i] = ids[j]
		}
	}
	day := dateOf(date)
	seen := map[int64]bool{}
	for i := range ents {
		if ids[i] == 0 {
			ids[i] = r.create(&ents[i])
		}
		r.update(ids[i], articleID, day, &ents[i], !seen[ids[i]])
		seen[ids[i]] = true
	}
	for i, j := range pairs {
		addShort(r.Get(ids[j]), acronymOf(&ents[i]), 1)
	}
	r.link(ids, 1)
	return ids
}

// link0 matches the entities of one article to canonical ids (0 for none).
// With given, an entity's ID, when it is a valid id, is taken as is.
func (r *Registry) link0(ents []Entity, given bool) []int64 {
	ids := make([]int64, len(ents))
	if given {
		for i := range ents {
			if r.has(ents[i].ID) {
				ids[i] = ents[i].ID
			}
		}
	}
	// Names that identify by themselves first, so that short forms can be
	// resolved against the entities of the same article.
	for i := range ents {
		if ids[i] == 0 && !surnameOnly(&ents[i]) {
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
		if ids[i] == 0 && surnameOnly(&ents[i]) {
			ids[i] = r.match(&ents[i], ctx)
		}
	}
	return ids
}

// Remove takes back what Add(articleID, date, ents) added, so that a
// revised article can be added again without being counted twice: ents
// are the old version's entities as they were added, with ID set to the
// ids Add returned where the caller kept them (else they are matched
// again, as Add matched them). It decrements the article, type, alias,
// role, acronym and co-occurrence counts, drops forms no article uses any
// more, and returns the ids of the canonical entities whose records
// changed, for the caller to rewrite. Entities keep their ids (an entity
// left with no article stays, with Articles 0) and their first and last
// dates and articles: those are bounds over all articles ever added, which
// the registry cannot narrow without keeping every article's dates, and a
// revision rarely moves them.
func (r *Registry) Remove(articleID int64, ents []Entity) []int64 {
	ids := r.link0(ents, true)
	pairs := shortPairs(ents)
	for i, j := range pairs {
		if ents[i].ID == 0 && ids[j] > 0 && r.Get(ids[j]).shortCount(acronymOf(&ents[i])) >= attestArticles {
			ids[i] = ids[j]
		}
	}
	seen := map[int64]bool{}
	var changed []int64
	for i := range ents {
		if ids[i] == 0 {
			continue
		}
		r.retract(ids[i], &ents[i], !seen[ids[i]])
		if !seen[ids[i]] {
			seen[ids[i]] = true
			changed = append(changed, ids[i])
		}
	}
	for i, j := range pairs {
		if ids[j] > 0 {
			addShort(r.Get(ids[j]), acronymOf(&ents[i]), -1)
		}
	}
	var kept []int64
	for _, id := range ids {
		if id > 0 {
			kept = append(kept, id)
		}
	}
	r.link(kept, -1)
	return changed
}

// shortPairs finds the article's acronyms written apart from the one name
// whose initials they spell: acronym entity index -> name entity index.
// Acronyms in the gazetteer are left to it, and an acronym that
// spells two of the article's names is no evidence for either.
func shortPairs(ents []Entity) map[int]int {
	var pairs map[int]int
	for i := range ents {
		acr := acronymOf(&ents[i])
		if acr == "" || ents[i].Type == "PER" {
			continue
		}
		if _, ok := gazetteer(acr); ok {
			continue
		}
		j := -1
		for k := range ents {
			if k == i || ents[k].Type == "PER" || !spells(&ents[k], acr) {
				continue
			}
			if j >= 0 {
				j = -2
				break
			}
			j = k
		}
		if j >= 0 {
			if pairs == nil {
				pairs = map[int]int{}
			}
			pairs[i] = j
		}
	}
	return pairs
}

// acronymOf returns the normalised acronym an entity is written as when it
// is written as nothing else, or "".
func acronymOf(e *Entity) string {
	acr := ""
	for _, a := range e.Aliases {
		n := Normalize(a.Text)
		if !isAcronym(a.Text) || acr != "" && n != acr {
			return ""
		}
		acr = n
	}
	return acr
}

// spells reports whether one of an entity's multi-word names has acr for
// initials.
func spells(e *Entity, acr string) bool {
	for _, a := range e.Aliases {
		if isAcronym(a.Text) {
			continue
		}
		for _, x := range Initials(a.Text) {
			if x == acr {
				return true
			}
		}
	}
	return false
}

// shortCount returns the articles that wrote acr apart from the entity.
func (c *Canonical) shortCount(acr string) int {
	for _, a := range c.Shorts {
		if Normalize(a.Text) == acr {
			return a.Count
		}
	}
	return 0
}

// addShort adds n (negative to take back) to the articles that wrote acr
// apart from the entity.
func addShort(c *Canonical, acr string, n int) {
	if n > 0 {
		addCount(&c.Shorts, acr, n)
	} else {
		subCount(&c.Shorts, acr, -n)
	}
	sortAliases(c.Shorts)
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
			for _, id := range r.lookup(kindSurname, k) {
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
			if isAcronym(a.Text) {
				r.matchAcronym(e, a.Text, n, consider)
			} else {
				for _, id := range r.lookup(kindNorm, n) {
					if r.Get(id).Type != "PER" {
						consider(id, 3)
					}
				}
				// The name's initials may be another entity's acronym:
				// only the gazetteer links them unstated ("United States",
				// "US"; "United Nations", "UN").
				name, _ := gazetteer(n)
				for _, acr := range Initials(a.Text) {
					place, ok := gazetteer(acr)
					if !ok || place != name {
						continue
					}
					for _, id := range r.lookup(kindNorm, acr) {
						if c := r.Get(id); c.Type != "PER" && c.hasAcronym(acr) && c.placeOf() == place {
							consider(id, 2)
						}
					}
				}
				ws := nameWords(n)
				if core, country := countryPrefix(ws); core != "" {
					// "US State Department" → "State Department"
					for _, id := range append(append([]int64(nil), r.lookup(kindNorm, core)...), r.lookup(kindCore, core)...) {
						if c := r.Get(id); c.Type != "PER" && c.countriesAgree(country) {
							consider(id, 2)
						}
					}
				} else if len(ws) >= 2 {
					// "State Department" → "US State Department"
					for _, id := range r.lookup(kindCore, n) {
						if r.Get(id).Type != "PER" {
							consider(id, 2)
						}
					}
				}
				if k := phraseKey(ws); len(k) >= 5 {
					for _, id := range r.lookup(kindPhon, k) {
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
		case x.LastSeen != b.LastSeen:
			if x.LastSeen < b.LastSeen {
				continue
			}
		case c.id > best.id:
			// The older entity: what the candidates' order (a map's,
			// for a person's keys) must not decide.
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

// matchAcronym considers the canonical entities an article entity's
// acronym alias (acr, normalised n) may link it to. An entity that also
// has a name is linked by its name: its acronym joins only a canonical
// entity known by that acronym alone, unless the gazetteer puts the two
// apart. An entity written as the acronym alone joins those written so,
// the country the gazetteer names first; names that merely spell it only
// when the gazetteer or attestArticles articles attest the pair.
func (r *Registry) matchAcronym(e *Entity, acr, n string, consider func(int64, int)) {
	place, isPlace := gazetteer(n)
	named := false
	for _, a := range e.Aliases {
		named = named || !isAcronym(a.Text)
	}
	for _, id := range r.lookup(kindNorm, n) {
		c := r.Get(id)
		if c.Type == "PER" {
			continue
		}
		cp := c.placeOf()
		switch {
		case named:
			if c.named() || isPlace && cp != entityPlace(e) {
				continue
			}
			consider(id, 2)
		case isPlace && cp != place:
			consider(id, 1) // stated elsewhere for another name
		default:
			consider(id, 3)
		}
	}
	if named {
		return
	}
	for _, id := range r.lookup(kindInitials, n) {
		c := r.Get(id)
		if c.Type == "PER" {
			continue
		}
		if isPlace && c.placeOf() == place || c.shortCount(n) >= attestArticles {
			consider(id, 2)
		}
	}
}

// named reports whether the entity is known by a form other than an
// acronym.
func (c *Canonical) named() bool {
	for _, a := range c.Aliases {
		if !isAcronym(a.Text) {
			return true
		}
	}
	return false
}

// placeOf returns the country or organisation the gazetteer takes the
// entity for: by its names, else by its acronyms; "" for none.
func (c *Canonical) placeOf() string {
	return placeOfAliases(c.Aliases)
}

func entityPlace(e *Entity) string { return placeOfAliases(e.Aliases) }

func placeOfAliases(as []Alias) string {
	named := false
	for _, a := range as {
		if !isAcronym(a.Text) {
			named = true
			if p, ok := gazetteer(Normalize(a.Text)); ok {
				return p
			}
		}
	}
	if named {
		return "" // a name not in the gazetteer: its acronym is no guide
	}
	for _, a := range as {
		if p, ok := gazetteer(Normalize(a.Text)); ok {
			return p
		}
	}
	return ""
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
	r.maxID++
	id := r.maxID
	r.ents[id] = &Canonical{ID: id, Name: e.Name, Type: e.Type, Types: map[string]int{}}
	return id
}

// update adds an article entity's evidence to canonical entity id; first
// is whether it is the article's first entity linked to id, which counts
// the article.
func (r *Registry) update(id, articleID int64, day string, e *Entity, first bool) {
	c := r.Get(id)
	if c.Types == nil {
		c.Types = map[string]int{}
	}
	c.Types[e.Type]++
	refile := false // a new form or type: new index keys
	for _, a := range e.Aliases {
		refile = addCount(&c.Aliases, a.Text, a.Count) || refile
	}
	for _, ro := range e.Roles {
		addCount(&c.Roles, ro, 1)
	}
	sortAliases(c.Aliases)
	sortAliases(c.Roles)
	if first {
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
	}
	refile = r.retype(c) || refile
	c.Name = canonicalName(c.Aliases)
	if refile || r.keys[id] == nil {
		r.refresh(c)
	}
}

// retract takes an article entity's evidence back from canonical entity
// id (see update). Forms no article uses any more are dropped from the
// entity and the indexes.
func (r *Registry) retract(id int64, e *Entity, first bool) {
	c := r.Get(id)
	if c.Types != nil {
		if c.Types[e.Type]--; c.Types[e.Type] <= 0 {
			delete(c.Types, e.Type)
		}
	}
	refile := false // a form dropped or a new type: other index keys
	for _, a := range e.Aliases {
		refile = subCount(&c.Aliases, a.Text, a.Count) || refile
	}
	for _, ro := range e.Roles {
		subCount(&c.Roles, ro, 1)
	}
	sortAliases(c.Aliases)
	sortAliases(c.Roles)
	if first && c.Articles > 0 {
		c.Articles--
	}
	refile = r.retype(c) || refile
	if len(c.Aliases) > 0 {
		c.Name = canonicalName(c.Aliases) // else the row keeps its last name
	}
	if refile {
		r.refresh(c)
	}
}

// retype sets the entity's type to the one most of its article entities
// had, and reports whether it changed (the caller refiles its forms).
func (r *Registry) retype(c *Canonical) bool {
	best, bv := c.Type, -1
	for t, v := range c.Types {
		if v > bv || v == bv && typeRank[t] > typeRank[best] {
			best, bv = t, v
		}
	}
	changed := best != c.Type
	c.Type = best
	return changed
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
		// Bounded memory: forms beyond the cap are not kept.
		return false
	}
	*as = append(*as, Alias{Text: s, Count: n})
	return true
}

// subCount takes n uses of a form back, dropping the form at zero; it
// reports whether the form was dropped.
func subCount(as *[]Alias, s string, n int) bool {
	k := Normalize(s)
	for i := range *as {
		if Normalize((*as)[i].Text) == k {
			if (*as)[i].Count -= n; (*as)[i].Count > 0 {
				return false
			}
			*as = append((*as)[:i], (*as)[i+1:]...)
			return true
		}
	}
	return false
}

func sortAliases(as []Alias) {
	sort.SliceStable(as, func(i, j int) bool {
		if as[i].Count != as[j].Count {
			return as[i].Count > as[j].Count
		}
		return as[i].Text < as[j].Text
	})
}

// link adds delta (1, or -1 to take an article back) to the co-occurrence
// counts of the article's entities, dropping links at zero.
func (r *Registry) link(ids []int64, delta int) {
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
					c.Context[k].Count += delta
					if c.Context[k].Count <= 0 {
						c.Context = append(c.Context[:k], c.Context[k+1:]...)
					}
					found = true
					break
				}
			}
			if !found && delta > 0 {
				c.Context = append(c.Context, Link{ID: b, Count: delta})
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
