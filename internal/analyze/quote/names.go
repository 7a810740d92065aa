package quote

import (
	_ "embed"
	"sort"
	"strings"

	"github.com/storyline-news/storyline/internal/analyze/text"
)

// ment is a name mention at token level.
type ment struct {
	a, b int    // tokens, inclusive
	typ  string // PER, ORG, LOC, MISC, or "" when unknown
	ent  int    // entity, -1 none
}

// Word lists for names, titles and roles. They describe English news usage
// in general; none is tuned to an article.
var (
	// titleWords precede a person's name as part of a title or role
	// ("Foreign Ministry Spokeswoman Maria Zakharova", "Sen. Ted Cruz").
	titleWords = set(`mr. mrs. ms. miss dr. prof. professor sir dame lord lady president presidents vice secretary
		minister prime deputy foreign defense defence interior finance spokesman spokeswoman spokesperson envoy
		ambassador general gen. lt. col. maj. major capt. captain sgt. adm. admiral commander colonel lieutenant
		sergeant sen. senator rep. representative congressman congresswoman gov. governor mayor judge justice
		chairman chairwoman chair director chief attorney special presidential press adviser advisor aide
		official leader speaker king queen prince princess pope rev. reverend father sheikh ayatollah emir
		chancellor premier candidate nominee former acting senior top counsel commissioner sheriff inspector
		ceo executive manager strategist pollster anchor host correspondent reporter analyst economist
		democrat republican gop dem. democratic independent u.s. us uk un eu house senate white state
		first national security assistant associate principal head founder co-founder founding chairperson
		spokespeople treasury justice homeland health energy education labor commerce agriculture transportation
		sec. supt. det. insp. cmdr. gen sen rep gov mr mrs ms dr st. saint fr. jr. sr. army navy air military
		ministry department foreign-ministry campaign`)
	// roleNouns are heads of descriptions of people ("the diplomat", "a US
	// official") and of appositions ("Sarah Sanders, the press secretary").
	roleNouns = set(`spokesman spokeswoman spokesperson spokespeople envoy ambassador diplomat minister secretary
		president official officials commander general leader chairman chairwoman chair director chief
		adviser advisor aide senator governor mayor judge justice lawyer attorney analyst expert professor
		researcher economist strategist pollster editor correspondent reporter journalist member candidate
		nominee manager head founder ceo executive officer representative congressman congresswoman lawmaker
		legislator politician diplomat negotiator mediator monitor observer activist campaigner source sources
		witness resident residents soldier soldiers commissioner sheriff inspector prosecutor attorney
		counsel king queen prince princess premier chancellor emir sheikh cleric imam pope bishop priest
		pastor rabbi businessman businesswoman billionaire investor founder owner partner fellow scholar
		historian scientist doctor physician nurse teacher student spokesperson deputy vice premier host
		anchor commentator columnist writer author assistant staffer operative strategist surrogate ally
		opponent rival challenger incumbent frontrunner front-runner contender mogul magnate tycoon
		republican democrat man woman`)
	// orgWords mark a capitalised run as an organisation.
	orgWords = set(`department ministry committee commission council agency party campaign times post news
		journal network university institute association union congress senate house court bank fund forces
		army navy police office organization organisation foundation corp corp. inc inc. co. company group
		coalition pentagon kremlin administration government embassy service guard board center centre bureau
		club league federation parliament assembly command authority fbi cia nsa nato opec reuters afp ap
		interfax tass cnn bbc nbc abc cbs msnbc npr pbs airport airlines tribune herald gazette magazine daily
		radio tv television channel media watch international observatory movement front brigade brigades
		militia cabinet council ministries corporation industries institute laboratory lab school college
		hospital church mosque review monitor telegraph guardian independent express mail reporter examiner
		chronicle inquirer courier sentinel observer globe star wire press politico breitbart axios`)
	nationalities = set(`russian syrian american iranian turkish chinese israeli british french german kurdish
		iraqi saudi egyptian european ukrainian japanese korean canadian mexican palestinian lebanese jordanian
		afghan pakistani indian qatari emirati yemeni libyan african asian arab arabian western eastern
		soviet italian spanish polish dutch swedish norwegian danish finnish greek belgian swiss austrian
		australian brazilian venezuelan cuban colombian argentine chilean peruvian nigerian kenyan
		ethiopian somali sudanese algerian moroccan tunisian kazakh uzbek georgian armenian azerbaijani
		belarusian latvian lithuanian estonian serbian croatian bosnian albanian hungarian czech slovak
		romanian bulgarian moldovan irish scottish welsh english filipino indonesian malaysian thai
		vietnamese burmese bangladeshi sri nepalese north south northern southern central islamic muslim
		christian jewish sunni shiite shia alawite`)
	// places that often stand at the head of a capitalised run and are not
	// persons (countries and a few capitals, for the name heuristic only).
	places = set(`us u.s. usa u.s.a. uk u.k. america russia syria iran turkey china israel britain england
		france germany iraq egypt europe ukraine japan korea canada mexico lebanon jordan afghanistan pakistan
		india qatar yemen libya africa asia moscow washington beijing london paris damascus tehran kabul
		baghdad kiev kyiv ankara berlin brussels tokyo jerusalem cairo geneva vienna rome madrid
		italy spain poland greece sweden norway australia brazil venezuela cuba nigeria kenya ethiopia
		somalia sudan algeria morocco tunisia kazakhstan georgia armenia azerbaijan belarus serbia croatia
		hungary romania ireland scotland indonesia malaysia thailand vietnam myanmar bangladesh texas
		california florida ohio iowa virginia pennsylvania michigan wisconsin carolina nevada arizona
		colorado york jersey massachusetts illinois indiana missouri tennessee kentucky alabama georgia
		louisiana oklahoma kansas nebraska minnesota oregon utah maine vermont connecticut maryland delaware
		montana wyoming idaho dakota alaska hawaii arkansas mississippi hampshire manhattan chicago
		boston philadelphia miami atlanta seattle denver houston dallas`)
	notNames = set(`the a an this that these those he she it they we i you his her its their our my your
		but and or so if when while after before as at in on of for to from by with without into onto
		over under about against between during since until there here what which who whom whose why how
		where yes no not all some any many much more most each every both either neither other another
		such only also just even still yet however meanwhile moreover furthermore then thus therefore
		indeed instead although though because unless whereas mr mrs ms now today yesterday tomorrow
		monday tuesday wednesday thursday friday saturday sunday january february march april may june
		july august september october november december following according despite among amid
		like unlike near per via plus minus once again already always never sometimes often`)
	maleTitles   = set(`mr. mr sir lord king prince spokesman chairman congressman businessman father brother`)
	femaleTitles = set(`mrs. mrs ms. ms miss lady dame queen princess spokeswoman chairwoman congresswoman
		businesswoman sister`)
)

