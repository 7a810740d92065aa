package cluster

import (
	"fmt"
	"strings"
	"testing"
)

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

// Pruning an event's labels keeps, for a kept word of a longer name, the
// longer name's label, so key names can show "Los Angeles" for "Angeles".
func TestPruneKeepsNamesOfKeptWords(t *testing.T) {
	c := New(DefaultConfig())
	ev := &event{}
	add := func(label string, w float32) {
		h := termHash("e:" + strings.ToLower(label))
		ev.ents = append(ev.ents, term{h, w})
		ev.labels.add(h, label)
	}
	add("Angeles", 5)
	add("Los Angeles", 0.01)
	for i := 0; i < 60; i++ {
		add(fmt.Sprintf("Name%d", i), 1)
	}
	ev.ents.sortByHash()
	c.pruneLabels(ev)
	if _, ok := ev.labels.get(termHash("e:los angeles")); !ok {
		t.Errorf("the name holding a kept word lost its label (%d labels kept)", len(ev.labels))
	}
	if len(ev.labels) > maxLabels+2 {
		t.Errorf("%d labels kept, want about %d", len(ev.labels), maxLabels)
	}
}
