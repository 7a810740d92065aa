// Command trainner trains the named-entity model on CoNLL-format data and
// writes it in the format that package ner embeds.
//
//	go run ./internal/analyze/ner/cmd/trainner -train train.txt.gz -dev dev.txt.gz -out internal/analyze/ner/model/model.bin.gz
package main

import (
	"bytes"
	"compress/gzip"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"strings"
	"time"

	"github.com/storyline-news/storyline/internal/analyze/ner"
)

func main() {
	train := flag.String("train", "", "CoNLL training file (.gz allowed)")
	dev := flag.String("dev", "", "CoNLL development file, to choose the epochs and report scores")
	out := flag.String("out", "", "model file to write")
	epochs := flag.Int("epochs", ner.DefaultTrainOptions.Epochs, "most training epochs")
	twoPass := flag.Bool("twopass", ner.DefaultTrainOptions.TwoPass, "train a second pass on document-level predictions")
	folds := flag.Int("folds", ner.DefaultTrainOptions.Folds, "cross-validation folds for the first pass's training predictions")
	prune := flag.Float64("prune", float64(ner.DefaultTrainOptions.Prune), "drop averaged weights below this magnitude")
	seeds := flag.Int("seeds", ner.DefaultTrainOptions.Seeds, "perceptrons trained in different orders and averaged")
	seed := flag.Int64("seed", ner.DefaultTrainOptions.Seed, "shuffling seed")
	pred := flag.String("pred", "", "write the dev file with predicted tags appended here, for conlleval.py")
	trainedOn := flag.String("trained-on", "CoNLL-2003 English train (eng.train); epochs chosen on dev (eng.testa)", "description stored in the model")
	flag.Parse()
	if *train == "" || *out == "" {
		fmt.Fprintln(os.Stderr, "usage: trainner -train FILE [-dev FILE] -out MODEL")
		os.Exit(2)
	}
	if err := run(*train, *dev, *out, *pred, ner.TrainOptions{Epochs: *epochs, TwoPass: *twoPass, Folds: *folds,
		Prune: float32(*prune), Seeds: *seeds, Seed: *seed, TrainedOn: *trainedOn, Log: os.Stderr}); err != nil {
		slog.Error("trainner", "err", err)
		os.Exit(1)
	}
}

func readDocs(path string) ([]ner.Doc, error) {
	if path == "" {
		return nil, nil
	}
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	var r io.Reader = f
	if strings.HasSuffix(path, ".gz") {
		zr, err := gzip.NewReader(f)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", path, err)
		}
		r = zr
	}
	docs, err := ner.ReadCoNLL(r)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return docs, nil
}

func run(trainPath, devPath, out, predPath string, opt ner.TrainOptions) error {
	train, err := readDocs(trainPath)
	if err != nil {
		return err
	}
	dev, err := readDocs(devPath)
	if err != nil {
		return err
	}
	start := time.Now()
	m, err := ner.Train(train, dev, opt)
	if err != nil {
		return err
	}
	var buf bytes.Buffer
	if err := m.Save(&buf); err != nil {
		return err
	}
	if err := os.WriteFile(out, buf.Bytes(), 0o644); err != nil {
		return err
	}
	fmt.Fprintf(os.Stderr, "wrote %s (%d bytes) after %s\n", out, buf.Len(), time.Since(start).Round(time.Second))
	if len(dev) == 0 {
		return nil
	}
	// Score the saved (pruned, quantised) model, as shipped.
	loaded, err := ner.Load(bytes.NewReader(buf.Bytes()))
	if err != nil {
		return fmt.Errorf("reload: %w", err)
	}
	fmt.Print(ner.FormatScores(ner.Evaluate(loaded, dev)))
	if predPath != "" {
		return writePredictions(devPath, predPath, loaded)
	}
	return nil
}

// writePredictions tags the dev file with TagCoNLL, as `storyline ner
// --conll` does, so that conlleval.py can score it.
func writePredictions(devPath, predPath string, m *ner.Model) error {
	f, err := os.Open(devPath)
	if err != nil {
		return err
	}
	defer f.Close()
	var r io.Reader = f
	if strings.HasSuffix(devPath, ".gz") {
		zr, err := gzip.NewReader(f)
		if err != nil {
			return fmt.Errorf("%s: %w", devPath, err)
		}
		r = zr
	}
	w, err := os.Create(predPath)
	if err != nil {
		return err
	}
	if err := ner.TagCoNLL(r, w, m); err != nil {
		w.Close()
		return err
	}
	return w.Close()
}
