// Package claims finds numeric claims in news text: a quantity with what it
// counts, whose it is, where, and according to whom ("nearly 2,000 U.S.
// troops in Syria, according to numbers from the Pentagon").
//
// Each claim carries the value normalised (2,000 = 2000 = two thousand =
// 2k; "1.5 million"; "$3 billion"; "3%"), its qualifier ("nearly",
// "around", "more than", "at least", "up to" ...), the counted noun phrase
// and its head noun's class, and a quantity Key built from the class, the
// owner and the place, so that a later stage can line up different
// outlets' figures for the same quantity: "nearly 2,000 U.S. troops in
// Syria" and "around 2000 American soldiers still in Syria" share a Key.
//
// Numbers that are not quantities are skipped: dates, times, years, ages,
// ordinals, identifiers after a name ("Resolution 2254", "No. 2254"),
// phone-like digit runs, durations. The method is rule-based over the
// tokens of internal/analyze/text, linear in the input, and never panics.
package claims

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/storyline-news/storyline/internal/analyze/resolve"
	"github.com/storyline-news/storyline/internal/analyze/text"
)

// Claim is one numeric claim. Offsets are byte offsets into the body given
// to Extract.
type Claim struct {
	// Text is the claim as written, from the qualifier to the end of the
	// counted phrase and place ("nearly 2,000 U.S. troops in Syria").
	Text string
	// Number is the number as written ("2,000", "two", "1.5 million").
	Number string
	// Value is the number's value (2000; 1.5e6 for "1.5 million"; 3 for
	// "3%").
	Value float64
	// Qualifier is the hedge before the number, lower case ("nearly",
	// "around", "more than", "at least"); empty when there is none.
	Qualifier string
	// Bound says what the qualifier makes of the value: "about", "min"
	// (more than, at least, over), "max" (up to, nearly, almost, less than)
	// or "" (stated exactly).
	Bound string
	// Unit is "%" for percentages, a currency code ("USD", "EUR", "GBP")
	// for money, else "".
	Unit string
	// Counted is the counted noun phrase as written ("U.S. troops", "army
	// personnel"); Head is its head noun's singular ("troop" is kept as
	// "troops", a WordNet lemma); Class is the head's quantity class
	// ("troops" for troops, soldiers, personnel, forces), the head itself
	// when it has none.
	Counted, Head, Class string
	// Owner is the country the counted things belong to, as written in the
	// phrase ("U.S.", "American") or as the clause's subject ("America
	// would leave ..."), given as the country's common name ("United
	// States"); empty when none is stated.
	Owner string
	// Where is the place the claim is about ("Syria"), country names
	// normalised as for Owner; empty when none is stated.
	Where string
	// Per is whom the figure is attributed to ("the Pentagon", "Sarah
	// Sanders"); empty when the text does not say.
	Per string
	// Predicate is the class of what befell the counted ("dead" for
	// killed, died, deaths; "injured"; "arrested" ...), empty when the
	// clause does not say.
	Predicate string
	// Key is the quantity key "class|owner|where" (lower case, normalised),
	// shared by claims about the same quantity; "%" or the currency is
	// prefixed for percentages and money, and "|" and the predicate
	// appended when there is one ("people|iran||dead").
	Key string
	// Start and End bound Text; SentStart and SentEnd bound its sentence.
	Start, End         int
	SentStart, SentEnd int
}

// Caps that bound time and memory on any input.
const (
	// MaxBytes caps the part of a body that is read.
	MaxBytes = 1 << 20
	// MaxClaims caps the claims returned for one body.
	MaxClaims = 2000
)

// Extract returns the numeric claims of an article body in text order.
func Extract(body string) []Claim {
	if len(body) > MaxBytes {
		n := MaxBytes
		for n > 0 && !utf8.RuneStart(body[n]) {
			n--
		}
		body = body[:n]
	}
	return ExtractSentences(body, text.Sentences(body))
}

// ExtractSentences is Extract for a caller that has already split body
// into sentences (text.Sentences(body)).
func ExtractSentences(body string, sents []text.Sentence) []Claim {
	var out []Claim
	for _, s := range sents {
		out = extractSentence(body, s, out)
		if len(out) >= MaxClaims {
			return out[:MaxClaims]
		}
	}
	return out
}

// sentence is the working state for one sentence.
type sentence struct {
	body  string
	s     text.Sentence
	toks  []text.Token
	lower []string
}

func extractSentence(body string, s text.Sentence, out []Claim) []Claim {
	st := &sentence{body: body, s: s, toks: s.Tokens, lower: make([]string, len(s.Tokens))}
	for i, t := range s.Tokens {
		st.lower[i] = strings.ToLower(t.Text)
	}
	for i := 0; i < len(st.toks); i++ {
		c, next, ok := st.claimAt(i)
		if next > i {
			i = next - 1
		}
		if ok {
			out = append(out, c)
		}
	}
	return out
}

