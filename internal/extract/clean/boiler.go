package clean

import (
	"strings"
	"unicode"
)

// boilerLines are whole lines (see lowerKey) that are page furniture, never
// article prose: sharing and subscription buttons, comment-form labels,
// navigation. Each is a complete line; a sentence containing one of these
// words is not matched.
var boilerLines = setOf(
	// sharing
	"share", "share this", "share this article", "share this story", "share this post",
	"share on facebook", "share on twitter", "share on whatsapp", "share on linkedin",
	"share via email", "share via e-mail", "tweet", "email", "e-mail", "print", "copy link", "link copied",
	"facebook", "twitter", "whatsapp", "linkedin", "pinterest", "reddit", "telegram", "xing",
	"teilen", "artikel teilen", "beitrag teilen", "drucken", "artikel drucken", "link kopieren",
	"partager", "partager cet article", "imprimer", "compartir", "imprimir",
	// subscribing and accounts
	"subscribe", "subscribe now", "sign up", "sign in", "log in", "login", "register",
	"jetzt abonnieren", "abonnieren", "anmelden", "registrieren", "s'abonner", "suscríbete",
	// comments furniture
	"reply", "antworten", "répondre", "responder", "rispondi", "permalink", "report",
	"leave a reply", "leave a comment", "post comment", "submit comment", "add comment",
	"cancel reply", "show comments", "hide comments", "load more comments", "view comments",
	"comments", "comment", "kommentare", "kommentar schreiben", "kommentieren",
	"commentaires", "comentarios", "discussion", "join the discussion", "join the conversation",
	"like", "likes", "dislike",
	// ads and navigation
	"advertisement", "advertising", "sponsored", "sponsored content", "anzeige", "werbung",
	"publicité", "publicidad", "skip to content", "skip to main content", "back to top",
	"nach oben", "zum seitenanfang", "menu", "menü", "close", "schließen", "previous", "next",
	"previous article", "next article", "vorheriger artikel", "nächster artikel",
	"read more", "weiterlesen", "mehr lesen", "lire la suite", "leer más", "continue reading",
	"show more", "mehr anzeigen", "more", "mehr",
)

// teaserHeads are headings that open a block of links to other articles.
var teaserHeads = setOf(
	"you may also like", "you might also like", "you may be interested in", "you might be interested in",
	"related", "related articles", "related posts", "related stories", "related news", "related content",
	"related coverage", "related reading", "related links", "more stories", "more news", "more on this story",
	"more on this topic", "recommended", "recommended for you", "recommended stories", "recommended articles",
	"most popular", "most read", "most viewed", "trending", "trending now", "popular posts", "popular stories",
	"recent posts", "latest news", "latest stories", "latest articles", "don't miss", "don’t miss",
	"read next", "what to read next", "up next", "see also", "also read", "read also", "also on",
	"das könnte sie auch interessieren", "das könnte dich auch interessieren", "das könnte ihnen auch gefallen",
	"das könnte dir auch gefallen", "mehr zum thema", "weitere artikel", "lesen sie auch", "lies auch",
	"auch interessant", "ähnliche artikel", "ähnliche beiträge", "verwandte artikel", "verwandte themen",
	"meistgelesen", "meist gelesen", "weitere nachrichten", "empfohlene artikel", "top-artikel",
	"neueste artikel", "neueste beiträge", "aktuelle beiträge", "weitere beiträge", "mehr artikel",
	"à lire aussi", "a lire aussi", "lire aussi", "articles similaires", "sur le même sujet", "vous aimerez aussi",
	"à voir aussi", "les plus lus", "te puede interesar", "noticias relacionadas", "artículos relacionados",
	"lee también", "te recomendamos", "más noticias", "lo más leído", "potrebbe interessarti", "leggi anche",
)

// teaserPrefixes open a teaser heading that names a site or section:
// "More from Politics", "Mehr aus Berlin".
var teaserPrefixes = []string{"more from ", "more stories from ", "mehr aus ", "mehr von ", "mehr zu ", "plus de ", "más de "}

