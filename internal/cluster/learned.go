package cluster

import (
	"bytes"
	_ "embed"
	"encoding/json"
	"fmt"
	"io"
	"math"
	"strings"
	"sync"
)

// The learned join: a logistic model over features of an (article,
// candidate event) pair, or of an (article, article of the event) pair,
// says how likely the article tells the event's happening. Config.LearnedJoin
// chooses whether it picks the event (1, 2) or only vetoes the hand rule's
// choice (3, the default). The models are fitted on ECB+'s gold events
// from the clusterer's own candidates (scripts/learn-events.sh writes the
// feature log with SetFeatureLog, cmd/learnjoin fits it on folds of
// topics); docs/figures/events.md compares them with the hand rule.

// joinFeatures names the features in the order the model's weights take.
// A model whose names differ is refused: weights are only meaningful
// against the features they were fitted on.
var joinFeatures = []string{
	"content",      // idf cosine, all words, article vs centroid
	"names",        // idf cosine of the name vectors (0 when either has none)
	"has_names",    // both have names
	"title",        // idf cosine of headline words
	"has_title",    // both have headline words
	"lead_names",   // the article's headline and lead names against the event's names
	"gap_log",      // ln(1+days between the article and the event's dates), 0 inside or undated
	"recalled",     // the article is later and names a month or year of the event's dates
	"date_penalty", // the hand rule's date penalty
	"size_log",     // ln(1+originals of the event)
	"single",       // the event has one original
	"actors",       // shared people and organisations (hubs aside), at most 3, /3
	"ex_content",   // best content cosine against one of the event's articles
	"ex_names",     // best name cosine against one of the event's articles
	"ex_missing",   // the event keeps no articles' vectors (too large or too old)
	"short",        // the article has fewer than 80 words
}

// linkFeatures are those of an (article, one article of the event) pair:
// the second learned join (LearnedJoin=2) scores an event by its articles
// one by one (the mean likelihood of its best LinkTop links) instead of by
// its centroid.
var linkFeatures = []string{
	"content",    // idf cosine, all words
	"names",      // idf cosine of the name vectors (0 when either has none)
	"has_names",  // both have names
	"title",      // idf cosine of headline words
	"has_title",  // both have headline words
	"lead_names", // the article's headline and lead names against the other's names
	"gap_log",    // ln(1+days apart), 0 when either is undated
	"recalled",   // the article is later and names the other's month or year
	"actors",     // shared people and organisations (hubs aside), at most 3, /3
	"short",      // the article has fewer than 80 words
}

// JoinModel is a logistic model over joinFeatures (or linkFeatures).
// Inputs are standardised by Mean and Scale before the weights apply.
type JoinModel struct {
	Features  []string  `json:"features"`
	Mean      []float64 `json:"mean"`
	Scale     []float64 `json:"scale"`
	Weights   []float64 `json:"weights"`
	Bias      float64   `json:"bias"`
	Threshold float64   `json:"threshold"`
	// Note says where the model came from (data, folds, command).
	Note string `json:"note,omitempty"`
}

// isLink says whether m is over linkFeatures.
func (m *JoinModel) isLink() bool { return len(m.Features) == len(linkFeatures) }

//go:embed join_model.json
var defaultJoinModel []byte

//go:embed link_model.json
var defaultLinkModel []byte

// The shipped models are read once; clusterers share them (a model is
// never changed after reading).
var (
	shippedJoin = sync.OnceValues(func() (*JoinModel, error) { return ReadJoinModel(bytes.NewReader(defaultJoinModel)) })
	shippedLink = sync.OnceValues(func() (*JoinModel, error) { return ReadJoinModel(bytes.NewReader(defaultLinkModel)) })
)

// DefaultJoinModel returns the centroid model shipped with the build.
func DefaultJoinModel() (*JoinModel, error) { return shippedJoin() }

// DefaultLinkModel returns the link model shipped with the build.
func DefaultLinkModel() (*JoinModel, error) { return shippedLink() }

