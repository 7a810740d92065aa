package ner

import (
	"bufio"
	"bytes"
	"fmt"
	"io"
	"os"
)

// FoldScore is the result of one cross-validation fold.
type FoldScore struct {
	Fold         int
	Docs, Tokens int
	Scores       []Score // as Evaluate returns them; Scores[0] is overall
}

// Folds splits docs into k contiguous folds of about equal document count,
// keeping each document whole. Contiguous blocks keep the documents of one
// day (CoNLL files are in date order) together, so a fold is closer to new
// text than a round-robin split would be.
func Folds(docs []Doc, k int) [][]Doc {
	out := make([][]Doc, k)
	for f := 0; f < k; f++ {
		out[f] = docs[f*len(docs)/k : (f+1)*len(docs)/k]
	}
	return out
}

// CrossValidate trains on all folds but one with opt, tags the remaining
// fold with the saved (pruned, quantised) model, as shipped, and scores it.
// No dev data is given to Train, so opt.Epochs epochs are used as they are.
// When pred is not nil, each fold's tokens are written to pred(fold) as
// "token gold predicted" lines, with "-DOCSTART-" lines between documents,
// for conlleval.py. When modelPath is not nil, each fold's model is read
// from modelPath(fold) when that file exists and written there when not, so
// that changes to tagging alone can be scored without training again.
func CrossValidate(folds [][]Doc, opt TrainOptions, pred func(fold int) (io.WriteCloser, error), modelPath func(fold int) string) ([]FoldScore, error) {
	var res []FoldScore
	for f := range folds {
		var train []Doc
		for g, d := range folds {
			if g != f {
				train = append(train, d...)
			}
		}
		var buf bytes.Buffer
		path := ""
		if modelPath != nil {
			path = modelPath(f + 1)
		}
		if b, err := os.ReadFile(path); path != "" && err == nil {
			buf.Write(b)
		} else {
			m, err := Train(train, nil, opt)
			if err != nil {
				return nil, fmt.Errorf("fold %d: %w", f+1, err)
			}
			if err := m.Save(&buf); err != nil {
				return nil, fmt.Errorf("fold %d: %w", f+1, err)
			}
			if path != "" {
				if err := os.WriteFile(path, buf.Bytes(), 0o644); err != nil {
					return nil, err
				}
			}
		}
		loaded, err := Load(&buf)
		if err != nil {
			return nil, fmt.Errorf("fold %d: reload: %w", f+1, err)
		}
		fs := FoldScore{Fold: f + 1, Docs: len(folds[f]), Scores: Evaluate(loaded, folds[f])}
		for _, d := range folds[f] {
			for _, s := range d.Sentences {
				fs.Tokens += len(s.Tokens)
			}
		}
		if pred != nil {
			w, err := pred(f + 1)
			if err != nil {
				return nil, err
			}
			if err := writeFold(w, loaded, folds[f]); err != nil {
				w.Close()
				return nil, fmt.Errorf("fold %d: %w", f+1, err)
			}
			if err := w.Close(); err != nil {
				return nil, err
			}
		}
		if opt.Log != nil {
			fmt.Fprintf(opt.Log, "fold %d: F1 %.2f\n", f+1, 100*fs.Scores[0].F1)
		}
		res = append(res, fs)
	}
	return res, nil
}

func writeFold(w io.Writer, m *Model, docs []Doc) error {
	bw := bufio.NewWriter(w)
	for _, d := range docs {
		bw.WriteString("-DOCSTART- O O\n\n")
		sents := make([][]string, len(d.Sentences))
		for i, s := range d.Sentences {
			sents[i] = s.Tokens
		}
		tags := m.TagDocument(sents)
		for i, s := range d.Sentences {
			for j, t := range s.Tokens {
				fmt.Fprintf(bw, "%s %s %s\n", t, s.Tags[j], tags[i][j])
			}
			bw.WriteString("\n")
		}
	}
	return bw.Flush()
}

// FormatFolds renders per-fold and mean entity F1 as a Markdown table. The
// mean is the unweighted mean of the folds' F1; the pooled figure sums the
// counts of all folds.
func FormatFolds(res []FoldScore) string {
	var b bytes.Buffer
	b.WriteString("| fold | documents | tokens | precision | recall | F1 |\n| ---: | ---: | ---: | ---: | ---: | ---: |\n")
	var sum float64
	pooled := Score{Type: "ALL"}
	for _, r := range res {
		s := r.Scores[0]
		fmt.Fprintf(&b, "| %d | %d | %d | %.2f | %.2f | %.2f |\n", r.Fold, r.Docs, r.Tokens, 100*s.Precision, 100*s.Recall, 100*s.F1)
		sum += s.F1
		pooled.Correct += s.Correct
		pooled.Pred += s.Pred
		pooled.Gold += s.Gold
	}
	pooled.finish()
	if len(res) > 0 {
		fmt.Fprintf(&b, "| **mean** | | | | | **%.2f** |\n", 100*sum/float64(len(res)))
		fmt.Fprintf(&b, "| pooled | | | %.2f | %.2f | %.2f |\n", 100*pooled.Precision, 100*pooled.Recall, 100*pooled.F1)
	}
	return b.String()
}