// claimAt tries to read a claim whose number starts at token i. It returns
// the index after the number phrase, so that the scan goes on after it.
func (st *sentence) claimAt(i int) (Claim, int, bool) {
	var c Claim
	lw := st.lower
	// Money sign before the number: "$3 billion", "US$ 4".
	unit := ""
	numStart := i
	if sym, ok := currencySigns[lw[i]]; ok && i+1 < len(lw) && isNumberStart(lw, i+1) {
		unit = sym
		if i > 0 && (lw[i-1] == "us" || lw[i-1] == "u.s.") && st.toks[i-1].End == st.toks[i].Start {
			unit = "USD"
		}
		numStart = i + 1
	}
	if !isNumberStart(lw, numStart) {
		return c, i + 1, false
	}
	j := numStart
	for j < len(lw) && j-numStart < maxNumberWords && (isNumberWord(lw[j]) || lw[j] == "a" || lw[j] == "an" || lw[j] == "half" || lw[j] == "and" && j+1 < len(lw) && isNumberWord(lw[j+1]) && j > numStart) {
		j++
	}
	// Trailing "a"/"and" are not part of the number.
	for j > numStart && (lw[j-1] == "a" || lw[j-1] == "an" || lw[j-1] == "and" || lw[j-1] == "half") {
		j--
	}
	if j == numStart {
		return c, i + 1, false
	}
	phrase := st.body[st.toks[numStart].Start:st.toks[j-1].End]
	v, ok := ParseNumber(phrase)
	if !ok {
		return c, j, false
	}
	if st.notQuantity(numStart, j) {
		return c, j, false
	}
	c.Number, c.Value, c.Unit = phrase, v, unit
	k := j
	// Units after the number: "3%", "3 percent", "20 dollars".
	if k < len(lw) {
		switch {
		case lw[k] == "%" || lw[k] == "percent" || lw[k] == "pct":
			c.Unit = "%"
			k++
		case lw[k] == "per" && k+1 < len(lw) && lw[k+1] == "cent":
			c.Unit = "%"
			k += 2
		case currencyWords[lw[k]] != "" && c.Unit == "":
			c.Unit = currencyWords[lw[k]]
			k++
		}
	}
	start := st.toks[i].Start
	// The qualifier before the number (over brackets of a link).
	q, qb, first := st.qualifierAt(i)
	if q != "" {
		c.Qualifier, c.Bound, start = q, qb, st.toks[first].Start
	}
	// The counted noun phrase.
	npStart, npEnd := st.nounPhrase(k)
	if npEnd == npStart && k+1 < len(lw) && lw[k] == "of" && (c.Unit == "" || c.Unit == "%") {
		// "2,000 of the troops"
		m := k + 1
		if m < len(lw) && (lw[m] == "the" || lw[m] == "its" || lw[m] == "their" || lw[m] == "our" || lw[m] == "his" || lw[m] == "her") {
			m++
		}
		npStart, npEnd = st.nounPhrase(m)
	}
	end := st.toks[max(k, j)-1].End
	if npEnd > npStart {
		head := st.lower[npEnd-1]
		if pronouns[head] || timeUnits[head] || timeUnits[singular(head)] {
			return c, j, false
		}
		c.Counted = st.body[st.toks[npStart].Start:st.toks[npEnd-1].End]
		c.Head = lemma(head)
		c.Class = nounClasses[c.Head]
		if c.Class == "" {
			c.Class = c.Head
		}
		end = st.toks[npEnd-1].End
		// Owner from the phrase's modifiers ("U.S. troops").
		for m := npStart; m < npEnd-1; m++ {
			if p, ok := resolve.PlaceKey(st.toks[m].Text); ok && capitalised(st.toks[m].Text) {
				c.Owner = p
				break
			}
		}
	} else if c.Unit == "" {
		return c, j, false // a bare number counts nothing that can be compared
	}
	if c.Owner == "" {
		c.Owner = st.owner(i)
	}
	after := max(npEnd, k)
	if w, we := st.where(after); w != "" {
		c.Where = w
		end = st.toks[we-1].End
	}
	c.Per = st.source(i, after)
	c.Predicate = st.predicate(first, max(npEnd, k))
	c.Text = st.body[start:end]
	c.Start, c.End = start, end
	c.SentStart, c.SentEnd = st.s.Start, st.s.End
	c.Key = key(c)
	return c, j, true
}

// key builds a claim's quantity key.
func key(c Claim) string {
	parts := []string{c.Class, resolve.Normalize(c.Owner), resolve.Normalize(c.Where)}
	if c.Unit != "" {
		parts = append([]string{strings.ToLower(c.Unit)}, parts...)
	}
	if c.Predicate != "" {
		parts = append(parts, c.Predicate)
	}
	return strings.Join(parts, "|")
}

// isNumberStart reports whether token i can start a number phrase: digits
// or a number word, or "a"/"half" followed by a scale ("a million", "half a
// million", "a dozen").
func isNumberStart(lw []string, i int) bool {
	if i >= len(lw) {
		return false
	}
	w := lw[i]
	if _, ok := digitsValue(w); ok {
		return true
	}
	if _, ok := wordValue(w); ok {
		return true
	}
	if (w == "a" || w == "an") && i+1 < len(lw) {
		n := lw[i+1]
		return n == "dozen" || n == "hundred" || scaleWords[n] != 0 && len(n) > 3
	}
	if w == "half" && i+2 < len(lw) && (lw[i+1] == "a" || lw[i+1] == "an") {
		return scaleWords[lw[i+2]] != 0 || lw[i+2] == "dozen"
	}
	return false
}

// capitalised reports whether w starts with an upper-case letter.
func capitalised(w string) bool {
	r, _ := utf8.DecodeRuneInString(w)
	return unicode.IsUpper(r)
}
