package cluster

import (
	"math"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"
)

// noDay marks a Doc without a usable publication date.
const noDay = math.MinInt32

// maxDocTerms caps a document's content vector (top terms by weight), which
// bounds both memory per event and the cost of one similarity.
const maxDocTerms = 96

// maxDocEntities caps a document's entity vector.
const maxDocEntities = 40

// maxDocNumbers caps the numbers among a document's names.
const maxDocNumbers = 8

// features is what the clusterer keeps of a Doc while placing it.
type features struct {
	content vec               // stemmed words and numbers, raw weights, unit length
	ents    vec               // entity keys (single names and phrases), unit length
	lead    vec               // names of the headline and the lead only, unit length
	title   vec               // title words, unit length
	labels  map[uint32]string // while analysing; then the kept ones in keep
	keep    labelSet
	day     int32 // days since 1970-01-01, noDay when unknown
	title_  string
	words   []string // normalised body words for shingling
	outlet  string
	all     []uint32 // every distinct feature, for document frequencies
	// actors are the entity keys of people and organisations (tagged PER
	// or ORG, or quoted): who acts in a story, as opposed to where.
	actors []uint32
	// recalls are the months and years the text names before its own
	// month: an article that recalls when an older happening took place
	// is a follow-up of it, not a repeat.
	recalls []span
}

// analyzer turns Docs into features; it holds only configuration.
type analyzer struct {
	cfg *Config
}

// hashString is FNV-1a, 64 bit: fast, allocation free and stable across
// runs, so that saved state stays valid.
func hashString(s string) uint64 {
	h := uint64(14695981039346656037)
	for i := 0; i < len(s); i++ {
		h ^= uint64(s[i])
		h *= 1099511628211
	}
	return h
}

// termHash folds a feature name to the 32-bit id used in vectors. Rare
// collisions between unrelated terms only add a little noise.
func termHash(s string) uint32 {
	h := hashString(s)
	return uint32(h ^ h>>32)
}

// Numbers among the names live in a reserved range of keys, so that the
// storyline code can leave them out: an event's figures tell it from a
// sibling, but the next event of the same story has figures of its own. A
// name hashed into the range (one in 4,096) is taken for a number there.
const (
	numKeyBase    = 0x4e000000
	numKeyBuckets = 1 << 20
)

// numberNameKey is the name-vector key of a number ("#5.6").
func numberNameKey(k string) uint32 { return numKeyBase + termHash(k)%numKeyBuckets }

// isNumberName reports whether a name-vector key is a number's.
func isNumberName(h uint32) bool { return h-numKeyBase < numKeyBuckets }

// parseDay reads an RFC 3339 date or date-time and returns days since the
// Unix epoch, or noDay.
func parseDay(s string) int32 {
	s = strings.TrimSpace(s)
	if len(s) < 10 {
		return noDay
	}
	t, err := time.Parse("2006-01-02", s[:10])
	if err != nil {
		return noDay
	}
	return int32(t.Unix() / 86400)
}

// deriveTitle picks a headline for a Doc without one: its first line when
// that is short enough to be one, else the start of its first sentence.
func deriveTitle(text string) string {
	text = truncateUTF8(text, 4096)
	for _, line := range strings.Split(text, "\n") {
		line = strings.TrimSpace(line)
		if line == "" {
			continue
		}
		n := len(strings.Fields(line))
		if n >= 3 && len(line) <= 200 && !dateOnly(line) {
			return line
		}
		if dateOnly(line) {
			continue
		}
		if n < 3 {
			continue
		}
		if i := strings.IndexAny(line, ".!?"); i > 20 {
			line = line[:i]
		}
		return truncateUTF8(line, 200)
	}
	return ""
}

// titleCaseLines tells, per line, whether capitalisation there is no
// evidence of a name: in a headline set in title case or capitals it is
// not.
func titleCaseLines(ws []word, isStop func(string) bool, nounCaps bool) map[int]bool {
	type st struct{ n, caps int }
	stats := map[int]*st{}
	for _, w := range ws {
		if w.num || isStop(w.lower) && !w.cap {
			continue
		}
		s := stats[w.line]
		if s == nil {
			s = &st{}
			stats[w.line] = s
		}
		s.n++
		if w.cap {
			s.caps++
		}
	}
	out := map[int]bool{}
	for line, s := range stats {
		// Where every noun is capitalised, running text passes the 70%
		// mark; only a line of capitals throughout is set in title case.
		if nounCaps && s.caps < s.n {
			continue
		}
		if s.n >= 2 && float64(s.caps) >= 0.7*float64(s.n) {
			out[line] = true
		}
	}
	return out
}

