package cluster

import "testing"

func TestFollowUpRecallsItsHappening(t *testing.T) {
	// Months later, an article that names when the quake struck is a
	// follow-up of it; one that does not is another happening.
	later := []struct {
		name, date, text string
		joins            bool
	}{
		{"names the year", "2020-02-20", "Karvan quake trial opens\nA court in Karvan City opened the trial of builders of houses that collapsed in Ostrava Dolna in the 2019 earthquake, governor Milan Hasek said.", true},
		{"names the month", "2019-11-20", "Karvan quake trial opens\nA court in Karvan City opened the trial of builders of houses that collapsed in Ostrava Dolna in the earthquake in March, governor Milan Hasek said.", true},
		{"names neither", "2019-11-20", "Karvan quake trial opens\nA court in Karvan City opened the trial of builders of houses that collapsed in Ostrava Dolna in the earthquake, governor Milan Hasek said.", false},
	}
	for _, tt := range later {
		t.Run(tt.name, func(t *testing.T) {
			c := New(DefaultConfig())
			var first Assignment
			for i, txt := range quakeA {
				a := c.Add(doc(int64(1+i), txt, "2019-03-10"))
				if i == 0 {
					first = a
				}
			}
			a := c.Add(doc(10, tt.text, tt.date))
			if got := c.Resolve(a.EventID) == c.Resolve(first.EventID); got != tt.joins {
				t.Errorf("joined = %v, want %v (score %.3f)", got, tt.joins, a.Score)
			}
		})
	}
}

func TestRecallSpans(t *testing.T) {
	day := parseDay("2007-04-02")
	tests := []struct {
		text string
		want []span
	}{
		{"convicted of the 2005 murder", []span{{2005 * 12, 2005*12 + 11}}},
		{"shot on June 24, 2005 in Hawaiian Gardens", []span{{2005*12 + 5, 2005*12 + 5}}},
		{"the vote in March was close", []span{{2007*12 + 2, 2007*12 + 2}}},
		{"the hearing on November 3 was delayed", []span{{2006*12 + 10, 2006*12 + 10}}},
		{"in 2007 and in April", nil},             // the article's own year and month
		{"they may march on Tuesday", nil},        // verbs, not months
		{"the 2010 plan to be done by 2012", nil}, // the future recalls nothing
		{"the shooting last month", []span{{2007*12 + 2, 2007*12 + 2}}},
		{"the riots last year", []span{{2006 * 12, 2006*12 + 11}}},
		{"the vote earlier this year", []span{{2007 * 12, 2007*12 + 2}}},
		{"the shooting two years ago", []span{{2005 * 12, 2005*12 + 11}}},
		{"the raid six months ago", []span{{2006*12 + 9, 2006*12 + 9}}},
		{"long ago", nil},
	}
	for _, tt := range tests {
		got := recallSpans(tokenize(tt.text), day)
		if len(got) != len(tt.want) {
			t.Errorf("%q: recalls %v, want %v", tt.text, got, tt.want)
			continue
		}
		for i := range got {
			if got[i] != tt.want[i] {
				t.Errorf("%q: recalls %v, want %v", tt.text, got, tt.want)
			}
		}
	}
}