// inlineTeasers open a one-line link to another article: "Read more: ...".
var inlineTeasers = []string{
	"read more:", "read more -", "read more –", "read also:", "also read:", "read:", "related:", "see also:",
	"watch:", "more:", "lesen sie auch:", "lesen sie dazu:", "lesen sie mehr:", "mehr zum thema:",
	"auch interessant:", "lies auch:", "à lire aussi :", "à lire aussi:", "lire aussi :", "lire aussi:",
	"lee también:", "te puede interesar:", "leggi anche:",
}

// formLines open comment-form and consent notices, whole lines only.
var formLines = []string{
	"your email address will not be published", "your e-mail address will not be published",
	"required fields are marked", "save my name, email", "save my name, e-mail",
	"notify me of follow-up comments", "notify me of new comments", "notify me of new posts",
	"you must be logged in to post a comment", "this site uses akismet",
	"ihre e-mail-adresse wird nicht veröffentlicht", "deine e-mail-adresse wird nicht veröffentlicht",
	"erforderliche felder sind mit", "meinen namen, meine e-mail-adresse",
	"votre adresse e-mail ne sera pas publiée", "votre adresse de messagerie ne sera pas publiée",
	"tu dirección de correo electrónico no será publicada",
	"click to share on", "click to email", "click to print", "follow us on", "folgen sie uns",
	"sign up for our newsletter", "subscribe to our newsletter", "melden sie sich für unseren newsletter",
}

// commentHeadings name a comment section: "3 comments", "Kommentare (2)".
var commentWords = setOf("comment", "comments", "kommentar", "kommentare", "commentaire", "commentaires",
	"comentario", "comentarios", "commenti", "responses", "replies", "reactions", "thoughts", "antworten", "reaktionen")

func setOf(words ...string) map[string]bool {
	m := make(map[string]bool, len(words))
	for _, w := range words {
		m[w] = true
	}
	return m
}

func hasAnyPrefix(s string, prefixes []string) bool {
	for _, p := range prefixes {
		if strings.HasPrefix(s, p) {
			return true
		}
	}
	return false
}

// isBoilerLine reports whether a whole line is page furniture.
func isBoilerLine(l string) bool {
	if len(l) > 300 {
		return false
	}
	key := lowerKey(l)
	if key == "" && len(l) <= 80 {
		return onlyPunct(l) && len(l) <= 3 && !strings.ContainsAny(l, ".!?…\"”’»)") // "***", "—"
	}
	if boilerLines[key] {
		return true
	}
	if key != "" && (isCommentCount(key) || isFormField(key)) {
		return true
	}
	low := lowerPrefix(stripBullet(l), 64)
	if hasAnyPrefix(low, formLines) {
		return true
	}
	if isCopyright(l, low) {
		return true
	}
	if isReadTime(key) {
		return true
	}
	if hasAnyPrefix(low, inlineTeasers) && wordCount(l) <= 25 && !endsSentenceStrict(l) {
		return true
	}
	return false
}

// endsSentenceStrict is endsSentence without ':' and ';', which end a lead-in
// rather than a sentence.
func endsSentenceStrict(s string) bool {
	s = strings.TrimRight(s, "\"'”’»)")
	return strings.HasSuffix(s, ".") || strings.HasSuffix(s, "!") || strings.HasSuffix(s, "?")
}

// isCommentCount matches "3 comments", "show comments (0)", "comments (12)",
// "12 kommentare", "3 thoughts on “title”", "one response to title".
func isCommentCount(key string) bool {
	w := strings.Fields(key)
	if len(w) == 0 || len(w) > 12 {
		return false
	}
	n := 0
	hasNum := false
	for i, x := range w {
		x = strings.Trim(x, "()[]:")
		if x == "" {
			continue
		}
		if isNumber(x) || x == "one" || x == "no" || x == "ein" || x == "keine" {
			hasNum = true
			continue
		}
		if commentWords[x] {
			n++
			if (x == "thoughts" || x == "responses" || x == "replies" || x == "reactions" || x == "antworten") && i+1 < len(w) && (w[i+1] == "on" || w[i+1] == "to" || w[i+1] == "zu" || w[i+1] == "auf") && hasNum {
				return true
			}
			continue
		}
		switch x {
		case "show", "hide", "view", "load", "all", "read", "zeige", "alle", "anzeigen", "afficher", "ver", "los", "die", "the":
			continue
		}
		return false
	}
	return n > 0 && (hasNum || len(w) >= 2)
}

