package clean

import (
	"unicode"
	"unicode/utf8"

	"github.com/RadhiFadlillah/whatlanggo"
)

// langSample is how much of a text the language is guessed from: enough
// for a stable guess, small enough to keep detection cheap.
const langSample = 1500

// minLangConfidence is the trigram detector's confidence below which no
// language is reported.
const minLangConfidence = 0.3

// stopwords are frequent function words of the languages most news comes
// in. Counting them is some forty times cheaper than the trigram profiles
// and as reliable on a paragraph of running text; the trigram detector
// (whatlanggo) decides when the counts are too few or too close.
var stopwords = map[string][]string{}

func init() {
	lists := map[string]string{
		"en": "the and of to is was that for with on are by this it from as have has be were which said not at will would they their been who",
		"de": "der die und das ist nicht mit sich den dem ein eine auf auch es des im für von zu wird werden sind wurde bei nach aus dass oder wie noch nur einen einem über",
		"fr": "le la les et des est une un du dans que qui pour pas sur au par avec ce sont il elle ont aux été cette mais plus ses leur",
		"es": "el la los las y que del en un una es por con para se no al lo como más fue pero su sus ha este esta entre también",
		"it": "il la di che e per un una del della non sono è con nel alla gli le dei delle ha anche come più questo essere stato",
		"pt": "o a os as de que e do da dos das em um uma para com não no na por mais foi é ao seu sua também pelo pela",
		"nl": "de het een en van is dat op niet zijn met voor er maar ook aan bij wordt werd om naar die uit hij zij",
		"pl": "i w na z się nie do to że jest o jak po przez dla ale od co jego być czy tak już są",
		"sv": "och att det som en på är av för med till den inte har om ett var de jag men sig från också",
		"da": "og at det som en på er af for med til den ikke har om et var de jeg men sig fra også",
		"nb": "og i det som er på en til av for med har ikke de et at jeg om fra var seg men også blir ble",
		"hu": "a az és hogy nem is egy van meg de ez azt mint csak már volt még ha vagy kell",
	}
	for lang, words := range lists {
		start := 0
		for i := 0; i <= len(words); i++ {
			if i == len(words) || words[i] == ' ' {
				w := words[start:i]
				stopwords[w] = append(stopwords[w], lang)
				start = i + 1
			}
		}
	}
}

// detectLanguage returns the ISO 639-1 code of the language text is
// written in, or "" when the text is too short or the guess is weak.
func detectLanguage(text string) string {
	if len(text) < 40 {
		return ""
	}
	if len(text) > langSample {
		cut := langSample
		for cut > 0 && !utf8.RuneStart(text[cut]) {
			cut--
		}
		text = text[:cut]
	}
	sw := countStopwords(text)
	if lang, ok := sw.language(); ok {
		return lang
	}
	if len(text) > 600 {
		cut := 600
		for cut > 0 && !utf8.RuneStart(text[cut]) {
			cut--
		}
		text = text[:cut]
	}
	info := whatlanggo.Detect(text)
	if info.Lang < 0 || info.Confidence < minLangConfidence {
		return ""
	}
	lang := info.Lang.Iso6391()
	// Here the text has few function words (a results table, a list of
	// names and figures), and the trigram profiles guess from the names: an
	// English report of Italian football results reads as Italian, and its
	// analysis would be skipped. A guess with fewer of its own function
	// words than English ones is no guess.
	if lang != "en" && sw.get(lang) < sw.get("en") {
		return ""
	}
	return lang
}

// stopwordCounts holds how many stopwords of each language a text has.
type stopwordCounts struct {
	langs  [16]string
	counts [16]int
	n      int
	words  int
}

func (sc *stopwordCounts) get(lang string) int {
	for i := 0; i < sc.n; i++ {
		if sc.langs[i] == lang {
			return sc.counts[i]
		}
	}
	return 0
}

// countStopwords counts the stopwords of each language in text.
func countStopwords(text string) *stopwordCounts {
	sc := &stopwordCounts{}
	idx := func(l string) int {
		for i := 0; i < sc.n; i++ {
			if sc.langs[i] == l {
				return i
			}
		}
		sc.langs[sc.n] = l
		sc.n++
		return sc.n - 1
	}
	var buf [32]byte
	for i := 0; i < len(text); {
		r, size := utf8.DecodeRuneInString(text[i:])
		if !unicode.IsLetter(r) {
			i += size
			continue
		}
		j := i
		n := 0
		for j < len(text) {
			r2, s2 := utf8.DecodeRuneInString(text[j:])
			if !unicode.IsLetter(r2) {
				break
			}
			if n+utf8.UTFMax <= len(buf) {
				n += utf8.EncodeRune(buf[n:], unicode.ToLower(r2))
			} else {
				n = len(buf) + 1
			}
			j += s2
		}
		i = j
		sc.words++
		if n > len(buf) {
			continue
		}
		for _, l := range stopwords[string(buf[:n])] {
			sc.counts[idx(l)]++
		}
	}
	return sc
}

// language answers when one language has clearly the most stopwords.
func (sc *stopwordCounts) language() (string, bool) {
	best, second := -1, 0
	for i := 0; i < sc.n; i++ {
		switch {
		case best < 0 || sc.counts[i] > sc.counts[best]:
			if best >= 0 {
				second = sc.counts[best]
			}
			best = i
		case sc.counts[i] > second:
			second = sc.counts[i]
		}
	}
	if best < 0 || sc.counts[best] < 8 || sc.counts[best]*10 < sc.words || sc.counts[best] < second*3/2+1 {
		return "", false
	}
	return sc.langs[best], true
}