// urlWords returns the words of a URL's path (slug words), which restate the
// headline, and nothing for hosts or query strings.
func urlWords(raw string) string {
	if raw == "" {
		return ""
	}
	u, err := url.Parse(truncateUTF8(raw, 2048))
	if err != nil {
		return ""
	}
	p := u.Path
	var b strings.Builder
	for _, part := range strings.FieldsFunc(p, func(r rune) bool {
		return r == '/' || r == '-' || r == '_' || r == '.' || r == '+'
	}) {
		letters := 0
		for _, r := range part {
			if r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' {
				letters++
			}
		}
		// Only real words: ids, hashes and file extensions are noise.
		if letters != len(part) || len(part) < 3 || len(part) > 20 {
			if isYear(part) {
				b.WriteString(part)
				b.WriteByte(' ')
			}
			continue
		}
		switch strings.ToLower(part) {
		case "html", "htm", "php", "asp", "aspx", "jsp", "shtml", "story", "news", "article", "articles", "index":
			continue
		}
		b.WriteString(strings.ToLower(part))
		b.WriteByte(' ')
	}
	return b.String()
}

// analyze computes a Doc's features.
func (a *analyzer) analyze(d *Doc) *features {
	cfg := a.cfg
	f := &features{day: parseDay(d.Published), labels: map[uint32]string{}, outlet: d.Outlet}
	title := strings.TrimSpace(d.Title)
	if title == "" {
		title = deriveTitle(d.Text)
	}
	f.title_ = truncateUTF8(title, 300)

	body := tokenize(d.Text)
	f.words = shingleWords(headlineless(body, strings.TrimSpace(d.Title) == ""))
	var tw []word
	if strings.TrimSpace(d.Title) != "" {
		tw = tokenize(f.title_)
	}
	// Function words of the article's own language count as English ones
	// do; where every noun is capitalised, a capital names no one alone.
	foreign := languageStopwords(d.Language)
	isStop := func(w string) bool { return stopwords[w] || foreign[w] }
	nounCaps := nounCapitalising(d.Language)
	bodyTC := titleCaseLines(body, isStop, nounCaps)
	titleTC := titleCaseLines(tw, isStop, nounCaps)

	// Words written capitalised where capitalisation means something.
	capSeen := map[string]bool{}
	for _, w := range body {
		if w.cap && !w.initial && !bodyTC[w.line] {
			capSeen[w.lower] = true
		}
	}
	isEntity := func(w word, tc bool) bool {
		if w.num || len(w.lower) < 2 || isStop(w.lower) && !w.acronym || generic[w.lower] {
			return false
		}
		if w.acronym && !tc {
			return true
		}
		if !w.cap {
			return false
		}
		if !w.initial && !tc {
			return true
		}
		return capSeen[w.lower]
	}

	content := map[uint32]float64{}
	ents := map[uint32]float64{}
	nums := map[uint32]float64{} // numbers among the names, capped apart
	titleV := map[uint32]float64{}
	// Names of the headline and the lead: who the story is about, as
	// against names only recalled further down ("succeeds the minister
	// who..."). Only the learned join model reads them.
	leadV := map[uint32]float64{}

	addWords := func(ws []word, tcLines map[int]bool, inTitle bool) {
		var run []string
		var runSurf []string
		inLead := inTitle
		flush := func(boost float64) {
			if len(run) >= 2 && len(run) <= 5 {
				key := "e:" + strings.Join(run, " ")
				h := termHash(key)
				ents[h] += boost * cfg.PhraseBoost
				if inLead {
					leadV[h]++
				}
				// Without a tagger, a name of several words ("Tara
				// Reid") stands in for an actor; places of several
				// words are the price.
				if d.Entities == nil && len(f.actors) < maxDocActors {
					f.actors = append(f.actors, h)
				}
				if _, ok := f.labels[h]; !ok {
					f.labels[h] = strings.Join(runSurf, " ")
				}
			}
			run, runSurf = run[:0], runSurf[:0]
		}
		lead := 0
		for _, w := range ws {
			boost := 1.0
			if inTitle {
				boost = cfg.TitleBoost
			} else if lead < cfg.LeadWords {
				boost = cfg.LeadBoost
				inLead = true
			} else {
				inLead = false
			}
			lead++
			if w.num {
				flush(boost)
				if k := numberKey(w.lower); k != "" {
					content[termHash(k)] += boost * cfg.NumberBoost
					if isYear(w.lower) {
						ents[termHash("y:"+w.lower)] += boost * cfg.NumberBoost
					} else if cfg.NumberNameBoost > 0 {
						nums[numberNameKey(k)] += boost * cfg.NumberNameBoost
					}
				}
				continue
			}
			tc := tcLines[w.line]
			ent := isEntity(w, tc)
			if !ent || w.breakB {
				flush(boost)
			}
			// A capitalised noun of German is no name alone, but may start
			// or continue one of several words ("Deutsche Bank"); a capital
			// inside a word ("KfW") marks a name in any language.
			single := ent && (!nounCaps || w.acronym || innerCapital(w.surface))
			if single {
				key := "e:" + w.lower
				h := termHash(key)
				ents[h] += boost
				if inLead {
					leadV[h]++
				}
				if _, ok := f.labels[h]; !ok {
					f.labels[h] = w.surface
				}
			}
			if ent {
				run = append(run, w.lower)
				runSurf = append(runSurf, w.surface)
			}
			if isStop(w.lower) && !w.acronym || len(w.lower) < 2 {
				continue
			}
			s := stem(w.lower)
			h := termHash(s)
			wb := boost
			if single {
				wb *= cfg.EntityBoost
			}
			content[h] += wb
			if _, ok := f.labels[h]; !ok {
				f.labels[h] = w.lower
			}
			if inTitle {
				titleV[h]++
			}
		}
		flush(1)
	}
	if tw != nil {
		addWords(tw, titleTC, true)
	} else if f.title_ != "" {
		// A derived title is the lead line itself: its words enter the title
		// vector but are counted once, with the body.
		for _, w := range tokenize(f.title_) {
			if w.num || isStop(w.lower) || len(w.lower) < 2 {
				continue
			}
			titleV[termHash(stem(w.lower))]++
		}
	}
	addWords(body, bodyTC, false)
	if cfg.RecallYears > 0 {
		f.recalls = recallSpans(body, f.day)
	}
	if uw := urlWords(d.URL); uw != "" {
		for _, w := range tokenize(uw) {
			if w.num {
				if isYear(w.lower) {
					content[termHash("#"+w.lower)] += cfg.NumberBoost
				}
				continue
			}
			if isStop(w.lower) || len(w.lower) < 3 {
				continue
			}
			h := termHash(stem(w.lower))
			content[h] += cfg.URLBoost
			titleV[h] += 0.5
		}
	}
	// The year of publication, as a dateline in the text would give it:
	// extraction moves datelines into Published, and siblings a year apart
	// differ in little else.
	if f.day != noDay && cfg.PublishedYearBoost > 0 {
		y := d.Published[:4]
		if k := numberKey(y); k != "" {
			content[termHash(k)] += cfg.PublishedYearBoost
		}
		ents[termHash("y:"+y)] += cfg.PublishedYearBoost
	}
	for _, e := range d.Entities {
		// Weighted by mentions: a tagger lists each name once, and a flat
		// weight would lift a name said once above the story's subjects.
		b := cfg.TaggedBoost * float64(min(max(e.Mentions, 1), 50))
		// The corpus-wide entity id is not added as a name feature: the
		// name's words and phrase already count, and a third copy
		// over-weighted names (20 orders through ingest: mean B-cubed F1
		// 0.927 with it, 0.933 without; see EVAL.md).
		addName(ents, f.labels, e.Name, b)
		switch strings.ToUpper(e.Type) {
		case "PER", "PERSON":
			f.actors = appendActor(f.actors, e.Name, e.ID, true)
		case "ORG", "ORGANIZATION":
			f.actors = appendActor(f.actors, e.Name, e.ID, false)
		}
	}
	// A speaker counts once however often quoted: the text already repeats
	// the name, and one talkative source must not outweigh the story's
	// subjects.
	spoken := make(map[string]bool, len(d.Speakers))
	for _, s := range d.Speakers {
		if k := strings.ToLower(strings.TrimSpace(s)); !spoken[k] {
			spoken[k] = true
			addName(ents, f.labels, s, cfg.SpeakerBoost)
			f.actors = appendActor(f.actors, s, 0, true)
		}
	}

	seen := make(map[uint32]struct{}, len(content)+len(ents))
	for _, m := range []map[uint32]float64{content, ents, titleV, nums} {
		for h := range m {
			if _, ok := seen[h]; !ok {
				seen[h] = struct{}{}
				f.all = append(f.all, h)
			}
		}
	}
	// Each actor counts once per article.
	slices.Sort(f.actors)
	f.actors = compactKeys(f.actors)
	// Actor keys are counted in the document frequencies too, to tell hub
	// actors (see hub); an organisation's key is often its name's.
	for _, h := range f.actors {
		if _, ok := seen[h]; !ok {
			seen[h] = struct{}{}
			f.all = append(f.all, h)
		}
	}
	f.content = toVec(content, maxDocTerms, true)
	// An article that names no one has no name vector: its years and
	// figures alone would make any two reports of one year look alike.
	named := false
	for h := range ents {
		if !yearKeys[h] {
			named = true
			break
		}
	}
	if named {
		// Figures get their own few places, so that a table of numbers
		// does not crowd the names out.
		f.ents = append(toVec(ents, maxDocEntities, false), toVec(nums, maxDocNumbers, false)...)
		f.ents.sortByHash()
		f.ents.normalize()
	}
	f.title = toVec(titleV, 32, true)
	f.lead = toVec(leadV, maxDocEntities, true)
	// Keep display labels only for the heaviest features.
	var phraseOf map[string]uint32
	for vi, v := range []vec{f.ents, f.content} {
		for i, t := range v.byWeight() {
			if i >= maxLabels/2 {
				break
			}
			l, ok := f.labels[t.h]
			if !ok {
				continue
			}
			f.keep.add(t.h, l)
			// A word of a longer name ("Angeles") keeps that name's label
			// too, so that key names can show "Los Angeles" for it.
			if vi == 0 && !strings.Contains(l, " ") {
				if phraseOf == nil {
					phraseOf = phraseLabels(f.labels, ents)
				}
				if h, ok := phraseOf[strings.ToLower(l)]; ok {
					f.keep.add(h, f.labels[h])
				}
			}
		}
	}
	f.labels = nil
	return f
}

