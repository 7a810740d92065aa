// Command learnjoin fits the clusterer's join model (internal/cluster,
// learned.go) from feature logs that `storyline ingest` wrote with
// STORYLINE_CLUSTER_FEATURES, labelled by a gold clustering: a candidate
// event is a positive for an article when most of its members share the
// article's gold event. It fits one model per fold of topics (trained on
// the other topics) and one on all, as JSON files for
// STORYLINE_CLUSTER_MODEL. scripts/learn-events.sh runs it.
//
//	learnjoin -docs docs.jsonl -out DIR [-folds 5] RUN...
//
// where each RUN is FEATURES.jsonl:EXPORT.jsonl (the feature log and the
// export of the same ingest, which maps stored ids to the input's ids).
package main

import (
	"bufio"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/storyline-news/storyline/internal/cluster"
)

func main() {
	docs := flag.String("docs", "", "gold documents (JSONL with id, topic, event_cluster)")
	out := flag.String("out", "", "directory for fold<k>.json and all.json")
	folds := flag.Int("folds", 5, "folds of topics, dealt round-robin in topic order")
	l2 := flag.Float64("l2", 1, "L2 penalty on the standardised weights")
	threshold := flag.Float64("threshold", 0.5, "likelihood at which an article joins")
	only := flag.String("only", "", "fit only this fold (its number) or all")
	link := flag.Bool("link", false, "fit the link model (article to article) rather than the centroid model")
	flag.Parse()
	if *docs == "" || *out == "" || flag.NArg() == 0 {
		fmt.Fprintln(os.Stderr, "usage: learnjoin -docs docs.jsonl -out DIR [-folds 5] FEATURES.jsonl:EXPORT.jsonl...")
		os.Exit(2)
	}
	if err := run(*docs, *out, *only, *link, *folds, *l2, *threshold, flag.Args()); err != nil {
		fmt.Fprintln(os.Stderr, "learnjoin:", err)
		os.Exit(1)
	}
}

type example struct {
	x     []float64
	y     float64
	topic int
}

func run(docsPath, out, only string, link bool, folds int, l2, threshold float64, runs []string) error {
	gold, topic, err := readGold(docsPath)
	if err != nil {
		return err
	}
	var names []string
	var exs []example
	for _, r := range runs {
		fpath, epath, ok := strings.Cut(r, ":")
		if !ok {
			return fmt.Errorf("%s: want FEATURES.jsonl:EXPORT.jsonl", r)
		}
		src, err := readExport(epath)
		if err != nil {
			return err
		}
		n, e, err := readLog(fpath, src, gold, topic, link)
		if err != nil {
			return err
		}
		if names == nil {
			names = n
		}
		exs = append(exs, e...)
	}
	if len(exs) == 0 {
		return errors.New("no examples")
	}
	topics := map[int]bool{}
	for _, t := range topic {
		topics[t] = true
	}
	var ts []int
	for t := range topics {
		ts = append(ts, t)
	}
	sort.Ints(ts)
	fold := map[int]int{}
	for i, t := range ts {
		fold[t] = i % folds
	}
	if err := os.MkdirAll(out, 0o755); err != nil {
		return err
	}
	fit := func(name string, keep func(example) bool, note string) error {
		var train []example
		pos := 0
		for _, e := range exs {
			if keep(e) {
				train = append(train, e)
				pos += int(e.y)
			}
		}
		m := fitLogistic(train, names, l2)
		m.Threshold = threshold
		m.Note = note
		fmt.Printf("%-8s %6d pairs, %5d positive; log-loss %.4f\n", name, len(train), pos, logLoss(m, train))
		b, err := json.MarshalIndent(m, "", " ")
		if err != nil {
			return err
		}
		return os.WriteFile(filepath.Join(out, name+".json"), append(b, '\n'), 0o644)
	}
	for k := 0; k < folds; k++ {
		if only != "" && only != fmt.Sprint(k) {
			continue
		}
		var held []string
		for _, t := range ts {
			if fold[t] == k {
				held = append(held, fmt.Sprint(t))
			}
		}
		note := fmt.Sprintf("fold %d of %d: fitted on all topics but %s", k, folds, strings.Join(held, ","))
		if err := fit(fmt.Sprintf("fold%d", k), func(e example) bool { return fold[e.topic] != k }, note); err != nil {
			return err
		}
	}
	if only != "" && only != "all" {
		return nil
	}
	return fit("all", func(example) bool { return true }, fmt.Sprintf("fitted on all %d topics", len(ts)))
}

func readGold(path string) (map[string]string, map[string]int, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, nil, err
	}
	defer f.Close()
	gold, topic := map[string]string{}, map[string]int{}
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 64<<20)
	for n := 1; sc.Scan(); n++ {
		var d struct {
			ID      string `json:"id"`
			Topic   int    `json:"topic"`
			Cluster string `json:"event_cluster"`
		}
		if err := json.Unmarshal(sc.Bytes(), &d); err != nil {
			return nil, nil, fmt.Errorf("%s:%d: %w", path, n, err)
		}
		gold[d.ID], topic[d.ID] = d.Cluster, d.Topic
	}
	return gold, topic, sc.Err()
}

// readExport maps stored article ids to the input's ids.
func readExport(path string) (map[int64]string, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	src := map[int64]string{}
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 256<<20)
	for n := 1; sc.Scan(); n++ {
		var a struct {
			ID       int64  `json:"id"`
			SourceID string `json:"source_id"`
		}
		if err := json.Unmarshal(sc.Bytes(), &a); err != nil {
			return nil, fmt.Errorf("%s:%d: %w", path, n, err)
		}
		src[a.ID] = a.SourceID
	}
	return src, sc.Err()
}