func isNumber(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		if !isDigit(s[i]) && s[i] != '.' && s[i] != ',' {
			return false
		}
	}
	return true
}

// isFormField matches a comment-form field label: "name *", "email *",
// "comment *", "website". Labels are short and end with the required-field
// star.
func isFormField(key string) bool {
	if !strings.HasSuffix(key, " *") || len(key) > 30 {
		return false // "Brand*" is a footnote mark, "name *" a required field
	}
	k := strings.TrimSpace(strings.TrimSuffix(key, "*"))
	return wordCount(k) <= 2 && k != "" && !strings.ContainsAny(k, ".!?")
}

// isCopyright matches copyright notices: "Copyright applies.", "© 2017 X",
// "Copyright © 2017 X. All rights reserved." A sentence that only mentions
// copyright ("Copyright law was changed in 2019 ...") does not match.
// low is the lower-cased start of l.
func isCopyright(l, low string) bool {
	n := wordCount(l)
	if n > 25 {
		return false
	}
	switch {
	case strings.HasPrefix(low, "©") || strings.HasPrefix(low, "(c) ") || strings.HasPrefix(low, "&copy"):
		return true
	case strings.HasPrefix(low, "copyright"):
		if n <= 4 {
			return true
		}
		rest := strings.TrimLeft(low[len("copyright"):], " :")
		if strings.HasPrefix(rest, "©") || strings.HasPrefix(rest, "(c)") || len(rest) >= 4 && isDigit(rest[0]) && isDigit(rest[1]) && isDigit(rest[2]) && isDigit(rest[3]) {
			return true
		}
	}
	if !strings.Contains(l, "eserv") && !strings.Contains(l, "orbehalten") && !strings.Contains(l, "éservés") {
		return false
	}
	low = strings.ToLower(l)
	return strings.Contains(low, "all rights reserved") || strings.Contains(low, "alle rechte vorbehalten") ||
		strings.Contains(low, "tous droits réservés") || strings.Contains(low, "todos los derechos reservados")
}

// isReadTime matches "2 min read", "5 minute read", "Lesezeit: 3 Minuten",
// "3 min de lecture".
func isReadTime(key string) bool {
	if key == "" || wordCount(key) > 6 {
		return false
	}
	hasDigit := strings.ContainsAny(key, "0123456789")
	if !hasDigit {
		return false
	}
	hasMin := strings.Contains(key, "min")
	hasRead := strings.Contains(key, "read") || strings.Contains(key, "lesezeit") || strings.Contains(key, "lesedauer") ||
		strings.Contains(key, "lecture") || strings.Contains(key, "lectura") || strings.Contains(key, "lettura")
	return hasMin && hasRead
}

// creditWords mark a bracketed picture credit at the end of a caption.
// Agency names alone are not among them: "(dpa)" ends many a news
// paragraph; "[AFP]" in square brackets is read as a credit below.
var creditWords = []string{"getty", "ap photo", "photo", "foto", "image", "bild", "picture", "credit",
	"shutterstock", "istock", "imago", "courtesy", "archive", "archiv", "©", "file", "pixabay", "unsplash", "keystone"}

// creditOpeners open a picture-credit sentence: "Image via X.", "Photo: X".
var creditOpeners = []string{"image via ", "photo via ", "image by ", "photo by ", "photograph by ", "image courtesy",
	"photo courtesy", "image credit", "photo credit", "image source", "bildquelle", "picture:", "photo:", "photos:",
	"image:", "images:", "foto:", "fotos:", "bild:", "credit:", "credits:", "photograph:", "illustration:", "crédit photo",
	"crédit :", "foto de ", "fotografía:", "(photo", "(foto", "(image", "(bild", "[photo", "[image", "[foto"}

