package claims

import (
	"strconv"
	"strings"
)

// Number words and their values.
var (
	unitWords = map[string]float64{
		"zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
		"eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13,
		"fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18,
		"nineteen": 19,
	}
	tensWords = map[string]float64{
		"twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70,
		"eighty": 80, "ninety": 90,
	}
	scaleWords = map[string]float64{
		"thousand": 1e3, "million": 1e6, "billion": 1e9, "trillion": 1e12,
		"mln": 1e6, "bln": 1e9, "mn": 1e6, "bn": 1e9, "tn": 1e12,
	}
	// suffixes written onto digits: "2k", "4.5bn", "20m".
	digitSuffixes = map[string]float64{"k": 1e3, "m": 1e6, "mn": 1e6, "mln": 1e6, "b": 1e9, "bn": 1e9, "bln": 1e9, "tn": 1e12}
)

// maxNumberWords bounds a number phrase.
const maxNumberWords = 12

// ParseNumber returns the value of a number phrase: digits with thousands
// separators and decimals ("2,000", "2000", "1.5"), digits with a scale
// ("1.5 million", "2k", "4.5bn"), and number words ("two thousand",
// "twenty-three", "one hundred and five", "half a million", "a dozen").
// It reports false for anything else, including an empty phrase.
func ParseNumber(s string) (float64, bool) {
	ws := strings.Fields(strings.ToLower(s))
	if len(ws) == 0 || len(ws) > maxNumberWords {
		return 0, false
	}
	var total, cur float64
	seen := false // a number part was read
	open := false // "a"/"half" waits for a scale
	pendAnd := false
	for i, w := range ws {
		switch {
		case w == "and":
			if !seen || i == len(ws)-1 {
				return 0, false
			}
			pendAnd = true
			continue
		case w == "a" || w == "an":
			if i == len(ws)-1 || (cur != 0 && cur != 0.5) {
				return 0, false
			}
			if cur == 0 {
				cur = 1
			}
			open = true
			continue
		case w == "half":
			if seen || i == len(ws)-1 {
				return 0, false
			}
			cur = 0.5
			open = true
			continue
		}
		pendAnd = false
		if v, ok := digitsValue(w); ok {
			if seen && cur != 0 {
				return 0, false // "2 3"
			}
			cur += v
			seen = true
			continue
		}
		if v, ok := wordValue(w); ok {
			cur += v
			seen = true
			open = false
			continue
		}
		base := cur
		if base == 0 {
			base = 1 // "hundred", "a million"
		}
		switch {
		case w == "hundred":
			cur = base * 100
		case w == "dozen":
			cur = base * 12
		case scaleWords[w] != 0:
			total += base * scaleWords[w]
			cur = 0
		default:
			return 0, false
		}
		seen = true
		open = false
	}
	if !seen || open || pendAnd {
		return 0, false
	}
	return total + cur, true
}

// wordValue returns the value of a number word below a hundred ("seven",
// "forty", "twenty-three").
func wordValue(w string) (float64, bool) {
	if v, ok := unitWords[w]; ok {
		return v, true
	}
	if v, ok := tensWords[w]; ok {
		return v, true
	}
	if t, u, ok := strings.Cut(w, "-"); ok {
		tv, ok1 := tensWords[t]
		uv, ok2 := unitWords[u]
		if ok1 && ok2 && uv > 0 && uv < 10 {
			return tv + uv, true
		}
	}
	return 0, false
}

// digitsValue returns the value of a digit token: "2000", "2,000",
// "1,000,000", "1.5", ".5" is refused, as are misplaced separators
// ("2,00"); a scale suffix is allowed ("2k", "4.5bn").
func digitsValue(w string) (float64, bool) {
	if w == "" || w[0] < '0' || w[0] > '9' {
		return 0, false
	}
	end := len(w)
	for end > 0 && (w[end-1] < '0' || w[end-1] > '9') {
		end--
	}
	mult := 1.0
	if suf := w[end:]; suf != "" {
		m, ok := digitSuffixes[suf]
		if !ok {
			return 0, false
		}
		mult = m
	}
	num := w[:end]
	intPart, frac, hasFrac := strings.Cut(num, ".")
	if hasFrac && (frac == "" || strings.ContainsAny(frac, ",.")) {
		return 0, false
	}
	if strings.Contains(intPart, ",") {
		groups := strings.Split(intPart, ",")
		if len(groups[0]) == 0 || len(groups[0]) > 3 {
			return 0, false
		}
		for _, g := range groups[1:] {
			if len(g) != 3 {
				return 0, false
			}
		}
		intPart = strings.Join(groups, "")
	}
	for i := 0; i < len(intPart); i++ {
		if intPart[i] < '0' || intPart[i] > '9' {
			return 0, false
		}
	}
	if len(intPart) > 15 {
		return 0, false
	}
	s := intPart
	if hasFrac {
		s += "." + frac
	}
	v, err := strconv.ParseFloat(s, 64)
	if err != nil {
		return 0, false
	}
	return v * mult, true
}

// isNumberWord reports whether a lower-case token can be part of a number
// phrase.
func isNumberWord(w string) bool {
	if _, ok := digitsValue(w); ok {
		return true
	}
	if _, ok := wordValue(w); ok {
		return true
	}
	return w == "hundred" || w == "dozen" || scaleWords[w] != 0
}