// nameMentions is the fallback entity finder used when no tagger output is
// given: runs of capitalised words, with titles split off, typed PER, ORG
// or LOC by word lists, titles and first names.
func nameMentions(d *doc) []Mention {
	var out []Mention
	n := len(d.toks)
	for i := 0; i < n; i++ {
		if !d.nameWord(i) {
			continue
		}
		j := i
		for j+1 < n && d.sent[j+1] == d.sent[i] {
			if d.nameWord(j + 1) {
				j++
				continue
			}
			// "Ministry of Defense", "Bashar al Assad"
			if conn := d.low[j+1]; (conn == "of" || conn == "al" || conn == "bin" || conn == "de" || conn == "van" ||
				conn == "von" || conn == "da" || conn == "del" || conn == "la" || conn == "le") && d.nameWord(j+2) {
				j += 2
				continue
			}
			break
		}
		a := i
		// a capitalised common word opening a sentence is not a name
		for a <= j && (d.sentInitial(a) && (notNames[d.low[a]] || d.lowerSeen[d.low[a]]) || notNames[d.low[a]]) {
			a++
		}
		out = append(out, d.splitRun(a, j)...)
		i = j
	}
	return out
}

// nameWord reports whether token i can be part of a name.
func (d *doc) nameWord(i int) bool {
	if i >= len(d.toks) || !d.isCap(i) {
		return false
	}
	l := d.low[i]
	if _, ok := weekdays[l]; ok {
		return false
	}
	if _, ok := months[l]; ok && l != "may" {
		return false
	}
	return l != "i" && !strings.ContainsAny(l, "0123456789")
}

// sentInitial reports whether token i opens its sentence (after opening
// quotation marks or brackets).
func (d *doc) sentInitial(i int) bool {
	k := i - 1
	for k >= 0 && d.sent[k] == d.sent[i] && (d.isQuoteMark(k) || d.toks[k].Text == "(" || d.toks[k].Text == "[") {
		k--
	}
	return k < 0 || d.sent[k] != d.sent[i] || d.toks[k].Text == ":"
}