// phraseLabels maps each word of a multi-word name label to the heaviest
// such name (by its weight in ents).
func phraseLabels(labels map[uint32]string, ents map[uint32]float64) map[string]uint32 {
	best := map[string]uint32{}
	for h, l := range labels {
		if !strings.Contains(l, " ") || ents[h] == 0 {
			continue
		}
		for _, w := range strings.Fields(strings.ToLower(l)) {
			if o, ok := best[w]; !ok || ents[h] > ents[o] || ents[h] == ents[o] && h < o {
				best[w] = h
			}
		}
	}
	return best
}

// addName adds a name given by a tagger or a quote: each of its words and,
// for several words, the whole phrase.
func addName(ents map[uint32]float64, labels map[uint32]string, name string, boost float64) {
	ws := tokenize(truncateUTF8(name, 200))
	var parts []string
	for _, w := range ws {
		if w.num || stopwords[w.lower] && !w.acronym || generic[w.lower] {
			continue
		}
		parts = append(parts, w.lower)
		h := termHash("e:" + w.lower)
		ents[h] += boost
		if _, ok := labels[h]; !ok {
			labels[h] = w.surface
		}
	}
	if len(parts) >= 2 && len(parts) <= 5 {
		h := termHash("e:" + strings.Join(parts, " "))
		ents[h] += boost
		if _, ok := labels[h]; !ok {
			labels[h] = strings.TrimSpace(name)
		}
	}
}

