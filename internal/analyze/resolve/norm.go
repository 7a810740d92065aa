package resolve

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// MaxName caps the bytes of a name that the matching functions look at:
// real names are far shorter, and the cap bounds time on hostile input.
const MaxName = 256

// Normalize returns the form of a name used for matching: lower case,
// diacritics folded ("Müller" → "muller"), periods and apostrophes dropped
// inside words ("U.S." → "us", "O'Neil" → "oneil"), a trailing possessive
// and a leading "the" removed, every other run of punctuation, hyphens and
// spaces turned into one space. It never returns leading or trailing spaces.
func Normalize(s string) string {
	s = cutName(s)
	s = trimPossessive(strings.TrimSpace(s))
	var b strings.Builder
	b.Grow(len(s))
	space := false
	for _, r := range s {
		switch {
		case r == '.' || r == '\'' || r == '\u2019' || r == '\u2018' || r == '`' || r == '\u00b4':
			// joins: U.S. -> us, O'Neil -> oneil
		case unicode.IsLetter(r) || unicode.IsDigit(r):
			if space && b.Len() > 0 {
				b.WriteByte(' ')
			}
			space = false
			if r < utf8.RuneSelf {
				if 'A' <= r && r <= 'Z' {
					r += 'a' - 'A'
				}
				b.WriteRune(r)
			} else if f, ok := folds[unicode.ToLower(r)]; ok {
				b.WriteString(f)
			} else {
				b.WriteRune(unicode.ToLower(r))
			}
		case unicode.Is(unicode.Mn, r):
			// combining accents: dropped, as in folds
		default:
			space = true
		}
	}
	return strings.TrimPrefix(b.String(), "the ")
}

// cutName cuts s to at most MaxName bytes on a rune boundary.
func cutName(s string) string {
	if len(s) <= MaxName {
		return s
	}
	n := MaxName
	for n > 0 && !utf8.RuneStart(s[n]) {
		n--
	}
	return s[:n]
}

// trimPossessive removes a trailing "'s", "’s" or bare apostrophe.
func trimPossessive(s string) string {
	for _, suf := range []string{"'s", "\u2019s", "'S", "\u2019S", "'", "\u2019"} {
		if strings.HasSuffix(s, suf) && len(s) > len(suf) {
			return strings.TrimSpace(s[:len(s)-len(suf)])
		}
	}
	return s
}

// folds maps lower-case Latin letters with diacritics to plain ASCII.
var folds = func() map[rune]string {
	m := map[rune]string{'ß': "ss", 'æ': "ae", 'œ': "oe", 'ø': "o", 'ł': "l", 'đ': "d", 'ð': "d", 'þ': "th", 'ı': "i", 'ħ': "h", 'ŋ': "n"}
	groups := map[string]string{
		"a": "àáâãäåāăąǎ", "c": "çćĉċč", "d": "ď", "e": "èéêëēĕėęěə", "g": "ĝğġģ", "h": "ĥ",
		"i": "ìíîïĩīĭįǐ", "j": "ĵ", "k": "ķ", "l": "ĺļľŀ", "n": "ñńņňŉ", "o": "òóôõöōŏőǒ",
		"r": "ŕŗř", "s": "śŝşšș", "t": "ţťŧț", "u": "ùúûüũūŭůűųǔ", "w": "ŵ", "y": "ýÿŷ", "z": "źżž",
	}
	for to, from := range groups {
		for _, r := range from {
			m[r] = to
		}
	}
	return m
}()

// nameWords splits a normalised name into words.
func nameWords(norm string) []string { return strings.Fields(norm) }

// particles are the lower-case parts of surnames that writers keep or drop
// ("al-Assad" / "Assad", "van Gogh" / "Gogh"); they are ignored when
// surnames are compared.
var particles = map[string]bool{
	"al": true, "el": true, "ad": true, "ed": true, "ez": true, "as": true, "ash": true, "at": true,
	"an": true, "ar": true, "bin": true, "ibn": true, "bint": true, "de": true,
	"del": true, "della": true, "di": true, "da": true, "du": true, "la": true, "le": true,
	"van": true, "von": true, "der": true, "den": true, "ter": true, "dos": true, "das": true,
}

// surname returns the last word of a normalised personal name's words
// (particles already stripped by stripParticles).
func surname(words []string) string {
	if len(words) == 0 {
		return ""
	}
	return words[len(words)-1]
}

// stripParticles removes particle words from a normalised name's words.
func stripParticles(words []string) []string {
	out := words[:0:0]
	for i, w := range words {
		if particles[w] && i < len(words)-1 {
			continue
		}
		out = append(out, w)
	}
	return out
}

// PhoneticKey returns a spelling-tolerant key of one normalised name word,
// so that transliteration variants share it: y, j and i are one letter
// (Sergey/Sergei, -iev/-yev, -sky/-skiy/-ski), "ks" is "x" (Aleksei/Alexei),
// "ou" is "u", "ph" is "f", "kh" is "h", "w" is "v", and double letters are
// single.
func PhoneticKey(w string) string {
	if len(w) > MaxName {
		w = cutName(w)
	}
	b := make([]byte, 0, len(w))
	for i := 0; i < len(w); i++ {
		c := w[i]
		var next byte
		if i+1 < len(w) {
			next = w[i+1]
		}
		switch {
		case c == 'k' && next == 's':
			c = 'x'
			i++
		case c == 'c' && next == 'k':
			c = 'k'
			i++
		case c == 'p' && next == 'h':
			c = 'f'
			i++
		case c == 'k' && next == 'h':
			c = 'h'
			i++
		case c == 'o' && next == 'u':
			c = 'u'
			i++
		case c == 'y' || c == 'j':
			c = 'i'
		case c == 'w':
			c = 'v'
		}
		if n := len(b); n > 0 && b[n-1] == c {
			continue
		}
		b = append(b, c)
	}
	return string(b)
}