// splitRun types the capitalised run a..b and splits a person's name from
// the titles before it.
func (d *doc) splitRun(a, b int) []Mention {
	if a > b {
		return nil
	}
	mk := func(x, y int, typ string) Mention {
		return Mention{Text: d.span(x, y), Type: typ, Start: d.toks[x].Start, End: d.toks[y].End}
	}
	// longest suffix of plain name words
	k := b
	for k >= a && !titleWords[d.low[k]] && !orgWords[d.low[k]] && !nationalities[d.low[k]] && !places[d.low[k]] {
		k--
	}
	org := false
	for x := a; x <= b; x++ {
		if orgWords[d.low[x]] {
			org = true
		}
	}
	switch {
	case k < b && k >= a && titleWords[d.low[k]] && !orgWords[d.low[b]]:
		// "Foreign Ministry Spokeswoman Maria Zakharova": title, then name
		var out []Mention
		if org {
			// the organisation part of the title: up to its last org word
			e := k
			for e >= a && !orgWords[d.low[e]] {
				e--
			}
			s := a
			for s < e && nationalities[d.low[s]] {
				s++
			}
			if e >= s {
				out = append(out, mk(s, e, "ORG"))
			}
		}
		return append(out, mk(k+1, b, "PER"))
	case org:
		s := a
		for s < b && nationalities[d.low[s]] {
			s++
		}
		return []Mention{mk(s, b, "ORG")}
	case k == b:
		// ends in a title, nationality or place word: no name
		if a == b && places[d.low[a]] {
			return []Mention{mk(a, b, "LOC")}
		}
		if a == b && nationalities[d.low[a]] {
			return []Mention{mk(a, b, "MISC")}
		}
		if places[d.low[b]] {
			return []Mention{mk(a, b, "LOC")}
		}
		return nil
	case k >= a:
		// "Russian Ivan Petrov", "Washington Post"? no org word: names after places
		if places[d.low[k]] || nationalities[d.low[k]] {
			return []Mention{mk(k+1, b, d.guessType(k+1, b))}
		}
		return []Mention{mk(k+1, b, d.guessType(k+1, b))}
	}
	if acronym(d.toks[a].Text) && a == b {
		return []Mention{mk(a, b, "ORG")}
	}
	return []Mention{mk(a, b, d.guessType(a, b))}
}

// guessType types a run of plain name words: PER when it starts with a
// known first name or has two or three words, else unknown.
func (d *doc) guessType(a, b int) string {
	if gender(d.low[a]) != 0 && a < b {
		return "PER"
	}
	if a > 0 && d.low[a-1] == "the" {
		return "" // "the Red Cross": people's names take no article
	}
	if b-a >= 1 && b-a <= 3 {
		return "PER"
	}
	return ""
}

// acronym reports whether w is an all-capitals abbreviation ("AFP", "UNSC").
func acronym(w string) bool {
	if len(w) < 2 {
		return false
	}
	for _, r := range w {
		if !(r >= 'A' && r <= 'Z' || r == '.' || r == '&') {
			return false
		}
	}
	return true
}

// setMentions maps byte-offset mentions onto tokens and types them.
func (d *doc) setMentions(ents []Mention) {
	d.mentAt = make([]int32, len(d.toks))
	for i := range d.mentAt {
		d.mentAt[i] = -1
	}
	sorted := append([]Mention(nil), ents...)
	sort.SliceStable(sorted, func(i, j int) bool { return sorted[i].Start < sorted[j].Start })
	for _, m := range sorted {
		if m.Start < 0 || m.End > len(d.src) || m.Start >= m.End {
			continue
		}
		a := sort.Search(len(d.toks), func(i int) bool { return d.toks[i].Start >= m.Start })
		b := sort.Search(len(d.toks), func(i int) bool { return d.toks[i].End > m.End }) - 1
		if a > b || a >= len(d.toks) || b < 0 {
			continue
		}
		typ := strings.ToUpper(m.Type)
		if typ == "PER" || typ == "" {
			// a tagger may include the title: "President Donald Trump"
			for a < b && (titleWords[d.low[a]] || nationalities[d.low[a]]) {
				a++
			}
		}
		// strip a trailing possessive
		for b > a && (d.low[b] == "'s" || d.low[b] == "’s" || d.low[b] == "'" || d.low[b] == "’") {
			b--
		}
		if d.mentAt[a] >= 0 || d.mentAt[b] >= 0 {
			continue
		}
		mi := int32(len(d.ments))
		d.ments = append(d.ments, ment{a: a, b: b, typ: typ, ent: -1})
		for k := a; k <= b; k++ {
			d.mentAt[k] = mi
		}
	}
}

// gender returns 'm' or 'f' for a first name (lower case) of
// firstnames.txt, else 0.
func gender(first string) byte {
	return firstNames[first]
}

// firstNames maps first names to 'm' or 'f': a general resource, the US
// Social Security Administration's baby-name counts, derived by
// scripts/first-names.sh (names given to at least 200 people born
// 1930-2005, at least 90% of them of one sex; the file's header gives the
// licence). Unlisted names (rare, or given to both sexes) get their gender
// from titles and from pronouns that refer to them.
var firstNames = readFirstNames(firstNamesTxt)

//go:embed firstnames.txt
var firstNamesTxt string

func readFirstNames(s string) map[string]byte {
	m := make(map[string]byte, 20000)
	for _, line := range strings.Split(s, "\n") {
		name, g, ok := strings.Cut(line, " ")
		if !ok || strings.HasPrefix(line, "#") || (g != "m" && g != "f") {
			continue
		}
		m[name] = g[0]
	}
	return m
}

// NameMentions finds name mentions in body by capitalisation alone: runs of
// capitalised words, titles split off ("Foreign Ministry Spokeswoman Maria
// Zakharova" gives an ORG and a PER), typed by word lists and first names.
// It is the fallback Extract uses when no tagger output is given.
func NameMentions(body string) []Mention {
	body = cutUTF8(body, MaxBytes)
	return nameMentions(newDoc(body, text.Sentences(body), []Mention{}))
}