// maxDocActors caps the actor keys kept of one Doc.
const maxDocActors = 64

// appendActor adds the key an actor is recognised by elsewhere: for a
// person the surname (spelling folded), which the full name would only
// repeat and which quoted speakers (never resolved) share; for an
// organisation its corpus-wide id when it has one (its aliases share it),
// else its whole name (a word of it would be a generic head, "Ministry").
// One key per actor, so that counting shared keys counts shared actors: a
// victim named in full by the follow-ups of another story is one actor,
// not three.
func appendActor(keys []uint32, name string, id int64, person bool) []uint32 {
	if len(keys) >= maxDocActors {
		return keys
	}
	var parts []string
	for _, w := range tokenize(truncateUTF8(name, 200)) {
		if w.num || stopwords[w.lower] && !w.acronym || generic[w.lower] {
			continue
		}
		parts = append(parts, w.lower)
	}
	switch {
	case len(parts) == 0:
	case person:
		keys = append(keys, termHash("s:"+foldSpelling(parts[len(parts)-1])))
	case id > 0:
		keys = append(keys, termHash("id:"+strconv.FormatInt(id, 10)))
	case len(parts) <= 5:
		keys = append(keys, termHash("e:"+strings.Join(parts, " ")))
	}
	return keys
}

// compactKeys drops repeats from sorted keys, in place.
func compactKeys(ks []uint32) []uint32 {
	out := ks[:0]
	for i, h := range ks {
		if i == 0 || h != ks[i-1] {
			out = append(out, h)
		}
	}
	return out
}

