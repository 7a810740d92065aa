package ner

import "strings"

// surnameRule switches the document-level rule of harmonize; experiments
// turn it off with SetSurnameRule to measure it.
var surnameRule = true

// SetSurnameRule turns the surname rule of TagDocument and
// DocumentEntities on (the default) or off. It is for measuring the rule
// with cmd/trainner and must not be called while models are in use.
func SetSurnameRule(on bool) { surnameRule = on }

// harmonize applies document-level consistency after decoding: a one-word
// mention tagged ORG, LOC or MISC that is the last word of a multi-word
// person name elsewhere in the document becomes a person ("Jones" after
// "Marion Jones"). Across 5 folds of CoNLL train+dev it adds 0.05 F1 on
// average and helps on 4 folds of 5; making every mention of a name take the
// document's majority type did not help (docs/figures/ner.md).
func harmonize(sents [][]string, spans [][]span) {
	if !surnameRule {
		return
	}
	const per = 0 // Types[0]
	last := map[string]bool{}
	for si, ss := range spans {
		for _, sp := range ss {
			if sp.typ == per && sp.end-sp.start > 1 {
				last[strings.ToLower(sents[si][sp.end-1])] = true
			}
		}
	}
	if len(last) == 0 {
		return
	}
	for si, ss := range spans {
		for j, sp := range ss {
			if sp.end-sp.start == 1 && sp.typ != per && last[strings.ToLower(sents[si][sp.start])] {
				ss[j].typ = per
			}
		}
	}
}
