package cluster

import (
	"fmt"
	"testing"
)

// strayKarvan tells the Karvan quake from the aid side, in other words than
// quakeA: alone, too thin to join the first report of the quake.
const strayKarvan = `Aid convoy reaches Karvan City
Trucks of the Red Crescent carrying tents and blankets reached Karvan City on Monday for families whose houses collapsed in Sunday's earthquake.
Volunteers unloaded supplies in the main square while engineers checked the road through the mountains.`

func TestStraysGathered(t *testing.T) {
	// An article that came while its happening's event was one report
	// opened an event alone; once the event has grown it would join, and
	// the checkpoint gathers it.
	tests := []struct {
		stray    int
		gathered bool
	}{
		{0, false},
		{1, true},
	}
	for _, tt := range tests {
		t.Run(fmt.Sprint(tt.stray), func(t *testing.T) {
			cfg := DefaultConfig()
			cfg.StraySize = tt.stray
			c := New(cfg)
			first := c.Add(doc(1, quakeA[0], ""))
			s := c.Add(doc(2, strayKarvan, ""))
			if !s.NewEvent {
				t.Fatalf("fixture: the stray joined event %d at %.3f, want an event of its own", s.EventID, s.Score)
			}
			var merged []int64
			for i, txt := range quakeA[1:] {
				a := c.Add(doc(int64(3+i), txt, ""))
				merged = append(merged, a.Merged...)
			}
			p, _ := c.Placement(2)
			got := p.EventID == c.Resolve(first.EventID)
			if got != tt.gathered {
				t.Errorf("StraySize %d: gathered = %v, want %v", tt.stray, got, tt.gathered)
			}
			if got && len(merged) == 0 {
				t.Error("the assignments do not report the stray's event as merged")
			}
		})
	}
}
