package ner

import (
	"fmt"
	"io"
	"math"
	"math/rand"
	"time"
)

// Doc is one document of labelled sentences, as read by ReadCoNLL.
type Doc struct {
	Sentences []Labeled
}

// Labeled is a sentence with one gold tag per token (IOB1 or IOB2).
type Labeled struct {
	Tokens []string
	Tags   []string
}

// TrainOptions controls Train. The zero value is not useful; start from
// DefaultTrainOptions.
type TrainOptions struct {
	// Epochs is the most passes over the training data; the epoch with the
	// best dev F1 is kept when dev data is given.
	Epochs int
	// TwoPass trains a second model on top of the first one's predictions
	// over the whole document (document-history features). The first
	// model's predictions on training data come from Folds-fold
	// cross-validation so that they are as noisy as on new text.
	TwoPass bool
	Folds   int
	// Prune drops averaged weights whose magnitude is below it.
	Prune float32
	// Seeds is how many perceptrons, each visiting the sentences in its
	// own order, are trained and averaged.
	Seeds int
	// Seed fixes the order in which sentences are visited.
	Seed int64
	// TrainedOn is recorded in the model's Meta.
	TrainedOn string
	// Log receives progress lines; nil discards them.
	Log io.Writer
}

// DefaultTrainOptions are the settings of the shipped model.
var DefaultTrainOptions = TrainOptions{Epochs: 20, TwoPass: false, Folds: 4, Prune: 0.1, Seeds: 5, Seed: 1}

// Train trains a model on train, choosing the number of epochs on dev when
// dev is not empty.
func Train(train, dev []Doc, opt TrainOptions) (*Model, error) {
	if len(train) == 0 {
		return nil, fmt.Errorf("ner: no training documents")
	}
	logw := opt.Log
	if logw == nil {
		logw = io.Discard
	}
	g, err := sharedGazetteer()
	if err != nil {
		return nil, err
	}
	start := time.Now()
	sch := newScheme(true)
	tr := prepareDocs(train, g, sch)
	dv := prepareDocs(dev, g, sch)

	fmt.Fprintf(logw, "pass 1: %d documents, %d dev documents\n", len(tr), len(dv))
	first, epochs1, f1 := trainStage(tr, dv, opt.Epochs, opt, logw)
	first.gaz = g
	model := first
	if opt.TwoPass {
		// Out-of-fold first-pass predictions for the training documents.
		folds := opt.Folds
		if folds < 2 {
			folds = 2
		}
		hists := make([]map[uint64]uint8, len(tr))
		for f := 0; f < folds; f++ {
			var in []*prepDoc
			for i, d := range tr {
				if i%folds != f {
					in = append(in, d)
				}
			}
			fo := opt
			fo.Log = nil
			m, _, _ := trainStage(in, nil, epochs1, fo, io.Discard)
			m.gaz = g
			for i, d := range tr {
				if i%folds == f {
					hists[i] = buildHist(d.infos, m.decodeWith(d.infos, d.dc), sch)
				}
			}
			fmt.Fprintf(logw, "pass 1 fold %d/%d done (%.0fs)\n", f+1, folds, time.Since(start).Seconds())
		}
		for i, d := range tr {
			d.dc.hist = hists[i]
		}
		for _, d := range dv {
			d.dc.hist = buildHist(d.infos, first.decodeWith(d.infos, d.dc), sch)
		}
		fmt.Fprintf(logw, "pass 2\n")
		second, _, f2 := trainStage(tr, dv, opt.Epochs, opt, logw)
		second.gaz = g
		second.first = first
		model, f1 = second, f2
	}
	model.Meta = Meta{TrainedOn: opt.TrainedOn, Epochs: epochs1, DevF1: math.Round(f1*1e4) / 1e4, Features: len(model.tab.rows) / model.k}
	fmt.Fprintf(logw, "trained in %.0fs\n", time.Since(start).Seconds())
	return model, nil
}

// prepDoc is a document ready for feature extraction, with gold tags.
type prepDoc struct {
	infos []sentInfo
	dc    *docContext
	gold  [][]int
	spans [][]span
}

func prepareDocs(docs []Doc, g *gazetteer, sch *scheme) []*prepDoc {
	out := make([]*prepDoc, 0, len(docs))
	for _, d := range docs {
		p := &prepDoc{}
		for _, s := range d.Sentences {
			if len(s.Tokens) == 0 {
				continue
			}
			p.infos = append(p.infos, prepareSentence(s.Tokens, g))
			sp := parseIOB(s.Tags)
			p.spans = append(p.spans, sp)
			p.gold = append(p.gold, sch.encode(len(s.Tokens), sp))
		}
		p.dc = gatherDoc(p.infos)
		out = append(out, p)
	}
	return out
}

// cSent is a sentence with its features as indices into the trainer's
// weight arrays.
type cSent struct {
	feats  []int32
	starts []int32
	gold   []int
	spans  []span
}