// foldSpelling folds the usual variants of a transliterated name
// ("Lavrentiev", "Lavrentyev"; "Tchaikovsky", "Chaikovskiy") to one key:
// y as i, "tch" as "ch", doubled letters once (so "-skiy" is "-ski").
func foldSpelling(s string) string {
	s = strings.ReplaceAll(s, "y", "i")
	s = strings.ReplaceAll(s, "tch", "ch")
	var b strings.Builder
	var prev rune
	for _, r := range s {
		if r != prev {
			b.WriteRune(r)
		}
		prev = r
	}
	return b.String()
}

// toVec turns accumulated counts into a sparse vector of sublinear weights
// (1 + ln tf), keeps the k heaviest and, when unit, scales to length 1.
func toVec(m map[uint32]float64, k int, unit bool) vec {
	v := make(vec, 0, len(m))
	for h, c := range m {
		if c <= 0 {
			continue
		}
		w := c
		if c > 1 {
			w = 1 + math.Log(c)
		}
		v = append(v, term{h: h, w: float32(w)})
	}
	if len(v) > k {
		slices.SortFunc(v, byWeightDesc)
		v = v[:k]
	}
	v.sortByHash()
	if unit {
		v.normalize()
	}
	return v
}

// span is a range of months (year*12 + month-1), both ends included.
type span struct{ lo, hi int32 }

// maxRecalls caps the recalled months and years kept per article.
const maxRecalls = 8

func monthIndex(day int32) int32 {
	t := time.Unix(int64(day)*86400, 0).UTC()
	return int32(t.Year()*12 + int(t.Month()) - 1)
}

// addRecall notes a span the text names, unless it reaches the article's
// own month (naming the present recalls nothing).
func addRecall(rs []span, r span, own int32) []span {
	if len(rs) >= maxRecalls || r.hi >= own {
		return rs
	}
	for _, x := range rs {
		if x == r {
			return rs
		}
	}
	return append(rs, r)
}

// recallSpans finds the past months and years a dated text names: a year
// ("the 2005 murder"), a month with its year ("June 2005", "June 24,
// 2005"), or a month alone ("in March", "on March 3"), taken as the latest
// such month not after the article's.
func recallSpans(ws []word, day int32) []span {
	if day == noDay {
		return nil
	}
	own := monthIndex(day)
	var out []span
	for i, w := range ws {
		if w.num {
			if isYear(w.lower) {
				y, _ := strconv.Atoi(w.lower)
				// A year right after a month was counted with it.
				if i > 0 && (isMonthWord(ws[i-1]) || i > 1 && ws[i-1].num && isMonthWord(ws[i-2])) {
					continue
				}
				out = addRecall(out, span{int32(y * 12), int32(y*12 + 11)}, own)
			}
			continue
		}
		// "last month", "last year", "earlier this year".
		if i > 0 && (ws[i-1].lower == "last" || ws[i-1].lower == "this" && i > 1 && ws[i-2].lower == "earlier") {
			switch {
			case w.lower == "month" && ws[i-1].lower == "last":
				out = addRecall(out, span{own - 1, own - 1}, own)
			case w.lower == "year" && ws[i-1].lower == "last":
				y := own / 12
				out = addRecall(out, span{(y - 1) * 12, (y-1)*12 + 11}, own)
			case w.lower == "year":
				if own%12 > 0 {
					out = addRecall(out, span{own / 12 * 12, own - 1}, own)
				}
			}
			continue
		}
		// "a year ago", "two years ago", "six months ago".
		if w.lower == "ago" && i > 1 {
			if n := countWord(ws[i-2]); n > 0 {
				switch ws[i-1].lower {
				case "year", "years":
					y := own/12 - int32(n)
					out = addRecall(out, span{y * 12, y*12 + 11}, own)
				case "month", "months":
					out = addRecall(out, span{own - int32(n), own - int32(n)}, own)
				}
			}
			continue
		}
		if !isMonthWord(w) {
			continue
		}
		m := int32(months[w.lower] - 1)
		// The year that follows ("June 2005", "June 24, 2005"), if any.
		year := int32(-1)
		for k := i + 1; k < len(ws) && k <= i+2 && ws[k].num && ws[k].line == w.line; k++ {
			if isYear(ws[k].lower) {
				y, _ := strconv.Atoi(ws[k].lower)
				year = int32(y)
				break
			}
		}
		if year < 0 {
			// A month alone needs a day after it or "in" before it to be a
			// date ("may", "march" are verbs too).
			dayNext := i+1 < len(ws) && ws[i+1].num && len(ws[i+1].lower) <= 4
			inBefore := i > 0 && ws[i-1].lower == "in"
			if !dayNext && !inBefore {
				continue
			}
			idx := own/12*12 + m
			if idx > own {
				idx -= 12
			}
			out = addRecall(out, span{idx, idx}, own)
			continue
		}
		out = addRecall(out, span{year*12 + m, year*12 + m}, own)
	}
	return out
}

