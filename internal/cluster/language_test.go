package cluster

import "testing"

// In German every noun is capitalised: a capital alone names no one, but a
// name of several words, an acronym and the function words of the language
// are still told apart. In Spanish capitals mean what they mean in English,
// and the language's function words stay out of the vectors.
func TestLanguageNames(t *testing.T) {
	cfg := DefaultConfig()
	an := analyzer{cfg: &cfg}
	tests := []struct {
		name, lang, text string
		names, notNames  []string // entity keys present / absent
		notWords         []string // content words absent (function words)
	}{
		{
			name: "german nouns",
			lang: "de",
			text: "Die Regierung in Berlin hat am Montag die Förderung gestoppt. Nach Angaben der Deutsche Bank " +
				"verlieren viele Menschen ihre Arbeit, sagte der Sprecher der KfW. Die Polizei war nicht beteiligt.",
			names:    []string{"e:deutsche bank", "e:kfw"},
			notNames: []string{"e:regierung", "e:förderung", "e:menschen", "e:polizei"},
			notWords: []string{"nach", "ihre"},
		},
		{
			name: "german read as english",
			lang: "",
			text: "Die Regierung in Berlin hat am Montag die Förderung gestoppt. Nach Angaben der Deutsche Bank " +
				"verlieren viele Menschen ihre Arbeit, sagte der Sprecher der KfW. Die Polizei war nicht beteiligt.",
			names: []string{"e:regierung", "e:menschen", "e:kfw"},
		},
		{
			name: "spanish",
			lang: "es",
			text: "El presidente Gabriel Boric inició este miércoles una gira por Magallanes, según informó La Moneda. " +
				"Durante la visita, Boric se reunirá con los gremios de la región.",
			names:    []string{"e:boric", "e:magallanes", "e:gabriel boric"},
			notNames: []string{"e:durante"},
			notWords: []string{"durante", "según", "este"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := an.analyze(&Doc{Text: tt.text, Language: tt.lang})
			for _, n := range tt.names {
				if !hasTerm(f.ents, termHash(n)) {
					t.Errorf("%q is not among the names", n)
				}
			}
			for _, n := range tt.notNames {
				if hasTerm(f.ents, termHash(n)) {
					t.Errorf("%q is taken for a name", n)
				}
			}
			for _, w := range tt.notWords {
				if hasTerm(f.content, termHash(stem(w))) {
					t.Errorf("function word %q is among the words", w)
				}
			}
		})
	}
}

// An article that names no one has no name vector: with only the year of
// publication in it, any two reports of one year had name similarity 1.
func TestNoNamesNoNameVector(t *testing.T) {
	cfg := DefaultConfig()
	an := analyzer{cfg: &cfg}
	f := an.analyze(&Doc{Text: "die preise für strom und gas steigen seit wochen, und viele haushalte sparen.",
		Published: "2022-12-02", Language: "de"})
	if len(f.ents) != 0 {
		t.Errorf("name vector %v, want none", f.ents)
	}
	g := an.analyze(&Doc{Text: "Prices rose in Springfield, officials said.", Published: "2022-12-02"})
	if !hasTerm(g.ents, termHash("y:2022")) {
		t.Errorf("a named article lost its year among the names: %v", g.ents)
	}
}

func TestLanguageStopwords(t *testing.T) {
	for _, tt := range []struct {
		lang, word string
		want       bool
	}{
		{"de", "nach", true},
		{"DE", "nach", true},
		{"nb", "ikke", true}, // Norwegian Bokmål reads the Norwegian list
		{"es", "según", true},
		{"en", "nach", false}, // English keeps its own list
		{"", "nach", false},
		{"xx", "nach", false},
	} {
		if got := languageStopwords(tt.lang)[tt.word]; got != tt.want {
			t.Errorf("languageStopwords(%q)[%q] = %v, want %v", tt.lang, tt.word, got, tt.want)
		}
	}
}