// trainer holds the dense weights of one training stage.
type trainer struct {
	sch   *scheme
	k     int
	index map[uint64]int32
	keys  []uint64
	w     []float32
	u     []float64
	tw    []float32
	tu    []float64
	c     float64
}

func (tr *trainer) compile(docs []*prepDoc, grow bool) []cSent {
	var out []cSent
	var buf []uint64
	for _, d := range docs {
		for si := range d.infos {
			s := &d.infos[si]
			cs := cSent{gold: d.gold[si], spans: d.spans[si], starts: make([]int32, len(s.toks)+1)}
			for i := range s.toks {
				cs.starts[i] = int32(len(cs.feats))
				buf = extract(buf[:0], s, i, d.dc)
				for _, h := range buf {
					id, ok := tr.index[h]
					if !ok {
						if !grow {
							continue
						}
						id = int32(len(tr.keys))
						tr.index[h] = id
						tr.keys = append(tr.keys, h)
					}
					cs.feats = append(cs.feats, id)
				}
			}
			cs.starts[len(s.toks)] = int32(len(cs.feats))
			out = append(out, cs)
		}
	}
	return out
}

func (tr *trainer) emissions(cs *cSent, w []float32, e []float32) {
	k := tr.k
	for i := 0; i+1 < len(cs.starts); i++ {
		row := e[i*k : i*k+k]
		for j := range row {
			row[j] = 0
		}
		for _, f := range cs.feats[cs.starts[i]:cs.starts[i+1]] {
			ws := w[int(f)*k : int(f)*k+k]
			for j := range row {
				row[j] += ws[j]
			}
		}
	}
}

func (tr *trainer) update(cs *cSent, pred []int) {
	k := tr.k
	for i, g := range cs.gold {
		p := pred[i]
		if g != p {
			for _, f := range cs.feats[cs.starts[i]:cs.starts[i+1]] {
				tr.w[int(f)*k+g]++
				tr.u[int(f)*k+g] += tr.c
				tr.w[int(f)*k+p]--
				tr.u[int(f)*k+p] -= tr.c
			}
		}
		pg, pp := k, k
		if i > 0 {
			pg, pp = cs.gold[i-1], pred[i-1]
		}
		if pg != pp || g != p {
			tr.tw[pg*k+g]++
			tr.tu[pg*k+g] += tr.c
			tr.tw[pp*k+p]--
			tr.tu[pp*k+p] -= tr.c
		}
	}
}

// averaged returns the averaged weights w - u/c.
func averaged(w []float32, u []float64, c float64, out []float32) []float32 {
	if out == nil {
		out = make([]float32, len(w))
	}
	for i := range w {
		out[i] = float32(float64(w[i]) - u[i]/c)
	}
	return out
}

// evaluate returns the entity F1 of weights w, tw on sents.
func (tr *trainer) evaluate(sents []cSent, w, tw []float32) float64 {
	var e []float32
	correct, pred, gold := 0, 0, 0
	for si := range sents {
		cs := &sents[si]
		n := len(cs.gold)
		if cap(e) < n*tr.k {
			e = make([]float32, n*tr.k)
		}
		e = e[:n*tr.k]
		tr.emissions(cs, w, e)
		p := make([]int, n)
		viterbi(tr.sch, tr.k, e, tw, p)
		ps := tr.sch.decode(p)
		c, _, _ := matchSpans(cs.spans, ps)
		correct += c
		pred += len(ps)
		gold += len(cs.spans)
	}
	return f1(correct, pred, gold)
}

func matchSpans(gold, pred []span) (correct, np, ng int) {
	set := make(map[span]bool, len(gold))
	for _, s := range gold {
		set[s] = true
	}
	for _, s := range pred {
		if set[s] {
			correct++
		}
	}
	return correct, len(pred), len(gold)
}

func f1(correct, pred, gold int) float64 {
	if pred == 0 || gold == 0 || correct == 0 {
		return 0
	}
	p := float64(correct) / float64(pred)
	r := float64(correct) / float64(gold)
	return 2 * p * r / (p + r)
}

