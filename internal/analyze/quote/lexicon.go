package quote

import "strings"

// cueInfo describes one word form that can head an attribution cue.
type cueInfo struct {
	lemma  string
	speech bool // communication; false: belief, intention, perception
	tell   bool // takes a hearer before the content ("told reporters that")
	weak   bool // also a common noun ("states", "claims"): needs "that" or a quotation
	ing    bool // -ing form ("saying", "adding"): its subject is the clause's
	post   bool // only after a quotation ("the statement read")
	part   string
}

var cues = map[string]cueInfo{}

// objLemmas are verbs whose object is the attributed content ("defended
// her record"); they count with Options.Beliefs only.
var objLemmas = map[string]bool{}

// addCue registers the forms of a verb. forms: base, 3rd person, past,
// -ing, then optional extra past participle.
func addCue(speech, tell bool, weakS bool, forms ...string) {
	lemma := forms[0]
	for i, f := range forms {
		ci := cueInfo{lemma: lemma, speech: speech, tell: tell}
		if sp := strings.IndexByte(f, ' '); sp > 0 { // phrasal: "point out"
			ci.part = f[sp+1:]
			f = f[:sp]
		}
		switch i {
		case 0, 1:
			ci.weak = weakS // "a claim", "the states": nouns too
		case 3:
			ci.ing = true
		}
		if old, ok := cues[f]; ok && !old.weak && ci.weak {
			continue
		}
		cues[f] = ci
	}
}

