package cluster

import (
	"bufio"
	"bytes"
	"encoding/json"
	"math"
	"strings"
	"testing"
)

func TestReadJoinModel(t *testing.T) {
	n := len(joinFeatures)
	good := func() map[string]any {
		ones := make([]float64, n)
		for i := range ones {
			ones[i] = 1
		}
		return map[string]any{"features": joinFeatures, "mean": make([]float64, n), "scale": ones,
			"weights": make([]float64, n), "bias": 0.0, "threshold": 0.5}
	}
	tests := []struct {
		name   string
		change func(m map[string]any)
		want   string // part of the error, "" for none
	}{
		{"good", func(map[string]any) {}, ""},
		{"other features", func(m map[string]any) { m["features"] = []string{"content"} }, "this build computes"},
		{"short weights", func(m map[string]any) { m["weights"] = []float64{1} }, "want 16"},
		{"zero scale", func(m map[string]any) { m["scale"] = make([]float64, n) }, "bad mean, scale or weight"},
		{"threshold 1", func(m map[string]any) { m["threshold"] = 1.0 }, "threshold"},
		{"no threshold", func(m map[string]any) { delete(m, "threshold") }, "threshold"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m := good()
			tt.change(m)
			b, _ := json.Marshal(m)
			_, err := ReadJoinModel(bytes.NewReader(b))
			switch {
			case tt.want == "" && err != nil:
				t.Fatalf("error %v", err)
			case tt.want != "" && (err == nil || !strings.Contains(err.Error(), tt.want)):
				t.Fatalf("error %v, want one containing %q", err, tt.want)
			}
		})
	}
	if _, err := ReadJoinModel(strings.NewReader("{")); err == nil {
		t.Error("truncated JSON read without error")
	}
}

func TestShippedModelsRead(t *testing.T) {
	for name, read := range map[string]func() (*JoinModel, error){"join": DefaultJoinModel, "link": DefaultLinkModel} {
		m, err := read()
		if err != nil {
			t.Errorf("%s model: %v", name, err)
			continue
		}
		if m.Note == "" || m.Note == "placeholder" {
			t.Errorf("%s model: note %q, want where it was fitted", name, m.Note)
		}
		var nonzero int
		for _, w := range m.Weights {
			if w != 0 {
				nonzero++
			}
		}
		if nonzero < len(m.Weights)/2 {
			t.Errorf("%s model: %d of %d weights set", name, nonzero, len(m.Weights))
		}
	}
}

func TestJoinModelProb(t *testing.T) {
	m := &JoinModel{Mean: []float64{1, 0}, Scale: []float64{2, 1}, Weights: []float64{4, -1}, Bias: 0.5}
	// z = 0.5 + 4*(3-1)/2 - 1*2 = 2.5
	if got, want := m.Prob([]float64{3, 2}), 1/(1+math.Exp(-2.5)); math.Abs(got-want) > 1e-12 {
		t.Errorf("prob = %v, want %v", got, want)
	}
}

// TestLearnedJoinSeparates runs the shipped models on the invented
// fixtures, all of one day: a happening's later reports join its first;
// the first report of another happening (a sibling earthquake, or a
// rehab story) opens its own event. (A model that counted "both dated" as
// evidence joined the rehab story to the earthquake.)
func TestLearnedJoinSeparates(t *testing.T) {
	for _, mode := range []int{1, 2, 3} {
		cfg := DefaultConfig()
		cfg.LearnedJoin = mode
		for _, tt := range []struct {
			name string
			a, b []string
		}{
			{"earthquake and rehab", quakeA, rehab},
			{"two earthquakes", quakeA, quakeB},
		} {
			c := New(cfg)
			var n int64
			for _, txts := range [][]string{tt.a, tt.b} {
				for i, txt := range txts {
					n++
					a := c.Add(doc(n, txt, "2021-03-07"))
					if a.NewEvent != (i == 0) {
						t.Errorf("LearnedJoin=%d, %s: article %d of its happening: new event %v (likelihood %.3f)", mode, tt.name, i+1, a.NewEvent, a.Score)
					}
				}
			}
			got := partition(t, c, int(n))
			want := make([]int64, n)
			for i := len(tt.a); i < int(n); i++ {
				want[i] = 1
			}
			if !samePartition(got, want) {
				t.Errorf("LearnedJoin=%d, %s: events = %v, want the first %d together and the rest together", mode, tt.name, got, len(tt.a))
			}
		}
	}
}

func TestFeatureLog(t *testing.T) {
	c := New(DefaultConfig())
	var buf bytes.Buffer
	c.SetFeatureLog(&buf)
	var placed []Assignment
	for i, txt := range append(append([]string{}, quakeA...), rehab...) {
		placed = append(placed, c.Add(doc(int64(i+1), txt, "2021-03-07")))
	}
	sc := bufio.NewScanner(&buf)
	var lines int
	for sc.Scan() {
		var l struct {
			Doc       int64
			Names     []string
			LinkNames []string `json:"link_names"`
			Cands     []logCandidate
			Chosen    int64
		}
		if err := json.Unmarshal(sc.Bytes(), &l); err != nil {
			t.Fatal(err)
		}
		if (lines == 0) != (l.Names != nil && l.LinkNames != nil) {
			t.Errorf("line %d: names %v %v: want them on the first line only", lines+1, l.Names, l.LinkNames)
		}
		a := placed[l.Doc-1]
		if a.NewEvent != (l.Chosen == 0) || !a.NewEvent && l.Chosen != a.EventID {
			t.Errorf("doc %d: logged choice %d, placed in event %d (new %v)", l.Doc, l.Chosen, a.EventID, a.NewEvent)
		}
		for _, cd := range l.Cands {
			if len(cd.X) != len(joinFeatures) || len(cd.Members) == 0 || len(cd.Links) != len(cd.LinkDocs) {
				t.Errorf("doc %d: candidate %+v", l.Doc, cd)
			}
		}
		lines++
	}
	if lines != len(placed) {
		t.Errorf("%d log lines for %d articles", lines, len(placed))
	}
}
