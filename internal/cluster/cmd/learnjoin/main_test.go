package main

import (
	"math"
	"math/rand/v2"
	"testing"
)

// TestFitLogisticRecoversWeights draws labels from a known logistic model
// and checks that the fit finds its weights (on the original scale).
func TestFitLogisticRecoversWeights(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	w := []float64{2, -1.5, 0}
	b := -0.5
	var exs []example
	for i := 0; i < 20000; i++ {
		x := []float64{r.NormFloat64(), 3 + 2*r.NormFloat64(), r.Float64()}
		z := b
		for j := range x {
			z += w[j] * x[j]
		}
		y := 0.0
		if r.Float64() < 1/(1+math.Exp(-z)) {
			y = 1
		}
		exs = append(exs, example{x: x, y: y})
	}
	m := fitLogistic(exs, []string{"a", "b", "c"}, 0.01)
	for j := range w {
		got := m.Weights[j] / m.Scale[j]
		if math.Abs(got-w[j]) > 0.1 {
			t.Errorf("weight %d = %.3f, want %.3f", j, got, w[j])
		}
	}
	bias := m.Bias
	for j := range w {
		bias -= m.Weights[j] * m.Mean[j] / m.Scale[j]
	}
	if math.Abs(bias-b) > 0.15 {
		t.Errorf("bias = %.3f, want %.3f", bias, b)
	}
}

func TestSolve(t *testing.T) {
	a := [][]float64{{0, 2, 1}, {1, 1, 0}, {3, 0, 1}}
	x := solve(a, []float64{5, 3, 6}) // x = (1, 2, 1) ... check by substitution
	for i, row := range a {
		var s float64
		for j, v := range row {
			s += v * x[j]
		}
		if want := []float64{5, 3, 6}[i]; math.Abs(s-want) > 1e-9 {
			t.Errorf("row %d: %v·x = %v, want %v", i, row, s, want)
		}
	}
}