func readLog(path string, src map[int64]string, gold map[string]string, topic map[string]int, link bool) ([]string, []example, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, nil, err
	}
	defer f.Close()
	var names []string
	var exs []example
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 256<<20)
	for n := 1; sc.Scan(); n++ {
		var l struct {
			Doc       int64    `json:"doc"`
			Names     []string `json:"names"`
			LinkNames []string `json:"link_names"`
			Cands     []struct {
				Members  []int64     `json:"members"`
				X        []float64   `json:"x"`
				LinkDocs []int64     `json:"link_docs"`
				Links    [][]float64 `json:"links"`
			} `json:"cands"`
		}
		if err := json.Unmarshal(sc.Bytes(), &l); err != nil {
			return nil, nil, fmt.Errorf("%s:%d: %w", path, n, err)
		}
		if l.Names != nil {
			names = l.Names
			if link {
				names = l.LinkNames
			}
		}
		g, ok := gold[src[l.Doc]]
		if !ok {
			continue // not a gold document (or an id the export lacks)
		}
		for _, c := range l.Cands {
			if link {
				for i, d := range c.LinkDocs {
					if mg, ok := gold[src[d]]; ok && i < len(c.Links) {
						y := 0.0
						if mg == g {
							y = 1
						}
						exs = append(exs, example{x: c.Links[i], y: y, topic: topic[src[l.Doc]]})
					}
				}
				continue
			}
			same, all := 0, 0
			for _, m := range c.Members {
				if mg, ok := gold[src[m]]; ok {
					all++
					if mg == g {
						same++
					}
				}
			}
			if all == 0 {
				continue
			}
			y := 0.0
			if 2*same > all {
				y = 1
			}
			exs = append(exs, example{x: c.X, y: y, topic: topic[src[l.Doc]]})
		}
	}
	if names == nil && len(exs) > 0 {
		return nil, nil, fmt.Errorf("%s: no feature names", path)
	}
	return names, exs, sc.Err()
}

func logLoss(m *cluster.JoinModel, exs []example) float64 {
	var s float64
	for _, e := range exs {
		p := math.Min(math.Max(m.Prob(e.x), 1e-12), 1-1e-12)
		s -= e.y*math.Log(p) + (1-e.y)*math.Log(1-p)
	}
	return s / float64(len(exs))
}

// fitLogistic fits L2-penalised logistic regression on standardised
// features by Newton's method (the bias is not penalised).
func fitLogistic(exs []example, names []string, l2 float64) *cluster.JoinModel {
	d := len(names)
	m := &cluster.JoinModel{Features: names, Mean: make([]float64, d), Scale: make([]float64, d), Weights: make([]float64, d)}
	for _, e := range exs {
		for i, v := range e.x {
			m.Mean[i] += v
		}
	}
	for i := range m.Mean {
		m.Mean[i] /= float64(len(exs))
	}
	for _, e := range exs {
		for i, v := range e.x {
			m.Scale[i] += (v - m.Mean[i]) * (v - m.Mean[i])
		}
	}
	for i := range m.Scale {
		m.Scale[i] = math.Sqrt(m.Scale[i] / float64(len(exs)))
		if m.Scale[i] < 1e-9 {
			m.Scale[i] = 1 // constant in the data: its weight stays 0
		}
	}
	z := make([][]float64, len(exs)) // standardised, with a 1 for the bias last
	for k, e := range exs {
		z[k] = make([]float64, d+1)
		for i, v := range e.x {
			z[k][i] = (v - m.Mean[i]) / m.Scale[i]
		}
		z[k][d] = 1
	}
	w := make([]float64, d+1)
	for iter := 0; iter < 50; iter++ {
		g := make([]float64, d+1)
		h := make([][]float64, d+1)
		for i := range h {
			h[i] = make([]float64, d+1)
		}
		for k, e := range exs {
			var s float64
			for i, v := range z[k] {
				s += w[i] * v
			}
			p := 1 / (1 + math.Exp(-s))
			r := p - e.y
			q := p * (1 - p)
			for i, v := range z[k] {
				g[i] += r * v
				for j := 0; j <= i; j++ {
					h[i][j] += q * v * z[k][j]
				}
			}
		}
		for i := 0; i < d; i++ {
			g[i] += l2 * w[i]
			h[i][i] += l2
		}
		for i := range h {
			for j := 0; j < i; j++ {
				h[j][i] = h[i][j]
			}
			h[i][i] += 1e-9
		}
		step := solve(h, g)
		var norm float64
		for i := range w {
			w[i] -= step[i]
			norm += step[i] * step[i]
		}
		if norm < 1e-14 {
			break
		}
	}
	copy(m.Weights, w[:d])
	m.Bias = w[d]
	return m
}

// solve solves a x = b by Gaussian elimination with partial pivoting.
func solve(a [][]float64, b []float64) []float64 {
	n := len(b)
	m := make([][]float64, n)
	for i := range m {
		m[i] = append(append([]float64(nil), a[i]...), b[i])
	}
	for c := 0; c < n; c++ {
		p := c
		for r := c + 1; r < n; r++ {
			if math.Abs(m[r][c]) > math.Abs(m[p][c]) {
				p = r
			}
		}
		m[c], m[p] = m[p], m[c]
		if m[c][c] == 0 {
			continue
		}
		for r := c + 1; r < n; r++ {
			f := m[r][c] / m[c][c]
			for k := c; k <= n; k++ {
				m[r][k] -= f * m[c][k]
			}
		}
	}
	x := make([]float64, n)
	for i := n - 1; i >= 0; i-- {
		s := m[i][n]
		for k := i + 1; k < n; k++ {
			s -= m[i][k] * x[k]
		}
		if m[i][i] != 0 {
			x[i] = s / m[i][i]
		}
	}
	return x
}
