// Package analyze is the analysis stage: on one article's cleaned text it
// finds the entities (tagger, then resolution within the article), the
// quotations with their speakers and the numeric claims. It keeps no state
// between articles; corpus-wide entity resolution (resolve.Registry) is the
// pipeline's, at commit time.
package analyze

import (
	"fmt"

	"github.com/storyline-news/storyline/internal/analyze/claims"
	"github.com/storyline-news/storyline/internal/analyze/ner"
	"github.com/storyline-news/storyline/internal/analyze/quote"
	"github.com/storyline-news/storyline/internal/analyze/resolve"
	"github.com/storyline-news/storyline/internal/analyze/text"
	"github.com/storyline-news/storyline/internal/news"
)

// Article fills a.Entities, a.Quotes and a.Claims from a.Text. Reader
// comments are not analysed: what commenters say is not the article's.
//
// The tagger, the quotation cues and the claim patterns are English: an
// article detected to be in another language gets none, rather than
// German nouns tagged as people or "5,3%" read as 53.
func Article(a *news.Article) error {
	if !reads(a.Language) {
		a.Entities, a.Quotes, a.Claims = a.Entities[:0], a.Quotes[:0], a.Claims[:0]
		return nil
	}
	m, err := ner.Default()
	if err != nil {
		return fmt.Errorf("analyze: %w", err)
	}
	body := a.Text
	sents := text.Sentences(body)
	var ms []resolve.Mention
	var qms []quote.Mention
	for _, sent := range m.DocumentEntities(sents, body) {
		for _, e := range sent {
			ms = append(ms, resolve.Mention{Text: e.Text, Type: e.Type, Start: e.Start, End: e.End})
			qms = append(qms, quote.Mention{Text: e.Text, Type: e.Type, Start: e.Start, End: e.End})
		}
	}
	ents := resolve.ArticleSentences(body, sents, ms)
	a.Entities = a.Entities[:0]
	for _, e := range ents {
		ne := news.Entity{Name: e.Name, Type: e.Type, Roles: e.Roles, Mentions: len(e.Mentions)}
		for _, al := range e.Aliases {
			if al.Text != e.Name {
				ne.Aliases = append(ne.Aliases, al.Text)
			}
		}
		if ne.Aliases == nil {
			ne.Aliases = []string{}
		}
		ne.MentionsAt = make([][2]int, 0, len(e.Mentions))
		for _, m := range e.Mentions {
			if m.Start >= 0 && m.End > m.Start && m.End <= len(body) {
				ne.MentionsAt = append(ne.MentionsAt, [2]int{m.Start, m.End})
			}
		}
		a.Entities = append(a.Entities, ne)
	}
	a.Quotes = a.Quotes[:0]
	if qms == nil {
		qms = []quote.Mention{} // the tagger found none: no guessing from capitals
	}
	// Beliefs and intentions ("Trump wants to …") are kept, marked as such:
	// they are attributions a reader may want, and a consumer that wants
	// only speech filters on Kind.
	for _, q := range (quote.Options{Beliefs: true}).ExtractSentences(body, sents, a.Published, qms) {
		nq := news.Quote{SpeakerMention: q.SpeakerMention, SpeakerRole: q.Role, Cue: q.Cue, Text: q.Text,
			Direct: q.Direct, SaidOn: q.SaidOn, Kind: news.QuoteSpeech, Start: q.Start, End: q.End,
			SpeakerStart: q.SpeakerStart, SpeakerEnd: q.SpeakerEnd, CueStart: q.CueStart, CueEnd: q.CueEnd}
		if !q.Speech {
			nq.Kind = news.QuoteBelief
		}
		for _, p := range q.Pieces {
			nq.Pieces = append(nq.Pieces, [2]int{p.Start, p.End})
		}
		if q.SpeakerType != "" {
			nq.Speaker = q.Speaker // a name; otherwise only the mention is kept
		} else if nq.SpeakerMention == "" {
			nq.SpeakerMention = q.Speaker
		}
		a.Quotes = append(a.Quotes, nq)
	}
	a.Claims = a.Claims[:0]
	for _, c := range claims.ExtractSentences(body, sents) {
		a.Claims = append(a.Claims, news.Claim{Text: c.Text, Value: c.Value, Qualifier: c.Qualifier,
			Unit: c.Unit, Counted: c.Counted, Owner: c.Owner, Where: c.Where, Predicate: c.Predicate,
			Per: c.Per, Key: c.Key})
	}
	return nil
}

// reads reports whether the analysis reads text of language lang (ISO
// 639-1): English, or unknown, which is most often short English text.
func reads(lang string) bool {
	return lang == "" || lang == "en"
}