// trainStage trains opt.Seeds perceptrons on docs, each visiting the
// sentences in another order, and averages their weights (a cheap
// ensemble). With dev docs the first run picks the number of epochs with
// the best dev F1 and the others use it; without, all runs use epochs. It
// returns the pruned model, the epochs used and the dev F1.
func trainStage(docs, dev []*prepDoc, epochs int, opt TrainOptions, logw io.Writer) (*Model, int, float64) {
	sch := newScheme(true)
	k := len(sch.names)
	tr := &trainer{sch: sch, k: k, index: make(map[uint64]int32)}
	sents := tr.compile(docs, true)
	devSents := tr.compile(dev, false)
	nf := len(tr.keys)
	tr.w = make([]float32, nf*k)
	tr.u = make([]float64, nf*k)
	tr.tw = make([]float32, (k+1)*k)
	tr.tu = make([]float64, (k+1)*k)
	fmt.Fprintf(logw, "  %d sentences, %d features\n", len(sents), nf)

	seeds := max(opt.Seeds, 1)
	sumW := make([]float32, nf*k)
	sumT := make([]float32, (k+1)*k)
	bestEpoch := epochs
	for run := 0; run < seeds; run++ {
		var w, t []float32
		if run == 0 {
			w, t, bestEpoch = tr.run(sents, devSents, epochs, opt.Seed, logw)
		} else {
			w, t, _ = tr.run(sents, nil, bestEpoch, opt.Seed+int64(run)*7919, io.Discard)
		}
		for i, x := range w {
			sumW[i] += x / float32(seeds)
		}
		for i, x := range t {
			sumT[i] += x / float32(seeds)
		}
		if len(devSents) > 0 && seeds > 1 {
			fmt.Fprintf(logw, "  run %d of %d done\n", run+1, seeds)
		}
	}
	f := 0.0
	if len(devSents) > 0 {
		f = tr.evaluate(devSents, sumW, sumT)
		fmt.Fprintf(logw, "  %d runs averaged, %d epochs: dev F1 %.4f\n", seeds, bestEpoch, f)
	}
	return buildModel(sch, tr.keys, sumW, sumT, opt.Prune), bestEpoch, f
}

// run trains one averaged perceptron from zero weights. With dev
// sentences it returns the weights of the epoch with the best dev F1 and
// that epoch; without, the weights after all epochs.
func (tr *trainer) run(sents, devSents []cSent, epochs int, seed int64, logw io.Writer) ([]float32, []float32, int) {
	k := tr.k
	clear(tr.w)
	clear(tr.u)
	clear(tr.tw)
	clear(tr.tu)
	tr.c = 1
	rng := rand.New(rand.NewSource(seed))
	order := make([]int, len(sents))
	for i := range order {
		order[i] = i
	}
	var e []float32
	var pred []int
	var bestW, bestT, avgW, avgT []float32
	bestF, bestEpoch := -1.0, epochs
	for ep := 1; ep <= epochs; ep++ {
		rng.Shuffle(len(order), func(i, j int) { order[i], order[j] = order[j], order[i] })
		errs := 0
		for _, si := range order {
			cs := &sents[si]
			n := len(cs.gold)
			if cap(e) < n*k {
				e = make([]float32, n*k)
				pred = make([]int, n)
			}
			e, pred = e[:n*k], pred[:n]
			tr.emissions(cs, tr.w, e)
			viterbi(tr.sch, k, e, tr.tw, pred)
			for i := range pred {
				if pred[i] != cs.gold[i] {
					tr.update(cs, pred)
					errs++
					break
				}
			}
			tr.c++
		}
		if len(devSents) == 0 {
			fmt.Fprintf(logw, "  epoch %d: %d sentences wrong\n", ep, errs)
			continue
		}
		avgW = averaged(tr.w, tr.u, tr.c, avgW)
		avgT = averaged(tr.tw, tr.tu, tr.c, avgT)
		f := tr.evaluate(devSents, avgW, avgT)
		fmt.Fprintf(logw, "  epoch %d: %d sentences wrong, dev F1 %.4f\n", ep, errs, f)
		if f > bestF {
			bestF, bestEpoch = f, ep
			bestW = append(bestW[:0], avgW...)
			bestT = append(bestT[:0], avgT...)
		}
	}
	if bestW == nil {
		return averaged(tr.w, tr.u, tr.c, nil), averaged(tr.tw, tr.tu, tr.c, nil), epochs
	}
	return bestW, bestT, bestEpoch
}

// buildModel prunes and quantises dense weights into a Model.
func buildModel(sch *scheme, keys []uint64, w, tw []float32, prune float32) *Model {
	k := len(sch.names)
	maxAbs := float32(0)
	for _, x := range w {
		if x > maxAbs {
			maxAbs = x
		} else if -x > maxAbs {
			maxAbs = -x
		}
	}
	scale := maxAbs / 32767
	if scale == 0 {
		scale = 1
	}
	if prune < scale/2 {
		prune = scale / 2
	}
	var rows []int16
	var kept []uint64
	for f, h := range keys {
		row := w[f*k : f*k+k]
		keep := false
		for _, x := range row {
			if x >= prune || -x >= prune {
				keep = true
				break
			}
		}
		if !keep {
			continue
		}
		for _, x := range row {
			if x < prune && -x < prune {
				x = 0
			}
			rows = append(rows, int16(math.Round(float64(x/scale))))
		}
		kept = append(kept, h)
	}
	m := &Model{sch: sch, k: k, trans: append([]float32(nil), tw...)}
	m.tab = newTable(len(kept))
	m.tab.rows = rows
	m.tab.scale = scale
	for i, h := range kept {
		m.tab.insert(h, int32(i))
	}
	return m
}
