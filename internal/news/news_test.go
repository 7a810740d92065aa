package news

import "testing"

func TestClaimComparable(t *testing.T) {
	tests := []struct {
		c    Claim
		want bool
	}{
		{Claim{Text: "nearly 2,000 U.S. troops in Syria", Owner: "United States", Where: "Syria"}, true},
		{Claim{Text: "killing at least 10 people", Predicate: "dead"}, true},
		{Claim{Text: "300 civilians in Aleppo", Where: "Aleppo"}, true},
		{Claim{Text: "120,000 people"}, false},
		{Claim{Text: "$21 million", Unit: "USD"}, false},
		{Claim{Text: "288 candidates"}, false},
	}
	for _, tt := range tests {
		if got := tt.c.Comparable(); got != tt.want {
			t.Errorf("%q: comparable %v, want %v", tt.c.Text, got, tt.want)
		}
	}
}