func init() {
	sp := func(tell, weakS bool, forms ...string) { addCue(true, tell, weakS, forms...) }
	sp(false, false, "say", "says", "said", "saying")
	sp(true, false, "tell", "tells", "told", "telling")
	sp(false, false, "add", "adds", "added", "adding")
	sp(false, true, "state", "states", "stated", "stating")
	sp(false, false, "point out", "points out", "pointed out", "pointing out")
	sp(false, false, "confirm", "confirms", "confirmed", "confirming")
	sp(false, false, "write", "writes", "wrote", "writing", "written")
	sp(false, false, "tweet", "tweets", "tweeted", "tweeting")
	sp(false, false, "announce", "announces", "announced", "announcing")
	sp(false, true, "note", "notes", "noted", "noting")
	sp(false, false, "explain", "explains", "explained", "explaining")
	sp(false, false, "insist", "insists", "insisted", "insisting")
	sp(false, false, "argue", "argues", "argued", "arguing")
	sp(false, true, "claim", "claims", "claimed", "claiming")
	sp(true, false, "warn", "warns", "warned", "warning")
	sp(false, false, "declare", "declares", "declared", "declaring")
	sp(false, true, "stress", "stresses", "stressed", "stressing")
	sp(false, false, "emphasize", "emphasizes", "emphasized", "emphasizing")
	sp(false, false, "emphasise", "emphasises", "emphasised", "emphasising")
	sp(false, true, "remark", "remarks", "remarked", "remarking")
	sp(false, true, "reply", "replies", "replied", "replying")
	sp(false, false, "respond", "responds", "responded", "responding")
	sp(false, true, "answer", "answers", "answered", "answering")
	sp(true, false, "ask", "asks", "asked", "asking")
	sp(false, false, "admit", "admits", "admitted", "admitting")
	sp(false, false, "acknowledge", "acknowledges", "acknowledged", "acknowledging")
	sp(false, true, "deny", "denies", "denied", "denying")
	sp(false, false, "suggest", "suggests", "suggested", "suggesting")
	sp(false, true, "report", "reports", "reported", "reporting")
	sp(false, false, "assert", "asserts", "asserted", "asserting")
	sp(false, false, "contend", "contends", "contended", "contending")
	sp(false, false, "maintain", "maintains", "maintained", "maintaining")
	sp(false, false, "mention", "mentions", "mentioned", "mentioning")
	sp(false, false, "observe", "observes", "observed", "observing")
	sp(false, false, "predict", "predicts", "predicted", "predicting")
	sp(false, true, "promise", "promises", "promised", "promising")
	sp(false, true, "vow", "vows", "vowed", "vowing")
	sp(false, true, "pledge", "pledges", "pledged", "pledging")
	sp(false, false, "reveal", "reveals", "revealed", "revealing")
	sp(false, false, "recall", "recalls", "recalled", "recalling")
	sp(false, false, "repeat", "repeats", "repeated", "repeating")
	sp(false, false, "reiterate", "reiterates", "reiterated", "reiterating")
	sp(false, false, "quip", "quips", "quipped", "quipping")
	sp(false, true, "joke", "jokes", "joked", "joking")
	sp(false, false, "complain", "complains", "complained", "complaining")
	sp(false, false, "concede", "concedes", "conceded", "conceding")
	sp(false, false, "affirm", "affirms", "affirmed", "affirming")
	sp(false, false, "allege", "alleges", "alleged", "alleging")
	sp(false, true, "boast", "boasts", "boasted", "boasting")
	sp(false, true, "caution", "cautions", "cautioned", "cautioning")
	sp(false, true, "comment", "comments", "commented", "commenting")
	sp(false, true, "counter", "counters", "countered", "countering")
	sp(false, false, "disclose", "discloses", "disclosed", "disclosing")
	sp(false, false, "indicate", "indicates", "indicated", "indicating")
	sp(true, false, "inform", "informs", "informed", "informing")
	sp(false, false, "lament", "laments", "lamented", "lamenting")
	sp(false, false, "proclaim", "proclaims", "proclaimed", "proclaiming")
	sp(false, true, "protest", "protests", "protested", "protesting")
	sp(false, false, "testify", "testifies", "testified", "testifying")
	sp(true, false, "urge", "urges", "urged", "urging")
	sp(false, true, "charge", "charges", "charged", "charging")
	sp(false, false, "conclude", "concludes", "concluded", "concluding")
	sp(true, false, "assure", "assures", "assured", "assuring")
	sp(true, false, "remind", "reminds", "reminded", "reminding")
	sp(false, false, "retort", "retorts", "retorted", "retorting")
	sp(false, true, "shout", "shouts", "shouted", "shouting")
	sp(false, false, "exclaim", "exclaims", "exclaimed", "exclaiming")
	sp(false, true, "yell", "yells", "yelled", "yelling")
	sp(false, false, "scream", "screams", "screamed", "screaming")
	sp(false, true, "chant", "chants", "chanted", "chanting")
	sp(false, false, "wonder", "wonders", "wondered", "wondering")
	sp(false, true, "demand", "demands", "demanded", "demanding")
	sp(false, false, "threaten", "threatens", "threatened", "threatening")
	sp(false, true, "estimate", "estimates", "estimated", "estimating")
	sp(false, false, "swear", "swears", "swore", "swearing", "sworn")
	sp(false, false, "accuse", "accuses", "accused", "accusing")
	sp(false, false, "criticize", "criticizes", "criticized", "criticizing")
	sp(false, false, "criticise", "criticises", "criticised", "criticising")
	sp(false, false, "agree", "agrees", "agreed", "agreeing")
	sp(false, false, "continue", "continues", "continued", "continuing")
	sp(false, false, "recount", "recounts", "recounted", "recounting")
	sp(false, false, "advise", "advises", "advised", "advising")
	sp(false, true, "post", "posts", "posted", "posting")
	sp(false, true, "blast", "blasts", "blasted", "blasting")
	sp(false, true, "slam", "slams", "slammed", "slamming")
	sp(false, true, "read", "reads", "read", "reading")
	sp(false, false, "put it", "puts it", "put it", "putting it")
	sp(false, false, "exhort", "exhorts", "exhorted", "exhorting")

	be := func(forms ...string) { addCue(false, false, false, forms...) }
	be("think", "thinks", "thought", "thinking")
	be("believe", "believes", "believed", "believing")
	be("hope", "hopes", "hoped", "hoping")
	be("want", "wants", "wanted", "wanting")
	be("expect", "expects", "expected", "expecting")
	be("fear", "fears", "feared", "fearing")
	be("feel", "feels", "felt", "feeling")
	be("know", "knows", "knew", "knowing", "known")
	be("plan", "plans", "planned", "planning")
	be("intend", "intends", "intended", "intending")
	be("doubt", "doubts", "doubted", "doubting")
	be("suspect", "suspects", "suspected", "suspecting")
	be("worry", "worries", "worried", "worrying")
	be("wish", "wishes", "wished", "wishing")
	be("consider", "considers", "considered", "considering")
	be("understand", "understands", "understood", "understanding")
	be("realize", "realizes", "realized", "realizing")
	be("support", "supports", "supported", "supporting")
	be("oppose", "opposes", "opposed", "opposing")
	be("seek", "seeks", "sought", "seeking")
	be("find", "finds", "found", "finding")
	be("show", "shows", "showed", "showing", "shown")
	// verbs whose content is their object: evaluations, demands, support
	// ("Clinton defended her record", "Trump called for a ban")
	ev := func(weakS bool, forms ...string) {
		addCue(false, false, weakS, forms...)
		objLemmas[forms[0]] = true
	}
	// verbs of speaking whose object is the topic spoken of ("discussed
	// the recent violence", "talked about the working class"): speech
	// ("talks", "thanks": nouns too, weak)
	so := func(weakS bool, forms ...string) {
		addCue(true, false, weakS, forms...)
		objLemmas[forms[0]] = true
	}
	so(false, "discuss", "discusses", "discussed", "discussing")
	so(true, "talk about", "talks about", "talked about", "talking about")
	so(false, "speak about", "speaks about", "spoke about", "speaking about", "spoken about")
	so(false, "express", "expresses", "expressed", "expressing")
	so(true, "thank", "thanks", "thanked", "thanking")
	ev(true, "call", "calls", "called", "calling")
	ev(true, "describe", "describes", "described", "describing")
	ev(false, "endorse", "endorses", "endorsed", "endorsing")
	ev(false, "cite", "cites", "cited", "citing")
	ev(true, "blame", "blames", "blamed", "blaming")
	ev(false, "propose", "proposes", "proposed", "proposing")
	ev(false, "reject", "rejects", "rejected", "rejecting")
	ev(false, "dismiss", "dismisses", "dismissed", "dismissing")
	ev(false, "denounce", "denounces", "denounced", "denouncing")
	ev(false, "condemn", "condemns", "condemned", "condemning")
	ev(false, "welcome", "welcomes", "welcomed", "welcoming")
	ev(false, "applaud", "applauds", "applauded", "applauding")
	ev(true, "mock", "mocks", "mocked", "mocking")
	ev(false, "tout", "touts", "touted", "touting")
	ev(true, "praise", "praises", "praised", "praising")
	ev(false, "defend", "defends", "defended", "defending")
	ev(false, "refer to", "refers to", "referred to", "referring to")
	ev(false, "decline", "declines", "declined", "declining")
	ev(true, "attack", "attacks", "attacked", "attacking")
	ev(false, "highlight", "highlights", "highlighted", "highlighting")
	ev(false, "question", "questions", "questioned", "questioning")
	for _, l := range []string{"call", "describe", "criticize", "criticise", "accuse", "urge", "slam", "blast",
		"support", "oppose", "promise", "announce", "demand", "vow", "pledge", "deny", "warn", "seek", "praise",
		"acknowledge", "suggest", "want", "plan", "threaten", "agree", "recommend"} {
		objLemmas[l] = true
	}
	for _, w := range []string{"thought", "plans", "hopes", "fears", "doubts", "wishes", "finding", "feeling",
		"understanding", "thinking", "planning", "support", "supports", "shows", "finds", "show", "find"} {
		c := cues[w]
		c.weak = true
		cues[w] = c
	}
	// "read" only introduces a quotation after it ("the statement read").
	for _, w := range []string{"read", "reads", "reading"} {
		c := cues[w]
		c.post = true
		cues[w] = c
	}
	for _, w := range []string{"continue", "continues", "continued", "continuing", "call", "calls",
		"describe", "describes", "agree", "agrees", "agreed", "agreeing", "post", "posted", "posting"} {
		c := cues[w]
		c.weak = true
		cues[w] = c
	}
}

