package resolve

import (
	"encoding/json"
	"reflect"
	"strings"
	"testing"
	"unicode/utf8"
)

func TestNormalize(t *testing.T) {
	tests := []struct{ in, want string }{
		{"U.S.", "us"},
		{"US", "us"},
		{"the Islamic State", "islamic state"},
		{"The  Pentagon's", "pentagon"},
		{"Russia’s", "russia"},
		{"Müller-Lüdenscheidt", "muller ludenscheidt"},
		{"Bashar al-Assad", "bashar al assad"},
		{"O'Neil", "oneil"},
		{"  Żółć  ", "zolc"},
		{"Straße", "strasse"},
		{"\"ISIS\"", "isis"},
		{"", ""},
		{"...", ""},
		{"Theresa", "theresa"},
	}
	for _, tt := range tests {
		if got := Normalize(tt.in); got != tt.want {
			t.Errorf("Normalize(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestNameVariants(t *testing.T) {
	tests := []struct {
		a, b string
		same bool
	}{
		{"lavrentiev", "lavrentyev", true},
		{"zelensky", "zelenskiy", true},
		{"zelensky", "zelenskyy", true},
		{"aleksei", "alexei", true},
		{"kalashnikov", "kalashnikow", true},
		{"clinton", "clanton", false},
		{"ivanov", "petrov", false},
		{"smith", "smyth", true},
	}
	for _, tt := range tests {
		if got := sameSurname(tt.a, tt.b); got != tt.same {
			t.Errorf("sameSurname(%q, %q) = %v, want %v", tt.a, tt.b, got, tt.same)
		}
	}
	given := []struct {
		a, b string
		same bool
	}{
		{"sergey", "sergei", true},
		{"alexander", "aleksandr", true},
		{"j", "james", true},
		{"bill", "hillary", false},
		{"maria", "mario", false},
		{"donald", "donna", false},
	}
	for _, tt := range given {
		if got := sameGiven(tt.a, tt.b); got != tt.same {
			t.Errorf("sameGiven(%q, %q) = %v, want %v", tt.a, tt.b, got, tt.same)
		}
	}
	if !samePerson([]string{"bashar", "al", "assad"}, []string{"bashar", "assad"}) {
		t.Error("Bashar al-Assad and Bashar Assad should be one person")
	}
	if samePerson([]string{"hillary", "clinton"}, []string{"bill", "clinton"}) {
		t.Error("Hillary and Bill Clinton must stay apart")
	}
}

func TestJaroWinkler(t *testing.T) {
	tests := []struct {
		a, b string
		want float64
	}{
		{"martha", "marhta", 0.961},
		{"dixon", "dicksonx", 0.813},
		{"", "", 0},
		{"abc", "abc", 1},
		{"abc", "xyz", 0},
	}
	for _, tt := range tests {
		if got := JaroWinkler(tt.a, tt.b); got < tt.want-0.001 || got > tt.want+0.001 {
			t.Errorf("JaroWinkler(%q, %q) = %.3f, want %.3f", tt.a, tt.b, got, tt.want)
		}
	}
}

func TestInitials(t *testing.T) {
	tests := []struct {
		in   string
		want []string
	}{
		{"UN Security Council", []string{"unsc"}},
		{"United States", []string{"us"}},
		{"Islamic State", []string{"is"}},
		{"Agence France-Presse", []string{"afp"}},
		{"Organization of the Petroleum Exporting Countries", []string{"opec", "ootpec"}},
		{"Pentagon", nil},
	}
	for _, tt := range tests {
		if got := Initials(tt.in); !reflect.DeepEqual(got, tt.want) {
			t.Errorf("Initials(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

// tagged builds mentions from "TYPE:text" items, each the next occurrence
// of text in body after the previous item's start.
func tagged(t testing.TB, body string, items ...string) []Mention {
	t.Helper()
	var ms []Mention
	from := 0
	for _, it := range items {
		typ, txt, _ := strings.Cut(it, ":")
		i := strings.Index(body[from:], txt)
		if i < 0 {
			t.Fatalf("%q not in body after %d", txt, from)
		}
		s := from + i
		ms = append(ms, Mention{Text: txt, Type: typ, Start: s, End: s + len(txt)})
		from = s
	}
	return ms
}

// summary renders entities as "Type Name [aliases] {roles}" lines.
func summary(ents []Entity) []string {
	var out []string
	for _, e := range ents {
		var as []string
		for _, a := range e.Aliases {
			as = append(as, a.Text)
		}
		out = append(out, e.Type+" "+e.Name+" ["+strings.Join(as, "|")+"] {"+strings.Join(e.Roles, "|")+"}")
	}
	return out
}

func TestArticle(t *testing.T) {
	tests := []struct {
		name  string
		body  string
		items []string
		want  []string
	}{
		{"title before a name, then the surname",
			"Russian Foreign Minister Sergey Lavrov stated on Thursday that forces must leave. Speaking to Interfax, Lavrov added more.",
			[]string{"MISC:Russian", "PER:Sergey Lavrov", "ORG:Interfax", "PER:Lavrov"},
			[]string{"MISC Russian [Russian] {}", "PER Sergey Lavrov [Sergey Lavrov|Lavrov] {Russian Foreign Minister}", "ORG Interfax [Interfax] {}"}},
		{"title inside the mention and a spokesperson",
			"Pentagon spokesman Major Adrian Smith-Jones said so. Foreign Ministry Spokeswoman Maria Petrova told reporters.",
			[]string{"ORG:Pentagon", "PER:Major Adrian Smith-Jones", "PER:Foreign Ministry Spokeswoman Maria Petrova"},
			[]string{"ORG Pentagon [Pentagon] {}", "PER Adrian Smith-Jones [Adrian Smith-Jones] {Pentagon spokesman Major}", "PER Maria Petrova [Maria Petrova] {Foreign Ministry Spokeswoman}"}},
		{"apposition with a possessive",
			"\"It must end,\" Oleg Ivanov, Russian President Pavel Orlov's envoy to Syria, told reporters. Ivanov was in Astana.",
			[]string{"PER:Oleg Ivanov", "MISC:Russian", "PER:Pavel Orlov", "LOC:Syria", "PER:Ivanov", "LOC:Astana"},
			[]string{"PER Oleg Ivanov [Oleg Ivanov|Ivanov] {Russian President Pavel Orlov's envoy to Syria}", "MISC Russian [Russian] {}", "PER Pavel Orlov [Pavel Orlov] {Russian President}", "LOC Syria [Syria] {}", "LOC Astana [Astana] {}"}},
		{"parenthesised acronym and later short forms; an unstated one stays apart",
			"Now that the Islamic State militant group (ISIS) has lost ground, ISIS is weak. The anti-IS coalition stays.",
			[]string{"ORG:Islamic State", "MISC:ISIS", "MISC:ISIS", "MISC:anti-IS"},
			[]string{"ORG Islamic State [ISIS|Islamic State] {}", "MISC IS [IS] {}"}},
		{"acronym stated before its expansion",
			"The UNSC (UN Security Council) met. The UNSC did not approve.",
			[]string{"ORG:UNSC", "ORG:UN Security Council", "ORG:UNSC"},
			[]string{"ORG UN Security Council [UNSC|UN Security Council] {}"}},
		{"a stated acronym is not the gazetteer's country",
			"The United States agreed. Staff of US (the University of Surrey) struck. US managers refused.",
			[]string{"LOC:United States", "ORG:US", "ORG:University of Surrey", "ORG:US"},
			[]string{"LOC United States [United States] {}", "ORG University of Surrey [US|University of Surrey] {}"}},
		{"country acronyms and punctuation variants",
			"The United States said the U.S. and US-led forces stay. US officials agreed.",
			[]string{"LOC:United States", "LOC:U.S.", "MISC:US-led", "ORG:US"},
			[]string{"LOC United States [U.S.|United States] {}"}},
		{"initials alone do not join an acronym to a name",
			"The UN Security Council met. The UNSC did not approve.",
			[]string{"ORG:UN Security Council", "ORG:UNSC"},
			[]string{"ORG UN Security Council [UN Security Council] {}", "ORG UNSC [UNSC] {}"}},
		{"an organisation with and without its country",
			"The US State Department said so. A State Department spokeswoman, Jane Roe, agreed.",
			[]string{"ORG:US State Department", "ORG:State Department", "PER:Jane Roe"},
			[]string{"ORG US State Department [US State Department|State Department] {}", "PER Jane Roe [Jane Roe] {}"}},
		{"a surname goes to the nearest full name before it",
			"Hillary Clinton spoke first. Bill Clinton spoke next. Clinton said he agreed.",
			[]string{"PER:Hillary Clinton", "PER:Bill Clinton", "PER:Clinton"},
			[]string{"PER Hillary Clinton [Hillary Clinton] {}", "PER Bill Clinton [Bill Clinton|Clinton] {}"}},
		{"transliteration variants in one article",
			"Alexander Lavrentiev spoke. Later Alexander Lavrentyev said more.",
			[]string{"PER:Alexander Lavrentiev", "PER:Alexander Lavrentyev"},
			[]string{"PER Alexander Lavrentiev [Alexander Lavrentiev|Alexander Lavrentyev] {}"}},
		{"apposition after the name with an article",
			"There are 2000 troops, according to Sarah Sanders, the White House press secretary, who spoke.",
			[]string{"PER:Sarah Sanders", "LOC:White House"},
			[]string{"PER Sarah Sanders [Sarah Sanders] {White House press secretary}", "LOC White House [White House] {}"}},
		{"a place is not taken for a surname",
			"Michael Jordan visited Jordan.",
			[]string{"PER:Michael Jordan", "LOC:Jordan"},
			[]string{"PER Michael Jordan [Michael Jordan] {}", "LOC Jordan [Jordan] {}"}},
		{"bad offsets fall back to the text",
			"short",
			nil,
			nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := summary(Article(tt.body, tagged(t, tt.body, tt.items...)))
			if strings.Join(got, "\n") != strings.Join(tt.want, "\n") {
				t.Errorf("got:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(tt.want, "\n"))
			}
		})
	}
	// Mentions whose offsets do not fit the body keep their text.
	ents := Article("x", []Mention{{Text: "Sergey Lavrov", Type: "PER", Start: 5, End: 90}, {Text: "Lavrov", Type: "PER", Start: -3, End: 2}})
	if len(ents) != 1 || ents[0].Name != "Sergey Lavrov" || ents[0].Mentions[0].Start != -1 {
		t.Errorf("out-of-range mentions: %+v", ents)
	}
}

func TestMatchDescription(t *testing.T) {
	body := "Russian Foreign Minister Sergey Lavrov stated that forces must leave. " +
		"US Defense Secretary James Mattis spoke. " +
		"Foreign Ministry Spokeswoman Maria Zakharova told reporters at a briefing. " +
		"\"We see it,\" she said. \"It is protected,\" the diplomat said. " +
		"\"Where from?\" the Russian Foreign Ministry spokeswoman said. \"Not stopped,\" the Russian diplomat said. " +
		"The Russian minister affirmed it. The ministry agreed."
	ents := Article(body, tagged(t, body, "MISC:Russian", "PER:Sergey Lavrov", "ORG:US", "PER:James Mattis",
		"ORG:Foreign Ministry", "PER:Maria Zakharova"))
	tests := []struct {
		desc, after, want string
	}{
		{"the diplomat", "the diplomat said", "Maria Zakharova"},
		{"the Russian Foreign Ministry spokeswoman", "the Russian Foreign Ministry spokeswoman said", "Maria Zakharova"},
		{"the Russian diplomat", "the Russian diplomat said", "Maria Zakharova"},
		{"the Russian minister", "The Russian minister affirmed", "Sergey Lavrov"},
		{"the US secretary", "The Russian minister affirmed", "James Mattis"},
		{"the Russian secretary", "The Russian minister affirmed", ""},
		{"the spokesman", "The Russian minister affirmed", ""},
		{"the ministry", "The ministry agreed", "Foreign Ministry"},
		{"the envoy", "The ministry agreed", ""},
		{"", "The ministry agreed", ""},
	}
	for _, tt := range tests {
		at := strings.Index(body, tt.after)
		i, score := MatchDescription(ents, tt.desc, at)
		got := ""
		if i >= 0 {
			got = ents[i].Name
		}
		if got != tt.want || (i >= 0) != (score > 0) {
			t.Errorf("MatchDescription(%q at %d) = %q (%.2f), want %q", tt.desc, at, got, score, tt.want)
		}
	}
	// Nothing named before the description is an antecedent.
	if i, _ := MatchDescription(ents, "the diplomat", 0); i != -1 {
		t.Errorf("antecedent before any mention: %d", i)
	}
}

func TestPlaceKey(t *testing.T) {
	for _, s := range []string{"US", "U.S.", "United States", "American", "America", "United States of America"} {
		if got, ok := PlaceKey(s); !ok || got != "United States" {
			t.Errorf("PlaceKey(%q) = %q, %v", s, got, ok)
		}
	}
	for _, s := range []string{"IS", "Pentagon", "", "In"} {
		if got, ok := PlaceKey(s); ok {
			t.Errorf("PlaceKey(%q) = %q, want none", s, got)
		}
	}
}

// ent builds an article entity from its type and written forms.
func ent(typ string, forms ...string) Entity {
	e := Entity{Type: typ}
	for _, f := range forms {
		addAlias(&e.Aliases, f)
	}
	e.Name = canonicalName(e.Aliases)
	return e
}

func TestRegistry(t *testing.T) {
	r := NewRegistry()
	type art struct {
		date string
		ents []Entity
	}
	arts := []art{
		{"2017-12-22", []Entity{ent("PER", "Alexander Lavrentiev", "Lavrentiev"), ent("ORG", "Islamic State", "ISIS"), ent("LOC", "U.S."), ent("LOC", "Syria")}},
		{"2024-01-24", []Entity{ent("PER", "Alexander Lavrentyev", "Lavrentyev"), ent("LOC", "United States", "US"), ent("LOC", "Syria")}},
		{"2019-01-10", []Entity{ent("ORG", "IS"), ent("ORG", "US")}},
		{"2017-12-13", []Entity{ent("MISC", "Islamic State"), ent("ORG", "US State Department")}},
		{"2016-10-01", []Entity{ent("PER", "Hillary Clinton"), ent("ORG", "State Department"), ent("LOC", "Benghazi")}},
		{"2016-10-02", []Entity{ent("PER", "Bill Clinton"), ent("LOC", "Arkansas")}},
		{"2016-10-03", []Entity{ent("PER", "Hillary Clinton"), ent("LOC", "Benghazi")}},
		{"2016-10-04", []Entity{ent("PER", "Clinton"), ent("LOC", "Arkansas")}},
		{"2016-10-05", []Entity{ent("PER", "Clinton"), ent("LOC", "Benghazi")}},
		{"2016-10-06", []Entity{ent("PER", "Sergey Lavrov")}},
		{"2016-10-07", []Entity{ent("PER", "Ivan Lavrov")}},
	}
	var ids [][]int64
	for i, a := range arts {
		ids = append(ids, r.Add(int64(i+1), a.date, a.ents))
	}
	name := func(id int64) string { return r.Get(id).Name }
	if ids[0][0] != ids[1][0] {
		t.Errorf("Lavrentiev and Lavrentyev: ids %d, %d", ids[0][0], ids[1][0])
	}
	if c := r.Get(ids[0][0]); c.Articles != 2 || c.FirstSeen != "2017-12-22" || c.LastSeen != "2024-01-24" || c.Type != "PER" {
		t.Errorf("Lavrentiev entity: %+v", c)
	}
	// ISIS was stated for the Islamic State; IS, written alone in one
	// article, spells its initials but nothing attests the pair.
	if ids[0][1] != ids[3][0] || ids[0][1] == ids[2][0] {
		t.Errorf("ISIS / Islamic State together, IS apart: %d %d %d", ids[0][1], ids[3][0], ids[2][0])
	}
	if ids[0][2] != ids[1][1] || ids[0][2] != ids[2][1] {
		t.Errorf("U.S. / United States / US: %d %d %d (%s, %s, %s)", ids[0][2], ids[1][1], ids[2][1], name(ids[0][2]), name(ids[1][1]), name(ids[2][1]))
	}
	if name(ids[0][2]) != "United States" {
		t.Errorf("canonical name %q, want the expansion", name(ids[0][2]))
	}
	hillary, bill := ids[4][0], ids[5][0]
	if hillary == bill || ids[6][0] != hillary {
		t.Errorf("Hillary %d, Bill %d, Hillary again %d", hillary, bill, ids[6][0])
	}
	if ids[7][0] != bill || ids[8][0] != hillary {
		t.Errorf("surname alone: with Arkansas %s, with Benghazi %s", name(ids[7][0]), name(ids[8][0]))
	}
	if ids[9][0] == ids[10][0] {
		t.Error("Sergey and Ivan Lavrov merged")
	}
	if ids[3][1] != ids[4][1] {
		t.Errorf("US State Department / State Department: %d %d", ids[3][1], ids[4][1])
	}
	if got := r.Lookup("ISIS"); len(got) == 0 || got[0] != ids[0][1] {
		t.Errorf("Lookup(ISIS) = %v", got)
	}
	if r.Get(0) != nil || r.Get(r.Len()+1) != nil {
		t.Error("Get out of range")
	}

	// Persisted and loaded, the registry links new articles as the
	// original does.
	data, err := json.Marshal(r.All())
	if err != nil {
		t.Fatal(err)
	}
	var saved []Canonical
	if err := json.Unmarshal(data, &saved); err != nil {
		t.Fatal(err)
	}
	loaded := Load(saved)
	next := []Entity{ent("PER", "Lavrentyev"), ent("ORG", "UNSC"), ent("ORG", "Islamic State"), ent("PER", "Clinton"), ent("LOC", "Arkansas")}
	a := r.Add(100, "2025-01-01", next)
	b := loaded.Add(100, "2025-01-01", next)
	if !reflect.DeepEqual(a, b) || !reflect.DeepEqual(r.All(), loaded.All()) {
		t.Errorf("loaded registry differs: %v vs %v", a, b)
	}
}

func TestRegistryBounds(t *testing.T) {
	r := NewRegistry()
	var ents []Entity
	for i := 0; i < 300; i++ {
		ents = append(ents, ent("ORG", "Org "+strings.Repeat("x", i%50)+string(rune('A'+i%26))))
	}
	for k := 0; k < 3; k++ {
		r.Add(int64(k), "bad date", ents)
	}
	for _, c := range r.All() {
		if len(c.Context) > MaxContext || c.FirstSeen != "" {
			t.Fatalf("context %d, first seen %q", len(c.Context), c.FirstSeen)
		}
	}
}

func FuzzNormalize(f *testing.F) {
	for _, s := range []string{"U.S.", "the Islamic State's", "Müller-Lüdenscheidt", "\xff\xfe", "O'Neil", "Żółć", strings.Repeat("a.", 300)} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		n := Normalize(s)
		if !utf8.ValidString(n) && utf8.ValidString(s) {
			t.Fatalf("invalid UTF-8 from valid input: %q", n)
		}
		if strings.HasPrefix(n, " ") || strings.HasSuffix(n, " ") || strings.Contains(n, "  ") {
			t.Fatalf("untrimmed: %q", n)
		}
		if Normalize(n) != n && !strings.HasPrefix(n, "the ") {
			t.Fatalf("not idempotent: %q -> %q", n, Normalize(n))
		}
		for _, w := range nameWords(n) {
			PhoneticKey(w)
		}
		Initials(s)
		// Article must survive any body with mentions at any offsets.
		ms := []Mention{{Text: s, Type: "PER", Start: 0, End: len(s)}, {Text: s, Type: "ORG", Start: len(s) / 2, End: len(s)}}
		for _, e := range Article(s, ms) {
			MatchDescription([]Entity{e}, s, len(s))
		}
	})
}
