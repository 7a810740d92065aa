package quote

// askedClauses finds the question in a participial clause of asking:
// "Asked if he was ever bullied, the candidate said no", "…, she told
// MSNBC when asked about concerns that …", "Asked by Stephanopoulos to
// respond to Trump's criticism, Carson said". The question is reported
// speech (its asker often unnamed, else the "by" phrase); the answer is the
// main clause's own attribution. The content runs from the word that opens
// the question to the comma that closes the clause, else to the sentence's
// end.
func (d *doc) askedClauses() {
	n := len(d.toks)
	for v := 0; v < n; v++ {
		if d.low[v] != "asked" || d.usedCue[v] || d.inQ[v] >= 0 || d.inContent(v) {
			continue
		}
		lo, hi := d.sentA[d.sent[v]], d.sentB[d.sent[v]]
		// a participial clause: at the sentence start (after an opening
		// "When" or a time phrase's comma), or after when/after/once/if
		p := v - 1
		if p >= lo && d.low[p] == "was" || p >= lo && d.low[p] == "were" {
			p--
		}
		if !(p < lo || d.low[p] == "," || askedOpeners[d.low[p]]) {
			continue
		}
		ce := v // last cue token
		k := v + 1
		spk := none
		// "by Stephanopoulos", "on Fox News", "during the debate": the asker
		// and where, before the question
		for j := 0; j < 2 && k <= hi; j++ {
			if d.low[k] != "by" && d.low[k] != "on" && d.low[k] != "at" && d.low[k] != "during" && d.low[k] != "in" {
				break
			}
			e := k + 1
			for e <= hi && e-k <= 8 && !askedStarts[d.low[e]] && d.low[e] != "," && !isTerminal(d.low[e]) {
				e++
			}
			if e > hi || !askedStarts[d.low[e]] || e == k+1 {
				break
			}
			if d.low[k] == "by" {
				spk = [2]int{k + 1, e - 1}
			}
			k = e
		}
		if k > hi || !askedStarts[d.low[k]] {
			continue
		}
		if d.low[k] == "about" {
			if k == v+1 {
				ce = k // the cue is "asked about"
			}
			k++
		}
		cs := k
		e := cs
		for e <= hi && e-cs < 60 && !(d.low[e] == "," && d.inQ[e] < 0) && !isTerminal(d.low[e]) {
			e++
		}
		if e-cs < 2 || e-cs >= 60 {
			continue
		}
		d.newAttr(false, [][2]int{{cs, e - 1}}, [2]int{v, ce}, spk, [2]int{max(lo, p), e - 1}, true, -1)
	}
}

var (
	// askedOpeners introduce a participial clause of asking.
	askedOpeners = set(`when after once if while before`)
	// askedStarts open the question after "asked".
	askedStarts = set(`about if whether what who whom whose why how when where which to specifically again
		directly repeatedly later recently`)
)