// ReadJoinModel reads a model written by cmd/learnjoin.
func ReadJoinModel(r io.Reader) (*JoinModel, error) {
	var m JoinModel
	if err := json.NewDecoder(r).Decode(&m); err != nil {
		return nil, fmt.Errorf("join model: %w", err)
	}
	n := len(m.Features)
	if f := strings.Join(m.Features, ","); f != strings.Join(joinFeatures, ",") && f != strings.Join(linkFeatures, ",") {
		return nil, fmt.Errorf("join model: features %v, this build computes %v (or %v)", m.Features, joinFeatures, linkFeatures)
	}
	if len(m.Mean) != n || len(m.Scale) != n || len(m.Weights) != n {
		return nil, fmt.Errorf("join model: want %d means, scales and weights", n)
	}
	for i, s := range m.Scale {
		if !(s > 0) || math.IsInf(s, 0) || math.IsNaN(m.Mean[i]) || math.IsNaN(m.Weights[i]) {
			return nil, fmt.Errorf("join model: feature %s: bad mean, scale or weight", m.Features[i])
		}
	}
	if !(m.Threshold > 0 && m.Threshold < 1) {
		return nil, fmt.Errorf("join model: threshold %v not in (0, 1)", m.Threshold)
	}
	return &m, nil
}

// Prob is the model's likelihood that the pair belongs together.
func (m *JoinModel) Prob(x []float64) float64 {
	z := m.Bias
	for i, v := range x {
		z += m.Weights[i] * (v - m.Mean[i]) / m.Scale[i]
	}
	return 1 / (1 + math.Exp(-z))
}

// SetFeatureLog makes the clusterer write, for every article it places by
// similarity (not copies), one JSON line with each candidate event's
// features and members, and the event it chose: the training data of the
// join model. nil turns it off.
func (c *Clusterer) SetFeatureLog(w io.Writer) {
	c.mu.Lock()
	c.flog = w
	c.mu.Unlock()
}

// pairFeatures computes joinFeatures for the article f (as query q)
// against event e, into x.
func (c *Clusterer) pairFeatures(f *features, q *query, e *event, x []float64) {
	n := c.norms(&e.norms, e.content, e.ents, e.title)
	b := func(v bool) float64 {
		if v {
			return 1
		}
		return 0
	}
	profileCosines(q, e.content, e.ents, e.title, n, x)
	// Being dated is no evidence by itself (in ECB+ dated pairs are
	// mostly of one topic, and a model that saw "dated" joined a rehab
	// report to an earthquake of the same day): only the gap counts.
	x[6], x[7] = 0, 0
	if f.day != noDay && e.minDay != noDay {
		gap := int32(0)
		if f.day > e.maxDay {
			gap = f.day - e.maxDay
		} else if f.day < e.minDay {
			gap = e.minDay - f.day
		}
		x[6] = math.Log1p(float64(gap))
		x[7] = b(f.day > e.maxDay && recalled(f.recalls, e.minDay, e.maxDay))
	}
	x[8] = c.datePenalty(f.day, f.day, e.minDay, e.maxDay, f.recalls)
	x[9] = math.Log1p(float64(e.nOrig))
	x[10] = b(e.nOrig <= 1)
	x[11] = float64(min(c.sharedActors(f.actors, e.actors), 3)) / 3
	x[12], x[13], x[14] = x[0], x[1], 1
	if len(e.ex) > 0 {
		x[12], x[13], x[14] = 0, 0, 0
		for _, ex := range e.ex {
			n := c.norms(&ex.norms, ex.content, ex.ents, ex.title)
			x[12] = max(x[12], cosQ(q.content, ex.content, n[0]))
			if len(f.ents) > 0 && len(ex.ents) > 0 {
				x[13] = max(x[13], cosQ(q.ents, ex.ents, n[1]))
			}
		}
	}
	x[15] = b(len(f.words) < 80)
}

