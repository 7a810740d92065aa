package cluster

import (
	_ "embed"
	"strings"
	"unicode"
	"unicode/utf8"
)

// maxTextBytes caps how much of an article is read: the lead and body of any
// news story fit, and a hostile input cannot make Add slow.
const maxTextBytes = 64 << 10

// maxWords caps the words taken from one text for the same reason.
const maxWords = 8000

// word is one token of a text as the tokeniser saw it.
type word struct {
	lower   string // lower-cased, apostrophes and possessive 's removed
	surface string // as written (possessive removed)
	cap     bool   // starts with an upper-case letter
	acronym bool   // two or more letters, all upper case (US, NATO, U.S.)
	num     bool   // starts with a digit
	initial bool   // first word of a line or sentence: capitalisation proves nothing
	line    int    // line number within the text
	breakB  bool   // a hard break (clause punctuation) precedes the word
}

// truncateUTF8 cuts s to at most n bytes without splitting a rune.
func truncateUTF8(s string, n int) string {
	if len(s) <= n {
		return s
	}
	for n > 0 && !utf8.RuneStart(s[n]) {
		n--
	}
	return s[:n]
}

// isJoiner reports whether r may join two word parts when letters or digits
// surround it: "5.6", "100,000", "U.S.", "O'Brien".
func isJoiner(r rune) bool {
	switch r {
	case '.', ',', '\'', '’', ':':
		return true
	}
	return false
}

// tokenize splits text into words. It never fails: any byte sequence gives
// some (possibly empty) list, in time linear in the input.
func tokenize(text string) []word {
	text = truncateUTF8(text, maxTextBytes)
	var out []word
	line := 0
	sentenceStart := true
	hardBreak := true
	i := 0
	for i < len(text) && len(out) < maxWords {
		r, size := utf8.DecodeRuneInString(text[i:])
		if !unicode.IsLetter(r) && !unicode.IsDigit(r) {
			switch r {
			case '\n':
				line++
				sentenceStart, hardBreak = true, true
			case '.', '!', '?', ';', '|', '•', '·':
				sentenceStart, hardBreak = true, true
			case ',', ':', '(', ')', '"', '“', '”', '[', ']', '-', '–', '—', '/':
				hardBreak = true
			}
			i += size
			continue
		}
		start := i
		var b strings.Builder
		var surf strings.Builder
		letters, uppers := 0, 0
		firstUpper := unicode.IsUpper(r)
		startsDigit := unicode.IsDigit(r)
		j := i
		for j < len(text) {
			r2, s2 := utf8.DecodeRuneInString(text[j:])
			if unicode.IsLetter(r2) || unicode.IsDigit(r2) || unicode.Is(unicode.Mn, r2) {
				if unicode.IsLetter(r2) {
					letters++
					if unicode.IsUpper(r2) {
						uppers++
					}
				}
				b.WriteRune(unicode.ToLower(r2))
				surf.WriteRune(r2)
				j += s2
				continue
			}
			if isJoiner(r2) && j+s2 < len(text) {
				prev, _ := utf8.DecodeLastRuneInString(text[start:j])
				next, _ := utf8.DecodeRuneInString(text[j+s2:])
				digits := unicode.IsDigit(prev) && unicode.IsDigit(next)
				initials := r2 == '.' && unicode.IsUpper(prev) && unicode.IsUpper(next) && j-start <= 4
				apos := (r2 == '\'' || r2 == '’') && unicode.IsLetter(prev) && unicode.IsLetter(next)
				if digits || initials || apos {
					if r2 == '.' && digits {
						b.WriteByte('.')
						surf.WriteByte('.')
					} else if r2 == ':' && digits {
						b.WriteByte(':')
					}
					j += s2
					continue
				}
			}
			break
		}
		i = j
		lower := b.String()
		surface := surf.String()
		// The possessive 's and contractions' tails carry nothing.
		if raw := text[start:j]; len(lower) > 1 && (strings.HasSuffix(raw, "'s") || strings.HasSuffix(raw, "’s")) {
			lower = lower[:len(lower)-1]
			surface = surface[:len(surface)-1]
		}
		if lower == "" {
			continue
		}
		// "I'm", "I've", "I'd" are the pronoun, capitalised always: no name.
		if raw := text[start:j]; len(raw) > 2 && raw[0] == 'I' && (raw[1] == '\'' || strings.HasPrefix(raw[1:], "’")) {
			firstUpper = false
		}
		// A trailing "." after initials ("U.S.") belongs to the word.
		if j < len(text) && text[j] == '.' && uppers == letters && letters >= 2 && strings.Contains(text[start:j], ".") {
			i = j + 1
		}
		w := word{
			lower:   lower,
			surface: surface,
			cap:     firstUpper,
			acronym: letters >= 2 && uppers == letters,
			num:     startsDigit,
			initial: sentenceStart,
			line:    line,
			breakB:  hardBreak,
		}
		out = append(out, w)
		sentenceStart, hardBreak = false, false
	}
	return out
}

