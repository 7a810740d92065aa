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
	cv := flag.Int("cv", 0, "cross-validate instead: split -train and -dev documents into this many contiguous folds, train on all but one with -epochs epochs and score the other; -out is ignored")
	cvPred := flag.String("cv-pred", "", "with -cv, write each fold's \"token gold predicted\" lines to this path with %d replaced by the fold number")
	cvModels := flag.String("cv-models", "", "with -cv, read each fold's model from this path (%d: the fold) when it exists, else train and write it there")
	trainedOn := flag.String("trained-on", "CoNLL-2003 English train (eng.train); epochs chosen on dev (eng.testa)", "description stored in the model")
	clusterFile := flag.String("clusters", "", "use this word-cluster file (gzipped) instead of the embedded one, or \"-\" for none; the model written then loads only with the same file embedded")
	noSurname := flag.Bool("no-surname-rule", false, "score without the document-level surname rule (see ner.SetSurnameRule)")
	flag.Parse()
	ner.SetSurnameRule(!*noSurname)
	if *clusterFile != "" {
		ner.UseClusterFile(*clusterFile)
	}
	if *cv > 1 {
		if err := crossValidate(*train, *dev, *cv, *cvPred, *cvModels, ner.TrainOptions{Epochs: *epochs, Prune: float32(*prune), Seeds: *seeds, Seed: *seed, Folds: *folds, TwoPass: *twoPass, Log: os.Stderr}); err != nil {
			slog.Error("trainner", "err", err)
			os.Exit(1)
		}
		return
	}
	if *train == "" && *dev != "" {
		// Score the embedded model, as the product runs it.
		if err := scoreDefault(*dev, *pred); err != nil {
			slog.Error("trainner", "err", err)
			os.Exit(1)
		}
		return
	}
	if *train == "" || *out == "" {
		fmt.Fprintln(os.Stderr, "usage: trainner -train FILE [-dev FILE] -out MODEL | -dev FILE [-pred FILE] | -cv 5 -train FILE -dev FILE")
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

// crossValidate splits the documents of train and dev (in that order) into
// k contiguous folds and prints per-fold and mean entity F1.
func crossValidate(trainPath, devPath string, k int, predPattern, modelPattern string, opt ner.TrainOptions) error {
	train, err := readDocs(trainPath)
	if err != nil {
		return err
	}
	dev, err := readDocs(devPath)
	if err != nil {
		return err
	}
	docs := append(train, dev...)
	var pred func(int) (io.WriteCloser, error)
	if predPattern != "" {
		pred = func(f int) (io.WriteCloser, error) {
			return os.Create(strings.ReplaceAll(predPattern, "%d", fmt.Sprint(f)))
		}
	}
	var modelPath func(int) string
	if modelPattern != "" {
		modelPath = func(f int) string { return strings.ReplaceAll(modelPattern, "%d", fmt.Sprint(f)) }
	}
	start := time.Now()
	res, err := ner.CrossValidate(ner.Folds(docs, k), opt, pred, modelPath)
	if err != nil {
		return err
	}
	fmt.Printf("%d-fold cross-validation over %d documents, %d epochs, %d seeds (%s)\n\n", k, len(docs), opt.Epochs, opt.Seeds, time.Since(start).Round(time.Second))
	fmt.Print(ner.FormatFolds(res))
	return nil
}

// scoreDefault scores the embedded model on dev.
func scoreDefault(devPath, predPath string) error {
	dev, err := readDocs(devPath)
	if err != nil {
		return err
	}
	m, err := ner.Default()
	if err != nil {
		return err
	}
	fmt.Print(ner.FormatScores(ner.Evaluate(m, dev)))
	if predPath != "" {
		return writePredictions(devPath, predPath, m)
	}
	return nil
}
