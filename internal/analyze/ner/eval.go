package ner

import (
	"fmt"
	"strings"
)

// Score is precision, recall and F1 of one entity type or of all of them,
// counted as conlleval does: an entity is correct when its span and type
// both match a gold entity.
type Score struct {
	Type                string
	Correct, Pred, Gold int
	Precision, Recall   float64
	F1                  float64
}

func (s *Score) finish() {
	if s.Pred > 0 {
		s.Precision = float64(s.Correct) / float64(s.Pred)
	}
	if s.Gold > 0 {
		s.Recall = float64(s.Correct) / float64(s.Gold)
	}
	s.F1 = f1(s.Correct, s.Pred, s.Gold)
}

// Evaluate tags docs with m and scores the result against their gold tags.
// The first Score is the overall one, then one per type in Types order.
func Evaluate(m *Model, docs []Doc) []Score {
	scores := make([]Score, len(Types)+1)
	scores[0].Type = "ALL"
	for i, t := range Types {
		scores[i+1].Type = t
	}
	for _, d := range docs {
		sents := make([][]string, len(d.Sentences))
		for i, s := range d.Sentences {
			sents[i] = s.Tokens
		}
		pred := m.TagDocument(sents)
		for i, s := range d.Sentences {
			gold := parseIOB(s.Tags)
			ps := parseIOB(pred[i])
			set := make(map[span]bool, len(gold))
			for _, g := range gold {
				set[g] = true
				scores[0].Gold++
				scores[g.typ+1].Gold++
			}
			for _, p := range ps {
				scores[0].Pred++
				scores[p.typ+1].Pred++
				if set[p] {
					scores[0].Correct++
					scores[p.typ+1].Correct++
				}
			}
		}
	}
	for i := range scores {
		scores[i].finish()
	}
	return scores
}

// FormatScores renders scores as a Markdown table.
func FormatScores(scores []Score) string {
	var b strings.Builder
	b.WriteString("| type | precision | recall | F1 | gold | predicted |\n| --- | ---: | ---: | ---: | ---: | ---: |\n")
	for _, s := range scores {
		fmt.Fprintf(&b, "| %s | %.2f | %.2f | %.2f | %d | %d |\n", s.Type, 100*s.Precision, 100*s.Recall, 100*s.F1, s.Gold, s.Pred)
	}
	return b.String()
}