// JaroWinkler returns the Jaro-Winkler similarity of a and b, from 0 (no
// likeness) to 1 (equal). Inputs longer than 64 bytes are cut.
func JaroWinkler(a, b string) float64 {
	if len(a) > 64 {
		a = a[:64]
	}
	if len(b) > 64 {
		b = b[:64]
	}
	if a == b {
		if a == "" {
			return 0
		}
		return 1
	}
	la, lb := len(a), len(b)
	if la == 0 || lb == 0 {
		return 0
	}
	win := max(la, lb)/2 - 1
	if win < 0 {
		win = 0
	}
	var ma, mb [64]bool
	m := 0
	for i := 0; i < la; i++ {
		lo, hi := max(0, i-win), min(lb, i+win+1)
		for j := lo; j < hi; j++ {
			if !mb[j] && a[i] == b[j] {
				ma[i], mb[j] = true, true
				m++
				break
			}
		}
	}
	if m == 0 {
		return 0
	}
	t, k := 0, 0
	for i := 0; i < la; i++ {
		if !ma[i] {
			continue
		}
		for !mb[k] {
			k++
		}
		if a[i] != b[k] {
			t++
		}
		k++
	}
	fm := float64(m)
	jaro := (fm/float64(la) + fm/float64(lb) + (fm-float64(t)/2)/fm) / 3
	p := 0
	for p < 4 && p < la && p < lb && a[p] == b[p] {
		p++
	}
	return jaro + float64(p)*0.1*(1-jaro)
}

// sameSurname reports whether two normalised surnames are spellings of one
// name: equal, equal phonetic keys, or very close keys of a long name.
func sameSurname(a, b string) bool {
	if a == b {
		return a != ""
	}
	if a == "" || b == "" || a[0] != b[0] {
		return false
	}
	ka, kb := PhoneticKey(a), PhoneticKey(b)
	if ka == kb {
		return true
	}
	return len(ka) >= 6 && len(kb) >= 6 && JaroWinkler(ka, kb) >= 0.94
}

// sameGiven reports whether two normalised given names can name one person:
// equal, one the initial of the other, equal phonetic keys, or close keys of
// long names (Alexander/Aleksandr). Short different names never match
// (Maria/Mario, Bill/Hillary).
func sameGiven(a, b string) bool {
	if a == b {
		return true
	}
	if a == "" || b == "" || a[0] != b[0] {
		return false
	}
	if len(a) == 1 || len(b) == 1 {
		return true
	}
	ka, kb := PhoneticKey(a), PhoneticKey(b)
	if ka == kb {
		return true
	}
	return len(ka) >= 6 && len(kb) >= 6 && JaroWinkler(ka, kb) >= 0.9
}

// samePerson reports whether two normalised multi-word personal names can
// name one person: same surname and compatible given names. Middle names
// are ignored; different given names never merge.
func samePerson(a, b []string) bool {
	a, b = stripParticles(a), stripParticles(b)
	if len(a) < 2 || len(b) < 2 {
		return false
	}
	return sameSurname(surname(a), surname(b)) && sameGiven(a[0], b[0])
}

// isAcronym reports whether a surface form is written as an acronym: two to
// eight capital letters (digits and "&" allowed after the first), with or
// without periods ("UNSC", "U.S.", "G7").
func isAcronym(s string) bool {
	n := 0
	for i, r := range s {
		switch {
		case r >= 'A' && r <= 'Z':
			n++
		case r == '.':
		case i > 0 && (r >= '0' && r <= '9' || r == '&'):
		default:
			return false
		}
	}
	return n >= 2 && n <= 8
}

// gazetteer returns the name the shipped lists give a normalised name or
// acronym: a country's common name ("us", "united states") or an
// organisation's ("un", "united nations"). Unstated, an acronym joins a
// name only when both are the gazetteer's for one thing.
func gazetteer(n string) (string, bool) {
	if c, ok := countryNames[n]; ok {
		return c, true
	}
	c, ok := orgNames[n]
	return c, ok
}

// orgNames maps each normalised form in orgForms ("un", "united nations")
// to its organisation's name, as countryNames does for countries.
var orgNames = func() map[string]string {
	m := map[string]string{}
	for _, f := range orgForms {
		for _, s := range f {
			m[Normalize(s)] = f[0]
		}
	}
	return m
}()

// stopInitials are the words an acronym usually skips.
var stopInitials = map[string]bool{"of": true, "the": true, "and": true, "for": true, "de": true, "du": true, "des": true, "la": true, "le": true, "on": true, "in": true, "at": true, "to": true, "&": true}

// Initials returns the acronyms a multi-word name may be written as, in
// lower case: the initials of its content words, a word written in capitals
// giving all its letters ("UN Security Council" → "unsc"), and the variant
// with function words included. It returns nil for one-word names.
func Initials(name string) []string {
	raw := strings.FieldsFunc(cutName(name), func(r rune) bool { return unicode.IsSpace(r) || r == '-' || r == '/' })
	if len(raw) < 2 || len(raw) > 12 {
		return nil
	}
	var content, all strings.Builder
	for _, w := range raw {
		nw := Normalize(w)
		if nw == "" {
			continue
		}
		part := nw[:1]
		if isAcronym(w) {
			part = nw
		}
		all.WriteString(part)
		if !stopInitials[nw] {
			content.WriteString(part)
		}
	}
	out := []string{content.String()}
	if a := all.String(); a != out[0] {
		out = append(out, a)
	}
	if len(out[0]) < 2 {
		return nil
	}
	return out
}
