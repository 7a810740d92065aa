package cluster

import "testing"

// A heading of two of the event's commonest words ("Deputy Sheriff", a
// memorial page's) covers the event best by cosine but tells nothing: a
// real headline must be chosen.
func TestShortLabelsAreNoHeadlines(t *testing.T) {
	body := "Deputy sheriff Jerry Ortiz of the county sheriff department was shot and killed on Friday in Hawaiian Gardens. The deputy sheriff had knocked on a door during a gang investigation when a gunman fired."
	c := New(DefaultConfig())
	f := c.an.analyze(&Doc{Text: body})
	c.countDF(f)
	ev := &event{content: f.content}
	heads := []string{
		"Deputy Sheriff",
		"Gunman kills a deputy at a door",
		"Officer slain at a door",
	}
	for _, h := range heads {
		g := c.an.analyze(&Doc{Title: h, Text: body})
		c.addTitle(ev, h, g.title)
	}
	if got, want := ev.titles[0].text, heads[1]; got != want {
		t.Errorf("event headline %q, want %q (scores: %v)", got, want, ev.titles)
	}
}
