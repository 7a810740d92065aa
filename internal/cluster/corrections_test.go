package cluster

import (
	"fmt"
	"slices"
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

// strayKarvan2 tells the aid convoy of strayKarvan again.
const strayKarvan2 = `Relief trucks arrive in Karvan City
Red Crescent trucks loaded with tents and blankets arrived in Karvan City on Monday for the families whose houses collapsed in Sunday's earthquake.
Volunteers unloaded the tents and blankets in the main square.`

func TestStrayEventsUpToStraySize(t *testing.T) {
	// A stray event of two articles is gathered when StraySize allows two
	// or more, and left alone below that.
	for _, size := range []int{1, 2, 3} {
		cfg := DefaultConfig()
		// Built with no corrections, so that only absorbStrays moves it.
		cfg.StraySize, cfg.RelocateEvents = 0, 0
		cfg.MergeThreshold, cfg.BridgeThreshold = 2, 2
		c := New(cfg)
		// The strays come while quakeA's event is one report (whose bar
		// is higher), then the rest of quakeA.
		c.Add(doc(1, quakeA[0], ""))
		c.Add(doc(10, strayKarvan, ""))
		c.Add(doc(11, strayKarvan2, ""))
		for i, txt := range quakeA[1:] {
			c.Add(doc(int64(2+i), txt, ""))
		}
		big, stray := c.root(c.docs[c.byID[1]].event), c.root(c.docs[c.byID[10]].event)
		if big == stray || c.root(c.docs[c.byID[11]].event) != stray || c.events[stray].nOrig != 2 {
			t.Fatalf("fixture: want quakeA's event and a stray event of two articles apart")
		}
		c.cfg.StraySize = size
		a := &Assignment{}
		c.absorbStrays(big, a)
		gathered := c.root(c.docs[c.byID[10]].event) == c.root(big) && c.root(c.docs[c.byID[11]].event) == c.root(big)
		if want := size >= 2; gathered != want || (gathered && len(a.Merged) != 1) {
			t.Errorf("StraySize %d: gathered = %v (merged %v), want %v", size, gathered, a.Merged, want)
		}
	}
}

// quakeC is a sibling of quakeA: another quake told in the same words, with
// other places, people and figures.
var quakeC = []string{
	`Strong earthquake hits Dravin province, seven dead
A magnitude 5.4 earthquake struck the mountain town of Velika Brana in Dravin province on Tuesday, killing seven people and injuring dozens, the regional governor Anton Kresnik said.
The quake destroyed houses in three villages around Velika Brana and cut the road to the provincial capital Dravin City.
Rescue teams from the Dravin Red Crescent searched the rubble through the night, Kresnik told reporters.`,
	`Seven killed as quake shakes Dravin
At least seven people died when a 5.4-magnitude earthquake shook Dravin province on Tuesday, governor Anton Kresnik said.
The epicentre was near Velika Brana, where many mud-brick houses collapsed.
Kresnik said Red Crescent rescuers were still searching the rubble for survivors in the villages near Velika Brana.`,
	`Dravin earthquake: death toll rises to seven
The death toll from Tuesday's earthquake in Dravin province rose to seven, provincial governor Anton Kresnik announced.
The 5.4 magnitude tremor flattened homes in Velika Brana and nearby villages.
Aid from the Red Crescent reached Dravin City on Wednesday, Kresnik said.`,
}

func TestWouldSplitVetoesSiblingMerge(t *testing.T) {
	// Two events that a split would separate again (each has its own
	// anchor names) are not merged: the merge would only be undone.
	build := func(veto int) (*Clusterer, int32, int32) {
		cfg := DefaultConfig()
		cfg.MergeVeto = veto
		return twoQuakes(t, cfg, len(quakeC))
	}
	tests := []struct {
		veto int
		want bool
	}{{1, true}, {0, false}}
	for _, tt := range tests {
		c, a, b := build(tt.veto)
		if got := c.wouldSplit(a, b); got != tt.want {
			t.Errorf("MergeVeto %d: wouldSplit = %v, want %v", tt.veto, got, tt.want)
		}
	}
}

func TestHeadlinelessShingles(t *testing.T) {
	tests := []struct {
		text    string
		derived bool
		want    int // words kept
	}{
		{"Quake hits Karvan province\nTwelve people died when the quake struck on Sunday.", true, 9},
		{"Quake hits Karvan province\nTwelve people died when the quake struck on Sunday.", false, 13},
		{"Quake hits Karvan province", true, 4}, // nothing after it: the text itself
		{"One two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen\nMore.", true, 17},
		{"Hi\nQuake hits Karvan\nTwelve died.", true, 3},                             // the first line of three words or more
		{"April 28, 2009\nQuake hits Karvan province\nTwelve people died.", true, 6}, // not a dateline
	}
	for _, tt := range tests {
		if got := len(headlineless(tokenize(tt.text), tt.derived)); got != tt.want {
			t.Errorf("headlineless(%q, %v) keeps %d words, want %d", tt.text, tt.derived, got, tt.want)
		}
	}
}

func TestReheadlinedShortCopy(t *testing.T) {
	// A short story copied under another headline is a copy.
	body := "Twelve people died when a strong earthquake struck Ostrava Dolna on Sunday, governor Milan Hasek said."
	c := New(DefaultConfig())
	c.Add(doc(1, "Strong earthquake in the mountains of Karvan province kills twelve\n"+body, ""))
	a := c.Add(doc(2, "Governor Hasek mourns twelve dead after Ostrava Dolna quake\n"+body, ""))
	if a.DuplicateOf != 1 {
		t.Errorf("reheadlined copy: duplicate of %d (%s), want 1", a.DuplicateOf, a.DupKind)
	}
}

func TestDeriveTitleSkipsDatelines(t *testing.T) {
	tests := []struct{ text, want string }{
		{"April 28, 2009\nObama restores species rule\nBody text follows here.", "Obama restores species rule"},
		{"Posted 11/27/2005 7:21 AM | Updated 11/27/2005 3:41 PM\nStrong earthquake jolts southern Iran\nBody.", "Strong earthquake jolts southern Iran"},
		{"Monday, 28 November 2005, 02:24 GMT\nTen dead in Iran quake", "Ten dead in Iran quake"},
		{"Quake in May kills ten\nBody.", "Quake in May kills ten"},
		{"Ten\nVillagers shelter in tents after the quake", "Villagers shelter in tents after the quake"},
	}
	for _, tt := range tests {
		if got := deriveTitle(tt.text); got != tt.want {
			t.Errorf("deriveTitle(%q) = %q, want %q", tt.text, got, tt.want)
		}
	}
}

func TestEarlierCopyMovesWithItsOriginal(t *testing.T) {
	// A copy published before the article it copies becomes the original
	// (the root that placements are read from). When a correction moves
	// the article to another event, the copy must follow.
	c := New(DefaultConfig())
	c.Add(doc(1, quakeC[0], "2020-01-02"))
	cp := c.Add(doc(2, "Dravin Times\n"+quakeC[0]+"\nAll rights reserved.", "2020-01-01"))
	if cp.NewOriginalOf != 1 {
		t.Fatalf("fixture: the earlier copy is not the new original (%+v)", cp)
	}
	e := c.root(c.docs[c.byID[1]].event)
	f := c.newEmptyEvent()
	c.rebuild(f, c.events[e].ex)
	c.rebuild(e, nil)
	c.redistributeMembers(e, f)
	c.placeStory(f)
	for _, id := range []int64{1, 2} {
		if p, _ := c.Placement(id); p.EventID != c.events[f].id {
			t.Errorf("article %d is in event %d after the move, want %d", id, p.EventID, c.events[f].id)
		}
	}
}

func TestRelocateMovesAFounder(t *testing.T) {
	// An event's first members are as likely misplaced as its later ones:
	// relocation may move any of them (it once skipped the first two).
	c, a, b := twoQuakes(t, DefaultConfig(), len(quakeC))
	// quakeC's first report misplaced at the head of quakeA's event.
	misplace(c, 10, a, b, true)
	c.TrackChanges()
	c.Changed()
	c.relocate(a, &Assignment{})
	if got, want := c.root(c.docs[c.byID[10]].event), c.root(b); got != want {
		t.Errorf("the misplaced first member stayed in event %d, want %d", c.events[got].id, c.events[want].id)
	}
	if got, want := c.Changed(), []int64{c.events[a].id, c.events[b].id}; !slices.Equal(got, want) {
		t.Errorf("Changed after the move = %v, want %v", got, want)
	}
}

func TestRelocateKeepsAPairTogether(t *testing.T) {
	// A misplaced article moves to the one-article event of its happening;
	// that event's own article must not then be weighed against a profile
	// without it (empty: a score of 0) and sent away in exchange.
	c, a, b := twoQuakes(t, DefaultConfig(), 2)
	// quakeC's first report misplaced in quakeA's event; its second alone.
	misplace(c, 10, a, b, false)
	c.relocate(a, &Assignment{})
	p10, _ := c.Placement(10)
	p11, _ := c.Placement(11)
	p1, _ := c.Placement(1)
	if p10.EventID != p11.EventID || p10.EventID == p1.EventID {
		t.Errorf("after relocation: quakeC reports in events %d and %d, quakeA in %d; want quakeC together, apart from quakeA",
			p10.EventID, p11.EventID, p1.EventID)
	}
}

// twoQuakes builds the events of quakeA (articles 1-3) and of the first nC
// reports of quakeC (articles 10-) apart, with merges off while building,
// and returns them: two complete events.
func twoQuakes(t *testing.T, cfg Config, nC int) (*Clusterer, int32, int32) {
	t.Helper()
	cfg.MergeThreshold, cfg.BridgeThreshold = 2, 2 // no merge while building
	c := New(cfg)
	for i, txt := range quakeA {
		c.Add(doc(int64(1+i), txt, ""))
	}
	for i, txt := range quakeC[:nC] {
		c.Add(doc(int64(10+i), txt, ""))
	}
	a, b := c.root(c.docs[c.byID[1]].event), c.root(c.docs[c.byID[10]].event)
	if a == b || !c.events[a].complete() || !c.events[b].complete() ||
		c.events[a].nOrig != int32(len(quakeA)) || c.events[b].nOrig != int32(nC) {
		t.Fatalf("fixture: want complete events of %d and %d, got %d (%d) and %d (%d)",
			len(quakeA), nC, a, c.events[a].nOrig, b, c.events[b].nOrig)
	}
	return c, a, b
}

// misplace moves article id's exemplar from event b to the head (or the
// tail) of event a, as an unlucky arrival order would have left it.
func misplace(c *Clusterer, id int64, a, b int32, head bool) {
	var stray, rest []*exemplar
	for _, x := range c.events[b].ex {
		if c.docs[x.doc].id == id {
			stray = append(stray, x)
		} else {
			rest = append(rest, x)
		}
	}
	if head {
		c.rebuild(a, append(stray, c.events[a].ex...))
	} else {
		c.rebuild(a, append(c.events[a].ex, stray...))
	}
	c.rebuild(b, rest)
	c.redistributeMembers(a, b)
	c.index(a)
	c.index(b)
}

func TestActorsMoveWithTheirArticles(t *testing.T) {
	// A split or a move rebuilds an event from its articles; the people and
	// organisations they name (which link storylines) must follow them.
	c, a, b := twoQuakes(t, DefaultConfig(), len(quakeC))
	union := func(xs []*exemplar) []uint32 {
		var out []uint32
		for _, x := range xs {
			out = append(out, x.actors...)
		}
		slices.Sort(out)
		return slices.Compact(out)
	}
	onlyC := union(c.events[b].ex)
	if len(onlyC) == 0 {
		t.Fatal("fixture: quakeC's reports name no actor")
	}
	// All of quakeC's reports misplaced into quakeA's event, then taken out
	// again, as a split does.
	for _, x := range c.events[b].ex {
		misplace(c, c.docs[x.doc].id, a, b, false)
	}
	moved := c.events[a].ex[len(quakeA):]
	f := c.newEmptyEvent()
	c.rebuild(a, c.events[a].ex[:len(quakeA)])
	c.rebuild(f, moved)
	if got := c.events[f].actors; !slices.Equal(got, union(moved)) {
		t.Errorf("split-off event's actors = %v, want its articles' %v", got, union(moved))
	}
	if got, want := c.events[a].actors, union(c.events[a].ex); !slices.Equal(got, want) {
		t.Errorf("remaining event's actors = %v, want its articles' %v", got, want)
	}
}