func isMonthWord(w word) bool {
	_, ok := months[w.lower]
	return ok && w.cap && len(w.lower) >= 3
}

var months = map[string]int{"january": 1, "jan": 1, "february": 2, "feb": 2, "march": 3, "mar": 3,
	"april": 4, "apr": 4, "may": 5, "june": 6, "jun": 6, "july": 7, "jul": 7, "august": 8, "aug": 8,
	"september": 9, "sep": 9, "sept": 9, "october": 10, "oct": 10, "november": 11, "nov": 11,
	"december": 12, "dec": 12}

// headlineless drops, from a text given without a headline, the words of
// its first line of three words or more that is not only a date, when that
// line is short enough to be the headline (at most 15 words, more lines
// after it): a copy with a
// new headline is still a copy, as it is when extraction has put the
// headline in Doc.Title.
func headlineless(ws []word, derived bool) []word {
	if !derived || len(ws) == 0 {
		return ws
	}
	for i := 0; i < len(ws); {
		j := i
		for j < len(ws) && ws[j].line == ws[i].line {
			j++
		}
		if n := j - i; n >= 3 && !dateOnlyWords(ws[i:j]) {
			if n <= 15 && j < len(ws) {
				out := make([]word, 0, len(ws)-n)
				out = append(out, ws[:i]...)
				return append(out, ws[j:]...)
			}
			return ws
		}
		i = j
	}
	return ws
}

// dateOnly reports whether a line is only a date or time ("April 28, 2009",
// "Posted 11/27/2005 7:21 AM"): a dateline, not a headline.
func dateOnly(line string) bool {
	return dateOnlyWords(tokenize(line))
}

func dateOnlyWords(ws []word) bool {
	for _, w := range ws {
		if w.num || months[w.lower] > 0 || weekdays[w.lower] || dateWords[w.lower] {
			continue
		}
		return false
	}
	return true
}

var weekdays = map[string]bool{"monday": true, "tuesday": true, "wednesday": true, "thursday": true,
	"friday": true, "saturday": true, "sunday": true, "mon": true, "tue": true, "wed": true,
	"thu": true, "fri": true, "sat": true, "sun": true}

var dateWords = map[string]bool{"am": true, "pm": true, "a.m": true, "p.m": true, "gmt": true,
	"utc": true, "est": true, "edt": true, "pst": true, "pdt": true, "ist": true, "bst": true,
	"cet": true, "et": true, "pt": true, "posted": true, "updated": true, "published": true,
	"last": true, "on": true, "at": true, "of": true, "th": true, "st": true, "nd": true, "rd": true}

// countWord reads a small count written as a word or digits ("a", "two",
// "3"); 0 when it is none.
func countWord(w word) int {
	if n, ok := countWords[w.lower]; ok {
		return n
	}
	if n, err := strconv.Atoi(w.lower); err == nil && n > 0 && n <= 50 {
		return n
	}
	return 0
}

var countWords = map[string]int{"a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4,
	"five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10}
