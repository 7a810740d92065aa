package ner

import (
	"bytes"
	"io"
	"strings"
	"testing"
)

type nopCloser struct{ io.Writer }

func (nopCloser) Close() error { return nil }

func TestFolds(t *testing.T) {
	docs := make([]Doc, 11)
	for i := range docs {
		docs[i].Sentences = []Labeled{{Tokens: []string{strings.Repeat("x", i+1)}, Tags: []string{"O"}}}
	}
	folds := Folds(docs, 5)
	seen := 0
	for f, fold := range folds {
		if len(fold) < 2 || len(fold) > 3 {
			t.Errorf("fold %d has %d documents, want 2 or 3", f, len(fold))
		}
		for _, d := range fold {
			if got := len(d.Sentences[0].Tokens[0]); got != seen+1 {
				t.Fatalf("fold %d: document %d, want %d (contiguous, in order)", f, got-1, seen)
			}
			seen++
		}
	}
	if seen != len(docs) {
		t.Errorf("folds hold %d documents, want %d", seen, len(docs))
	}
}

func TestCrossValidate(t *testing.T) {
	docs := toyCorpus()
	var preds []bytes.Buffer
	res, err := CrossValidate(Folds(docs, 2), TrainOptions{Epochs: 3, Prune: 0.01, Seed: 1}, func(int) (io.WriteCloser, error) {
		preds = append(preds, bytes.Buffer{})
		return nopCloser{&preds[len(preds)-1]}, nil
	}, nil)
	if err != nil {
		t.Fatal(err)
	}
	if len(res) != 2 || len(preds) != 2 {
		t.Fatalf("%d results and %d prediction files, want 2 and 2", len(res), len(preds))
	}
	for i, r := range res {
		if r.Scores[0].Gold == 0 {
			t.Errorf("fold %d scored no gold entities", r.Fold)
		}
		lines := strings.Split(strings.TrimSpace(preds[i].String()), "\n")
		if !strings.HasPrefix(lines[0], "-DOCSTART-") || len(strings.Fields(lines[2])) != 3 {
			t.Errorf("fold %d predictions start %q", r.Fold, lines[:3])
		}
	}
	if out := FormatFolds(res); !strings.Contains(out, "**mean**") {
		t.Errorf("FormatFolds lacks the mean:\n%s", out)
	}
}

func TestHarmonizeSurname(t *testing.T) {
	sents := [][]string{{"Marion", "Jones", "won", "."}, {"Jones", "said", "Ford", "won", "."}}
	spans := [][]span{{{0, 2, 0}}, {{0, 1, 1}, {2, 3, 1}}}
	harmonize(sents, spans)
	if spans[1][0].typ != 0 || spans[1][1].typ != 1 {
		t.Errorf("after harmonize: %v, want Jones PER and Ford unchanged", spans[1])
	}
}