// stem strips the commonest English inflections so that "quake", "quakes"
// and "killed", "kills" meet. It is deliberately light: a wrong merge costs
// more than a missed one.
func stem(w string) string {
	n := len(w)
	if n <= 3 {
		return w
	}
	switch {
	case strings.HasSuffix(w, "ies") && n > 4:
		return w[:n-3] + "y"
	case strings.HasSuffix(w, "sses"):
		return w[:n-2]
	case strings.HasSuffix(w, "ss") || strings.HasSuffix(w, "us") || strings.HasSuffix(w, "is"):
	case strings.HasSuffix(w, "s") && n > 4:
		w = w[:n-1]
		n--
	}
	switch {
	case strings.HasSuffix(w, "ing") && n > 6:
		w = w[:n-3]
	case strings.HasSuffix(w, "ed") && n > 5 && !strings.HasSuffix(w, "eed"):
		w = w[:n-2]
	}
	if n := len(w); n > 4 && w[n-1] == w[n-2] && w[n-1] != 'l' && w[n-1] != 's' && w[n-1] != 'z' && !isVowel(w[n-1]) {
		w = w[:n-1]
	}
	return w
}

func isVowel(b byte) bool {
	switch b {
	case 'a', 'e', 'i', 'o', 'u':
		return true
	}
	return false
}

// numberKey returns the feature for a number word, "" for numbers too common
// to tell stories apart (single digits, clock times).
func numberKey(w string) string {
	if strings.Contains(w, ":") {
		return ""
	}
	w = strings.ReplaceAll(w, ",", "")
	digits := 0
	for i := 0; i < len(w); i++ {
		if w[i] >= '0' && w[i] <= '9' {
			digits++
		}
	}
	if digits != len(strings.ReplaceAll(w, ".", "")) {
		// Mixed letters and digits ("3rd", "9pm", "MV22"): keep as a word.
		return ""
	}
	if len(w) < 2 {
		return ""
	}
	return "#" + w
}

// stopwords are function words with no topical content.
var stopwords = func() map[string]bool {
	list := `a about above after again against all also am an and any are aren as at be because been
before being below between both but by can cannot could couldn did didn do does doesn doing don down during
each few for from further had hadn has hasn have haven having he her here hers herself him himself his how i
if in into is isn it its itself just let ll me more most mustn my myself no nor not now of off on once only or
other ought our ours ourselves out over own re same shan she should shouldn so some such than that the their
theirs them themselves then there these they this those through to too under until up us ve very was wasn we
were weren what when where which while who whom why will with won would wouldn you your yours yourself
yourselves s t d m o y also said says say told one two three four five six seven eight nine ten get got
since may might must shall upon via per yet still even ever every many much however though although whether
within without across along among around behind beyond toward towards onto unto new like well back made make
including include according mr mrs ms dr jr st`
	m := map[string]bool{}
	for _, w := range strings.Fields(list) {
		m[w] = true
	}
	return m
}()

//go:embed stopwords.txt
var stopwordsText string

// foreignStopwords maps a language (ISO 639-1) to its function words
// (stopwords.txt, from stopwords-iso; see scripts/stopwords.sh). English
// keeps the list above.
var foreignStopwords = func() map[string]map[string]bool {
	out := map[string]map[string]bool{}
	for _, line := range strings.Split(stopwordsText, "\n") {
		fs := strings.Fields(line)
		if len(fs) < 2 || strings.HasPrefix(fs[0], "#") {
			continue
		}
		m := make(map[string]bool, len(fs)-1)
		for _, w := range fs[1:] {
			m[w] = true
		}
		out[fs[0]] = m
	}
	return out
}()

// languageStopwords returns the function words of lang other than the
// English ones, nil for English, an unknown language or none given.
func languageStopwords(lang string) map[string]bool {
	lang = strings.ToLower(lang)
	switch lang {
	case "nb", "nn":
		lang = "no"
	}
	return foreignStopwords[lang]
}

// nounCapitalising reports whether lang writes every noun capitalised,
// so that a capital letter alone is no sign of a name.
func nounCapitalising(lang string) bool {
	switch strings.ToLower(lang) {
	case "de", "lb":
		return true
	}
	return false
}

// innerCapital reports whether a word has an upper-case letter after its
// first ("KfW", "BaFin", "iPhone").
func innerCapital(s string) bool {
	for i, r := range s {
		if i > 0 && unicode.IsUpper(r) {
			return true
		}
	}
	return false
}

// generic words are capitalised often (weekdays, months, titles) but name no
// one: they never count as entities.
var generic = func() map[string]bool {
	list := `monday tuesday wednesday thursday friday saturday sunday january february march april
june july august september october november december jan feb mar apr jun jul aug sep sept oct nov dec
mr mrs ms dr president minister secretary governor senator gov sen rep chief officer director police
today yesterday tomorrow updated posted published associated press reuters afp ap news copyright
breaking editor staff reporter photo video image read more share`
	m := map[string]bool{}
	for _, w := range strings.Fields(list) {
		m[w] = true
	}
	return m
}()

// isYear reports whether a number word is a plausible year of news.
func isYear(w string) bool {
	if len(w) != 4 {
		return false
	}
	for i := 0; i < 4; i++ {
		if w[i] < '0' || w[i] > '9' {
			return false
		}
	}
	return w >= "1900" && w <= "2099"
}

// shingleWords returns the normalised words used for near-duplicate
// detection: every word, lower-cased, unstemmed, so that only copied text
// matches.
func shingleWords(ws []word) []string {
	out := make([]string, 0, len(ws))
	for _, w := range ws {
		out = append(out, w.lower)
	}
	return out
}