// cueAt returns the cue word at token i, if any.
func (d *doc) cueAt(i int) (cueInfo, bool) {
	if i < 0 || i >= len(d.low) {
		return cueInfo{}, false
	}
	c, ok := cues[d.low[i]]
	if !ok {
		return c, false
	}
	if c.part != "" && d.tok(i+1) != c.part {
		return c, false
	}
	return c, true
}

// set builds a membership set of words.
func set(words string) map[string]bool {
	m := map[string]bool{}
	for _, w := range strings.Fields(words) {
		m[w] = true
	}
	return m
}

var (
	auxWords = set(`has have had is was were are am be been being will would could can may might must should
		shall did does do 's 've 'd ’s ’ve ’d not n't never also repeatedly again then later previously
		recently earlier already often once first frequently subsequently additionally specifically
		explicitly publicly privately separately further simply flatly quickly just still even finally
		ultimately reportedly allegedly initially originally yesterday today now`)
	pronouns = set(`he she they it we i you who which`)
	// determiners and pronouns that can start a content clause
	clauseStart = set(`he she it they we i you there the a an this that these those his her their its our my
		some many no all any every each both several most more few one two three four five nothing none
		nobody everyone everybody someone somebody anyone people what how why when where whether if`)
	subordinators = set(`although though because since while when whenever after before if unless until as once
		whereas so and but or nor yet than`)
	leadAdverbs = set(`but and so however meanwhile also still yet now later earlier separately instead indeed
		then thus moreover furthermore nevertheless nonetheless besides`)
	adjunctStart = set(`on in at during to of about after before while when as with from via through by
		yesterday today tonight last earlier later this recently again then afterward afterwards repeatedly
		monday tuesday wednesday thursday friday saturday sunday january february march april may june july
		august september october november december jan. feb. mar. apr. jun. jul. aug. sep. sept. oct. nov. dec.
		early late shortly soon once back previously privately publicly`)
	tellObjects = set(`reporters journalists him her them us me you people supporters voters lawmakers
		senators members colleagues viewers listeners readers audiences crowds officials the a an his her their`)
	weekdays = map[string]int{"sunday": 0, "monday": 1, "tuesday": 2, "wednesday": 3, "thursday": 4,
		"friday": 5, "saturday": 6}
	months = map[string]int{"january": 1, "february": 2, "march": 3, "april": 4, "may": 5, "june": 6,
		"july": 7, "august": 8, "september": 9, "october": 10, "november": 11, "december": 12,
		"jan": 1, "jan.": 1, "feb": 2, "feb.": 2, "mar.": 3, "apr": 4, "apr.": 4, "jun.": 6, "jul.": 7,
		"aug": 8, "aug.": 8, "sep": 9, "sep.": 9, "sept": 9, "sept.": 9, "oct": 10, "oct.": 10, "nov": 11,
		"nov.": 11, "dec": 12, "dec.": 12}
	docNouns = set(`statement letter report note message release text tweet post sign headline caption
		banner communique communiqué document memo email e-mail filing complaint lawsuit ruling order
		resolution declaration study survey poll book article editorial column ad advertisement video
		transcript website site page petition press`)
)
