// Package quote finds who said what in a news article: direct quotations in
// quotation marks and reported speech ("Lavrov stated that ..."), each with
// its cue ("said", "told", "according to"), the speaker mention as written
// ("she", "the diplomat", "a US official"), the speaker resolved to a name
// where the article allows it, the speaker's role, and the day it was said.
//
// The method is rule-based and runs in one linear pass over the tokens of
// internal/analyze/text: quotation-mark regions are found first, each is
// attached to a cue clause before it, after it or around it; the remaining
// communication verbs give reported speech; speakers are resolved by a small
// entity tracker (names, roles, gender from titles, first names and pronoun
// history); repeated quotations are dropped. It never panics and its time is
// linear in the input size (capped at MaxBytes).
package quote

import (
	"sort"
	"strings"
	"unicode"

	"github.com/storyline-news/storyline/internal/analyze/text"
)

// Mention is an entity mention found by a tagger (or by NameMentions): Text is
// body[Start:End] (byte offsets), Type is PER, ORG, LOC or MISC.
type Mention struct {
	Text       string
	Type       string
	Start, End int
}

// Span is a byte range [Start, End) of the article body.
type Span struct {
	Start int `json:"start"`
	End   int `json:"end"`
}

// Quote is one attribution: what was said (Text), by whom (Speaker) and how
// (Cue). All offsets are byte offsets into the body given to Extract.
type Quote struct {
	// Text is the quotation without its outer quotation marks (pieces of a
	// quotation split by its cue or over paragraphs are joined by a space),
	// or the reported content ("that US forces must leave all of Syria").
	Text string `json:"text"`
	// Direct is true for words in quotation marks, false for reported speech
	// (which may contain quoted fragments).
	Direct bool `json:"direct"`
	// Start and End bound the content, quotation marks included.
	Start int `json:"start"`
	End   int `json:"end"`
	// Pieces lists the parts when the content is discontinuous (a quotation
	// interrupted by its cue, or running over several paragraphs); nil when
	// the content is the single span Start..End.
	Pieces []Span `json:"pieces,omitempty"`
	// Cue is the cue as written ("said", "told", "pointed out",
	// "according to", ":"), at CueStart..CueEnd.
	Cue      string `json:"cue"`
	CueStart int    `json:"cue_start"`
	CueEnd   int    `json:"cue_end"`
	// Speaker is the resolved name ("Maria Zakharova", "State Department"),
	// or, when the mention cannot be resolved to a name, the mention itself
	// without its article ("a US official" keeps "a US official"); empty when
	// no speaker is stated.
	Speaker string `json:"speaker"`
	// SpeakerType is PER or ORG when Speaker is a name, "" otherwise.
	SpeakerType string `json:"speaker_type"`
	// SpeakerMention is the speaker phrase as written next to the cue ("she",
	// "the Russian Foreign Ministry spokeswoman", "Alexander Lavrentiev,
	// Russian President Vladimir Putin's envoy to Syria"), at
	// SpeakerStart..SpeakerEnd; empty (and -1, -1) when there is none.
	SpeakerMention string `json:"speaker_mention"`
	SpeakerStart   int    `json:"speaker_start"`
	SpeakerEnd     int    `json:"speaker_end"`
	// Role is the title or apposition found with the speaker anywhere in the
	// article ("Foreign Ministry Spokeswoman", "the White House press
	// secretary"); empty when none was found.
	Role string `json:"role,omitempty"`
	// SaidOn is the day it was said (YYYY-MM-DD): the day the cue clause
	// names ("on Thursday", "on December 27"), else the article's date; empty
	// when neither is known.
	SaidOn string `json:"said_on"`
	// Speech is true when the cue is a communication ("said", "told");
	// false for beliefs and intentions ("believes", "wants"), which are only
	// returned with Options.Beliefs.
	Speech bool `json:"speech"`
}

// MaxBytes caps the part of a body that is analysed: quotations start in the
// first MaxBytes bytes (news articles are far shorter), so time and memory
// stay bounded on any input.
const MaxBytes = 1 << 20

// Options tunes Extract.
type Options struct {
	// Beliefs also returns attributions of beliefs, intentions and
	// perceptions ("Trump wants to build a wall", "Clinton believes that"),
	// which PolNeAR counts as attributions; they are marked Speech=false.
	Beliefs bool
}

