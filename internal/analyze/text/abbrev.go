package text

// set builds a lookup set; the lists below are general English news usage.
func set(words ...string) map[string]bool {
	m := make(map[string]bool, len(words))
	for _, w := range words {
		m[w] = true
	}
	return m
}

// titles are abbreviations that precede a name or number and so never end
// a sentence: the period after them is part of the token.
var titles = set(
	"Mr", "Mrs", "Ms", "Mx", "Messrs", "Mmes", "Mme", "Mlle", "Dr", "Drs", "Prof", "Profs",
	"Gen", "Gens", "Maj", "Col", "Lt", "Capt", "Cpt", "Sgt", "Cpl", "Pvt", "Pfc", "Adm", "Cmdr", "Cdr",
	"Brig", "Cmdt", "Gov", "Govs", "Sen", "Sens", "Rep", "Reps", "Rev", "Fr", "Hon", "Pres", "Supt",
	"Det", "Insp", "Amb", "Atty", "Lieut", "St", "Ste", "Mt", "Ft", "Msgr", "Sec",
	"MR", "MRS", "MS", "DR", "GEN", "ST",
)

// abbrevs are abbreviations that may end a sentence ("... of Apple Inc.").
var abbrevs = set(
	"Inc", "Corp", "Co", "Ltd", "Plc", "Bros", "Cos", "Assn", "Dept", "Univ", "Ave", "Blvd", "Rd",
	"Jan", "Feb", "Mar", "Apr", "Jun", "Jul", "Aug", "Sep", "Sept", "Oct", "Nov", "Dec",
	"Mon", "Tue", "Tues", "Wed", "Thu", "Thur", "Thurs", "Fri", "Sat", "Sun",
	"Jr", "Sr", "etc", "vs", "approx", "est", "al", "cf", "Esq",
	"Ala", "Ariz", "Ark", "Calif", "Colo", "Conn", "Del", "Fla", "Ga", "Ill", "Ind", "Kan", "Kans",
	"Ky", "La", "Md", "Mass", "Mich", "Minn", "Miss", "Mo", "Mont", "Neb", "Nev", "Okla", "Ore",
	"Pa", "Penn", "Tenn", "Tex", "Va", "Vt", "Wash", "Wis", "Wyo",
	"INC", "CORP", "CO", "LTD",
)

// numAbbrevs keep their period only before a number: "No. 5", "No.2254",
// "Art. 3", "p. 12".
var numAbbrevs = set("No", "Nos", "no", "nos", "NO", "Art", "Vol", "vol", "Fig", "fig", "Ch", "ch", "Para", "pp", "p", "Ref", "Nr")

// tlds are the domain endings that keep "Amazon.com" in one token.
var tlds = set("com", "org", "net", "gov", "edu", "int", "mil", "info", "io", "co", "uk", "us", "ru",
	"de", "fr", "cn", "jp", "in", "eu", "ca", "au", "it", "es", "nl", "ch", "se", "no", "ua", "pl", "br")

// starters are words that commonly begin a sentence; after an abbreviation
// that may end one ("U.S."), a capitalised starter means a new sentence,
// while any other capitalised word is taken as part of a name.
var starters = set(
	"A", "An", "The", "He", "She", "It", "They", "We", "I", "You", "This", "That", "These", "Those",
	"There", "His", "Her", "Its", "Their", "Our", "In", "On", "At", "For", "But", "And", "Or", "So",
	"If", "When", "While", "After", "Before", "As", "Some", "Many", "Most", "Meanwhile", "However",
	"Yet", "Still", "Now", "Then", "Also", "Both", "Earlier", "Later", "Last", "Next", "According",
	"What", "Why", "How", "Who", "Where", "Asked", "Since", "Although", "Though", "Despite", "No",
	"Not", "One", "Two", "Three", "Officials", "Mr.", "Mrs.", "Ms.", "Dr.",
)