// profileCosines writes the first six features both models share: the
// idf cosines of the article (query q) and a profile (an event's centroid
// or one of its articles, of idf-weighted norms n) for all words, names
// (and whether both have names), headline words (and whether both have
// them), and the article's lead names against the profile's names.
func profileCosines(q *query, content, ents, title vec, n [3]float64, x []float64) {
	x[0] = cosQ(q.content, content, n[0])
	x[1], x[2] = 0, 0
	if len(q.ents.t) > 0 && len(ents) > 0 {
		x[1], x[2] = cosQ(q.ents, ents, n[1]), 1
	}
	x[3], x[4] = 0, 0
	if len(q.title.t) > 0 && len(title) > 0 {
		x[3], x[4] = cosQ(q.title, title, n[2]), 1
	}
	x[5] = cosQ(q.lead, ents, n[1])
}

// linkFeaturesOf computes linkFeatures for article f (as query q)
// against the event's article x, into y.
func (c *Clusterer) linkFeaturesOf(f *features, q *query, x *exemplar, y []float64) {
	b := func(v bool) float64 {
		if v {
			return 1
		}
		return 0
	}
	profileCosines(q, x.content, x.ents, x.title, c.norms(&x.norms, x.content, x.ents, x.title), y)
	y[6], y[7] = 0, 0
	if f.day != noDay && x.day != noDay {
		gap := f.day - x.day
		if gap < 0 {
			gap = -gap
		}
		y[6] = math.Log1p(float64(gap))
		y[7] = b(f.day > x.day && recalled(f.recalls, x.day, x.day))
	}
	y[8] = float64(min(c.sharedActors(f.actors, x.actors), 3)) / 3
	y[9] = b(len(f.words) < 80)
}

// learnedScore is the model's likelihood for the pair (hand is the hand
// rule's score, which carries the time bound), 0 across the time bound (which the stream sets, not ECB+; see EventSpanDays). The link
// model scores an event that keeps its articles' vectors by its best
// links; an event that does not (too large or too old) falls back to the
// centroid model.
func (c *Clusterer) learnedScore(f *features, q *query, e *event, hand float64, x []float64) float64 {
	if hand < -overSpan/2 {
		return 0
	}
	if c.linkModel != nil && len(e.ex) > 0 {
		top := make([]float64, max(c.cfg.LinkTop, 1))
		y := make([]float64, len(linkFeatures))
		for _, ex := range e.ex {
			c.linkFeaturesOf(f, q, ex, y)
			p := c.linkModel.Prob(y)
			for i := range top {
				if p > top[i] {
					copy(top[i+1:], top[i:len(top)-1])
					top[i] = p
					break
				}
			}
		}
		k := min(len(e.ex), len(top))
		var s float64
		for _, p := range top[:k] {
			s += p
		}
		return s / float64(k)
	}
	c.pairFeatures(f, q, e, x)
	return c.joinModel.Prob(x)
}

// logCandidate is one candidate of a feature log line.
type logCandidate struct {
	Event   int64     `json:"event"`
	Members []int64   `json:"members"`
	X       []float64 `json:"x"`
	Hand    float64   `json:"hand"`
	// Links are the event's articles kept with their vectors (by stored
	// id) and the link features against each.
	LinkDocs []int64     `json:"link_docs,omitempty"`
	Links    [][]float64 `json:"links,omitempty"`
}

// writeFeatureLog writes a feature log line for article doc.
func (c *Clusterer) writeFeatureLog(doc int64, day int32, cands []logCandidate, chosen int64) {
	line := struct {
		Doc       int64          `json:"doc"`
		Day       int32          `json:"day"`
		Cands     []logCandidate `json:"cands"`
		Chosen    int64          `json:"chosen"`
		Names     []string       `json:"names,omitempty"`
		LinkNames []string       `json:"link_names,omitempty"`
	}{doc, day, cands, chosen, nil, nil}
	if c.flogLines == 0 {
		line.Names, line.LinkNames = joinFeatures, linkFeatures
	}
	c.flogLines++
	b, err := json.Marshal(line)
	if err == nil {
		_, err = c.flog.Write(append(b, '\n'))
	}
	if err != nil {
		c.flog = nil // a diagnostic: never stop placement for it
	}
}