// captionCut recognises a picture caption by its credit: a credit line
// ("Photo: X"), a bracketed credit at the end ("... in the region [Getty]"),
// or a credit sentence ending the line ("... southeast Syria. Image via X.").
// A short caption goes whole (drop); a long paragraph that merely ends with
// a credit keeps its text without the credit (rest).
func captionCut(l string) (rest string, drop bool) {
	n := wordCount(l)
	if n > 80 {
		return l, false
	}
	if n <= 15 && hasAnyPrefix(lowerPrefix(stripBullet(l), 32), creditOpeners) {
		return "", true
	}
	if i, ok := creditBracketEnd(l); ok {
		before := strings.TrimSpace(l[:i])
		if wordCount(before) <= 20 {
			return "", true
		}
		return before, false
	}
	// The last sentence is a credit: "... southeast Syria. Image via al-Masdar News."
	if i := strings.LastIndex(l[:max(0, len(l)-2)], ". "); i >= 0 && len(l)-i < 160 {
		last := strings.ToLower(l[i+2:])
		if hasAnyPrefix(last, creditOpeners) && wordCount(last) <= 10 {
			before := l[:i+1]
			if wordCount(before) <= 20 && !strings.Contains(before[:len(before)-1], ". ") {
				return "", true
			}
			return before, false
		}
	}
	return l, false
}

// creditBracketEnd matches a line ending in a bracketed credit: "[Getty]",
// "(AFP/Getty Images)", "(Photo: Reuters)". Footnotes ("[1]"), "[sic]" and
// ordinary parentheses do not match.
func creditBracketEnd(l string) (int, bool) {
	t := strings.TrimRight(l, " .")
	if len(t) < 4 {
		return 0, false
	}
	closeC := t[len(t)-1]
	var openC byte
	switch closeC {
	case ']':
		openC = '['
	case ')':
		openC = '('
	default:
		return 0, false
	}
	i := strings.LastIndexByte(t, openC)
	if i <= 0 {
		return 0, false // the whole line in brackets is not a caption with a credit
	}
	inner := strings.TrimSpace(t[i+1 : len(t)-1])
	if inner == "" || wordCount(inner) > 6 {
		return 0, false
	}
	low := strings.ToLower(inner)
	for _, w := range creditWords {
		if strings.Contains(low, w) {
			if w == "file" || w == "archive" || w == "archiv" || w == "image" || w == "picture" {
				// "(file)" alone is a credit; "(see the attached file)" is not.
				return i, wordCount(inner) <= 2
			}
			return i, true
		}
	}
	if openC != '[' {
		return 0, false
	}
	// "[Getty]", "[AFP]": an agency, or one or two capitalised words of
	// letters only. Tags in capitals ("[VIDEO]", "[RANKING]") and
	// abbreviations ("[Absatz Nr.]") are not credits.
	// A sentence that ends and then names its source ("... Democratic.
	// [Vox]") is a news brief, not a caption.
	if endsSentence(strings.TrimSpace(t[:i])) {
		return 0, false
	}
	if agencies[low] {
		return i, true
	}
	if wordCount(inner) > 2 || strings.ToUpper(inner) == inner {
		return 0, false
	}
	for _, w := range strings.Fields(inner) {
		for k, r := range w {
			if !unicode.IsLetter(r) || k == 0 && !unicode.IsUpper(r) {
				return 0, false
			}
		}
	}
	return i, true
}

// teaserHeading reports whether l opens a block of teasers to other articles.
func teaserHeading(l string) bool {
	key := lowerKey(l)
	if key == "" {
		return false
	}
	if teaserHeads[key] {
		return true
	}
	return hasAnyPrefix(key, teaserPrefixes) && wordCount(key) <= 5
}

// teaserShaped reports whether l looks like an item of a teaser block: a
// headline or image alt (short, no sentence end), a blurb cut off with an
// ellipsis, a date, a "read more" link.
func teaserShaped(l string) bool {
	n := wordCount(l)
	t := strings.TrimRight(l, " ")
	if strings.HasSuffix(t, "...") || strings.HasSuffix(t, "…") || strings.HasSuffix(t, "[…]") || strings.HasSuffix(t, "[...]") {
		return n <= 80
	}
	if isBoilerLine(l) {
		return true
	}
	if n <= 16 && !endsSentenceStrict(l) {
		return true
	}
	if _, ok := dateLine(l); ok {
		return true
	}
	return false
}