// Extract returns the quotations and reported speech of an article body in
// text order, each repeated quotation once. published is the article's date
// (RFC 3339 date or date-time; may be empty) from which relative days are
// counted. ents are entity mentions from a tagger, with byte offsets into
// body; when ents is nil, NameMentions(body) is used instead.
func Extract(body, published string, ents []Mention) []Quote {
	return Options{}.Extract(body, published, ents)
}

// Extract is the package-level Extract with options.
func (o Options) Extract(body, published string, ents []Mention) []Quote {
	if len(body) > MaxBytes {
		body = cutUTF8(body, MaxBytes)
	}
	if strings.TrimSpace(body) == "" {
		return nil
	}
	return o.extract(body, text.Sentences(body), published, ents)
}

// ExtractSentences is Extract on a body already split by
// text.Sentences(body), for callers that tokenise once for several stages
// (the tagger needs the same sentences).
func (o Options) ExtractSentences(body string, sents []text.Sentence, published string, ents []Mention) []Quote {
	if len(body) > MaxBytes {
		body = cutUTF8(body, MaxBytes)
		// keep the tokens inside the cut body
		k := 0
		for k < len(sents) && sents[k].End <= len(body) {
			k++
		}
		sents = sents[:k]
	}
	if strings.TrimSpace(body) == "" {
		return nil
	}
	return o.extract(body, sents, published, ents)
}

func (o Options) extract(body string, sents []text.Sentence, published string, ents []Mention) []Quote {
	d := newDoc(body, sents, ents)
	d.findDirect()
	d.colonLines()
	d.findReported(o.Beliefs)
	d.askedClauses()
	d.continuations()
	d.resolve()
	out := d.quotes(published)
	if !o.Beliefs {
		// beliefs and evaluations with quotations ("called it “a
		// disaster”") only when asked for
		k := 0
		for _, q := range out {
			if q.Speech {
				out[k] = q
				k++
			}
		}
		out = out[:k]
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].Start < out[j].Start })
	return dedupe(out)
}

// cutUTF8 returns s cut to at most n bytes, not inside a UTF-8 sequence.
func cutUTF8(s string, n int) string {
	if len(s) <= n {
		return s
	}
	for n > 0 && n < len(s) && s[n]&0xC0 == 0x80 {
		n--
	}
	return s[:n]
}

// dedupe drops quotations whose words were already quoted earlier in the
// article (the same quotation repeated, e.g. in a lede and again below).
func dedupe(qs []Quote) []Quote {
	seen := make(map[uint64]bool, len(qs))
	out := qs[:0]
	for _, q := range qs {
		k, ok := normKey(q.Text)
		if !ok || seen[k] {
			continue
		}
		seen[k] = true
		out = append(out, q)
	}
	return out
}

// normKey is a quotation's identity for dedupe: a hash (FNV-1a) of its
// letters and digits in lower case, so that typography and spacing do not
// matter; ok is false when it has none.
func normKey(s string) (uint64, bool) {
	h := uint64(14695981039346656037)
	n := 0
	for _, r := range s {
		switch {
		case r >= 'A' && r <= 'Z':
			r += 'a' - 'A'
		case r >= 'a' && r <= 'z' || r >= '0' && r <= '9':
		case r > 127 && isLetterRune(r):
			r = unicode.ToLower(r)
		default:
			continue
		}
		h = (h ^ uint64(r)) * 1099511628211
		n++
	}
	return h, n > 0
}

// tokens flattens sentences into one token slice and a parallel slice of
// sentence numbers, dropping tokens that lie outside src.
func tokens(src string, sents []text.Sentence) ([]text.Token, []int) {
	n := 0
	for _, se := range sents {
		n += len(se.Tokens)
	}
	toks := make([]text.Token, 0, n)
	sentOf := make([]int, 0, n)
	last := 0
	for i, se := range sents {
		for _, t := range se.Tokens {
			if t.Start < last || t.End > len(src) || t.Start >= t.End || src[t.Start:t.End] != t.Text {
				continue // not a token of src: a caller's mistake, skipped
			}
			last = t.End
			toks = append(toks, t)
			sentOf = append(sentOf, i)
		}
	}
	// number the sentences left densely
	j, prev := -1, -1
	for i, s := range sentOf {
		if s != prev {
			prev = s
			j++
		}
		sentOf[i] = j
	}
	return toks, sentOf
}
