package cluster

import (
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"
)

// The fixtures below are invented news texts (no data set text): three
// pairs of similar happenings that differ in place, people and date.
var quakeA = []string{
	`Strong earthquake hits Karvan province, twelve dead
A magnitude 6.1 earthquake struck the mountain town of Ostrava Dolna in Karvan province on Sunday, killing twelve people and injuring dozens, the regional governor Milan Hasek said.
The quake destroyed houses in three villages around Ostrava Dolna and cut the road to the provincial capital Karvan City.
Rescue teams from the Karvan Red Crescent searched the rubble through the night, Hasek told reporters.`,
	`Twelve killed as quake shakes Karvan
At least twelve people died when a 6.1-magnitude earthquake shook Karvan province on Sunday, governor Milan Hasek said.
The epicentre was near Ostrava Dolna, where many mud-brick houses collapsed.
Hasek said Red Crescent rescuers were still searching the rubble for survivors in the villages near Ostrava Dolna.`,
	`Karvan earthquake: death toll rises to twelve
The death toll from Sunday's earthquake in Karvan province rose to twelve, provincial governor Milan Hasek announced.
The 6.1 magnitude tremor flattened homes in Ostrava Dolna and nearby villages.
Aid from the Red Crescent reached Karvan City on Monday, Hasek said.`,
}

var quakeB = []string{
	`Earthquake shakes Lestovia coast, two injured
A magnitude 5.2 earthquake struck the fishing port of Marisol on the Lestovia coast on Friday, injuring two people, the mayor Elena Ruiz said.
Windows shattered in the old harbour district of Marisol and a church tower cracked.
Mayor Ruiz said the Lestovia civil protection agency had inspected the damaged buildings.`,
	`Two hurt as quake rattles Marisol
Two people were injured when a 5.2-magnitude earthquake rattled the Lestovia port town of Marisol on Friday, mayor Elena Ruiz said.
The tremor cracked a church tower and shattered windows in the harbour district.
Ruiz said Lestovia civil protection engineers would check every building in Marisol.`,
	`Marisol counts the damage after Friday's earthquake
Engineers of the Lestovia civil protection agency inspected buildings in Marisol after Friday's 5.2 magnitude earthquake injured two people.
Mayor Elena Ruiz said the cracked church tower would stay closed.
Fishermen in the Marisol harbour said the tremor lasted about ten seconds.`,
}

var rehab = []string{
	`Singer Nora Vance checks into rehab
Pop singer Nora Vance has checked into the Willow Creek treatment centre in Arizona, her publicist Tom Baxter confirmed on Tuesday.
Baxter asked fans to respect the privacy of Vance and her family.
Vance, 29, cancelled the last dates of her Horizon tour last month.`,
	`Nora Vance enters Willow Creek rehab facility
Nora Vance entered the Willow Creek rehab facility in Arizona, publicist Tom Baxter said Tuesday.
The singer cancelled the final shows of her Horizon tour in March.
"We ask everyone to respect her privacy," Baxter said of Vance.`,
	`Publicist: Nora Vance in treatment
Nora Vance is receiving treatment at Willow Creek in Arizona, her publicist Tom Baxter told reporters on Tuesday.
Vance, who cancelled her Horizon tour dates, is expected to stay several weeks, Baxter said.`,
}

// doc makes a Doc from a fixture text.
func doc(id int64, text, date string) Doc {
	return Doc{ID: id, Text: text, Published: date}
}

func TestTokenize(t *testing.T) {
	tests := []struct {
		in   string
		want []string // lower forms
	}{
		{"Tara Reid's rehab", []string{"tara", "reid", "rehab"}},
		{"the U.S. military", []string{"the", "us", "military"}},
		{"5.6 magnitude, 100,000 people", []string{"5.6", "magnitude", "100000", "people"}},
		{"O'Brien co-workers", []string{"obrien", "co", "workers"}},
		{"", nil},
		{"...!!", nil},
	}
	for _, tt := range tests {
		var got []string
		for _, w := range tokenize(tt.in) {
			got = append(got, w.lower)
		}
		if fmt.Sprint(got) != fmt.Sprint(tt.want) {
			t.Errorf("tokenize(%q) = %v, want %v", tt.in, got, tt.want)
		}
	}
}

func TestTokenizeFlags(t *testing.T) {
	ws := tokenize("Police said Tara Reid left. Then NATO met, and I'm sure I’ve seen Iowa.")
	flags := map[string][3]bool{} // cap, initial, acronym
	for _, w := range ws {
		flags[w.lower] = [3]bool{w.cap, w.initial, w.acronym}
	}
	tests := []struct {
		w    string
		want [3]bool
	}{
		{"police", [3]bool{true, true, false}},
		{"said", [3]bool{false, false, false}},
		{"tara", [3]bool{true, false, false}},
		{"then", [3]bool{true, true, false}},
		{"nato", [3]bool{true, false, true}},
		{"im", [3]bool{false, false, false}}, // the pronoun, not a name
		{"ive", [3]bool{false, false, false}},
		{"iowa", [3]bool{true, false, false}},
	}
	for _, tt := range tests {
		if got := flags[tt.w]; got != tt.want {
			t.Errorf("%s: cap, initial, acronym = %v, want %v", tt.w, got, tt.want)
		}
	}
}

func TestStem(t *testing.T) {
	tests := []struct{ in, want string }{
		{"quakes", "quake"},
		{"killed", "kill"},
		{"stopped", "stop"},
		{"countries", "country"},
		{"bus", "bus"},
		{"rehab", "rehab"},
		{"hosting", "host"},
	}
	for _, tt := range tests {
		if got := stem(tt.in); got != tt.want {
			t.Errorf("stem(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestNumberKey(t *testing.T) {
	tests := []struct{ in, want string }{
		{"2008", "#2008"},
		{"5.6", "#5.6"},
		{"100,000", "#100000"},
		{"7", ""},
		{"8:52", ""},
		{"3rd", ""},
	}
	for _, tt := range tests {
		if got := numberKey(tt.in); got != tt.want {
			t.Errorf("numberKey(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

// body is the fixtures' long text: long enough for MinHash to matter.
var body = strings.Repeat("", 0) + `The city council of Brennholt voted on Thursday to close the old river bridge to all traffic after engineers found deep cracks in two of its stone pillars.
Mayor Ilse Brandauer said the closure would last at least eighteen months while the council looks for money to repair the bridge, which was built in 1873.
Commuters will have to use the motorway crossing six kilometres downstream, adding up to half an hour to the journey into the town centre.
Shopkeepers on Bridge Street said they feared losing customers and asked the council for help with their rents during the works.
The regional transport authority promised extra buses from the eastern districts and a temporary ferry for pedestrians and cyclists from next month.
Engineers from the state highways agency will survey the pillars again in the spring before a final decision on a repair or a new bridge is taken.`

func TestDuplicates(t *testing.T) {
	lines := strings.Split(body, "\n")
	tests := []struct {
		name string
		copy string
		want DupKind
	}{
		{"exact", body, ExactDuplicate},
		{"new headline and byline", "Bridge shut for repairs\nBy Staff Reporter\n" + body, NearDuplicate},
		{"boilerplate around", "Home | News | Sport | Weather\nShare this article\n" + body + "\nSign up for our newsletter\n© 2024 The Example Post. All rights reserved.", NearDuplicate},
		{"truncated", strings.Join(lines[:4], "\n"), NearDuplicate},
		{"extended", body + "\nThe bridge was last repaired in 1961 after a flood damaged its eastern arch.\nA petition to save it has collected four thousand signatures.", NearDuplicate},
		// A republisher's excerpt: half the text under its own headline,
		// byline, site furniture and a teaser for another story.
		{"excerpt, reheadlined and wrapped", "Old bridge closes for a year and a half\nBy Staff Reporter | Daily Wire\nHome | News | Sport\n" + strings.Join(lines[:3], "\n") +
			"\nShare this article\nRead next: the harbour festival returns with a record number of sailing ships ...", NearDuplicate},
		{"other story", quakeA[0], NotDuplicate},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := New(DefaultConfig())
			c.Add(doc(1, body, ""))
			a := c.Add(doc(2, tt.copy, ""))
			if a.DupKind != tt.want {
				t.Fatalf("DupKind = %v (similarity %.2f), want %v", a.DupKind, a.DupSimilarity, tt.want)
			}
			if tt.want != NotDuplicate {
				if a.DuplicateOf != 1 {
					t.Errorf("DuplicateOf = %d, want 1", a.DuplicateOf)
				}
				if a.EventID != c.Add(doc(1, body, "")).EventID {
					t.Errorf("copy is not in its original's event")
				}
			}
		})
	}
}

func TestEarliestPublishedIsOriginal(t *testing.T) {
	c := New(DefaultConfig())
	c.Add(doc(1, body, "2024-03-02"))
	a := c.Add(doc(2, "Bridge shut\n"+body, "2024-03-01"))
	if a.DuplicateOf != 0 || a.NewOriginalOf != 1 {
		t.Fatalf("earlier copy: DuplicateOf %d NewOriginalOf %d, want 0 and 1", a.DuplicateOf, a.NewOriginalOf)
	}
	if p, _ := c.Placement(1); p.DuplicateOf != 2 {
		t.Errorf("article 1 now copies %d, want 2", p.DuplicateOf)
	}
}

// BoilerplateLinesAreDropped: a site's repeated furniture stops counting.
func TestBoilerplateLinesAreDropped(t *testing.T) {
	s := newLineSketch()
	furniture := "Share this article\nSubscribe to our newsletter"
	var got string
	for i := 0; i < 4; i++ {
		got = s.stripBoilerplate(fmt.Sprintf("Story number %d is about something else entirely.\n%s", i, furniture), 3)
	}
	if strings.Contains(got, "Share this article") || !strings.Contains(got, "Story number 3") {
		t.Errorf("after 3 sightings the furniture should go and the story stay, got %q", got)
	}
}

// partition returns, for each fixture index, its event id under c.
func partition(t *testing.T, c *Clusterer, n int) []int64 {
	t.Helper()
	out := make([]int64, n)
	for i := range out {
		a, ok := c.Placement(int64(i + 1))
		if !ok {
			t.Fatalf("article %d unknown", i+1)
		}
		out[i] = a.EventID
	}
	return out
}

// samePartition reports whether two labelings group items identically.
func samePartition(a, b []int64) bool {
	m1, m2 := map[int64]int64{}, map[int64]int64{}
	for i := range a {
		if x, ok := m1[a[i]]; ok && x != b[i] {
			return false
		}
		if x, ok := m2[b[i]]; ok && x != a[i] {
			return false
		}
		m1[a[i]], m2[b[i]] = b[i], a[i]
	}
	return true
}

func TestSimilarEventsStayApart(t *testing.T) {
	tests := []struct {
		name string
		a, b []string
		da   string
		db   string
	}{
		{"two earthquakes, other places, no dates", quakeA, quakeB, "", ""},
		{"two earthquakes, other places, dated", quakeA, quakeB, "2021-03-07", "2021-03-12"},
		{"earthquake and rehab", quakeA, rehab, "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := New(DefaultConfig())
			var ids []int64
			for i, txt := range tt.a {
				ids = append(ids, c.Add(doc(int64(i+1), txt, tt.da)).EventID)
			}
			for i, txt := range tt.b {
				ids = append(ids, c.Add(doc(int64(len(tt.a)+i+1), txt, tt.db)).EventID)
			}
			got := partition(t, c, len(ids))
			want := make([]int64, len(ids))
			for i := range want {
				if i >= len(tt.a) {
					want[i] = 1
				}
			}
			if !samePartition(got, want) {
				t.Errorf("events = %v, want the first %d together and the rest together", got, len(tt.a))
			}
		})
	}
}

func TestDatesKeepRepeatsApart(t *testing.T) {
	// The same kind of statement by the same people, months apart, is two
	// happenings.
	c := New(DefaultConfig())
	a := c.Add(doc(1, rehab[0], "2020-03-10"))
	b := c.Add(doc(2, rehab[1], "2021-06-01"))
	if a.EventID == b.EventID {
		t.Errorf("articles 15 months apart joined event %d", a.EventID)
	}
	if a.StorylineID != b.StorylineID {
		t.Errorf("same people and subject: storylines %d and %d, want one", a.StorylineID, b.StorylineID)
	}
}

func TestOrderIndependence(t *testing.T) {
	var texts []string
	texts = append(texts, quakeA...)
	texts = append(texts, quakeB...)
	texts = append(texts, rehab...)
	var ref []int64
	for seed := uint64(1); seed <= 6; seed++ {
		perm := rand.New(rand.NewPCG(seed, 9)).Perm(len(texts))
		c := New(DefaultConfig())
		for _, i := range perm {
			c.Add(doc(int64(i+1), texts[i], ""))
		}
		got := partition(t, c, len(texts))
		if ref == nil {
			ref = got
			if n := len(distinct(got)); n != 3 {
				t.Fatalf("order %d: %d events %v, want 3", seed, n, got)
			}
			continue
		}
		if !samePartition(ref, got) {
			t.Errorf("order %d: events %v differ from order 1: %v", seed, got, ref)
		}
	}
}

func distinct(xs []int64) map[int64]bool {
	m := map[int64]bool{}
	for _, x := range xs {
		m[x] = true
	}
	return m
}

func TestMergeKeepsIDsResolvable(t *testing.T) {
	c := New(DefaultConfig())
	a := c.Add(doc(1, quakeA[0], ""))
	b := c.Add(doc(2, rehab[0], ""))
	if a.EventID == b.EventID {
		t.Fatal("fixtures should open two events")
	}
	c.mu.Lock()
	survivor := c.events[c.merge(int32(a.EventID-1), int32(b.EventID-1))].id
	c.mu.Unlock()
	for _, id := range []int64{a.EventID, b.EventID} {
		if got := c.Resolve(id); got != survivor {
			t.Errorf("Resolve(%d) = %d, want %d", id, got, survivor)
		}
		ev, ok := c.Event(id)
		if !ok || ev.ID != survivor || len(ev.Articles) != 2 {
			t.Errorf("Event(%d) = id %d with %d articles, want %d with 2", id, ev.ID, len(ev.Articles), survivor)
		}
	}
	for _, d := range []int64{1, 2} {
		if p, _ := c.Placement(d); p.EventID != survivor {
			t.Errorf("article %d placed in %d, want %d", d, p.EventID, survivor)
		}
	}
	if got := c.Resolve(999); got != 0 {
		t.Errorf("Resolve(unknown) = %d, want 0", got)
	}
	// A later article lands in the surviving event, and its storyline is one.
	late := c.Add(doc(3, quakeA[1], ""))
	if late.EventID != survivor {
		t.Errorf("late article in %d, want %d", late.EventID, survivor)
	}
}

func TestBridgeMergesEvents(t *testing.T) {
	// Two halves of one story told with different words meet through an
	// article that tells both; whether they merge depends on how close the
	// two events are (BridgeThreshold).
	tests := []struct {
		bridge float64
		merged bool
	}{
		{0.2, true},
		{0.99, false},
	}
	for _, tt := range tests {
		t.Run(fmt.Sprint(tt.bridge), func(t *testing.T) {
			cfg := DefaultConfig()
			cfg.BridgeThreshold = tt.bridge
			cfg.StraySize = 0 // bridging alone, not the gathering of strays
			c := New(cfg)
			a := c.Add(doc(1, "Ostrava Dolna quake\nHouses collapsed in Ostrava Dolna after the earthquake, governor Milan Hasek said.", ""))
			b := c.Add(doc(2, "Karvan rescue\nRed Crescent teams searched rubble in Karvan province, governor Milan Hasek said.", ""))
			if a.EventID == b.EventID {
				t.Fatal("fixtures should open two events")
			}
			bridge := c.Add(doc(3, quakeA[0], ""))
			merged := c.Resolve(a.EventID) == c.Resolve(b.EventID)
			if merged != tt.merged {
				t.Errorf("bridge threshold %v: merged = %v, want %v (assignment %+v)", tt.bridge, merged, tt.merged, bridge)
			}
			if merged && len(bridge.Merged) == 0 {
				t.Errorf("assignment does not report the merge: %+v", bridge)
			}
		})
	}
}

func TestDeterministicRebuild(t *testing.T) {
	// Re-adding the stored articles in stored order rebuilds the same state.
	var texts []string
	texts = append(texts, rehab...)
	texts = append(texts, quakeB...)
	texts = append(texts, body, "Bridge closed\n"+body)
	run := func() []Assignment {
		c := New(DefaultConfig())
		var out []Assignment
		for i, t := range texts {
			c.Add(doc(int64(i+1), t, ""))
		}
		for i := range texts {
			a, _ := c.Placement(int64(i + 1))
			out = append(out, a)
		}
		return out
	}
	a, b := run(), run()
	if fmt.Sprint(a) != fmt.Sprint(b) {
		t.Errorf("two rebuilds differ:\n%v\n%v", a, b)
	}
}

func TestAddIsIdempotent(t *testing.T) {
	c := New(DefaultConfig())
	first := c.Add(doc(7, quakeA[0], ""))
	again := c.Add(doc(7, "entirely different text", ""))
	if again.EventID != first.EventID || c.Len() != 1 {
		t.Errorf("re-adding id 7: event %d (was %d), %d articles", again.EventID, first.EventID, c.Len())
	}
}

func TestEventView(t *testing.T) {
	c := New(DefaultConfig())
	for i, txt := range quakeA {
		d := doc(int64(i+1), txt, fmt.Sprintf("2021-03-0%d", 7+i))
		d.Outlet = []string{"Daily A", "Daily B", "Daily A"}[i]
		c.Add(d)
	}
	evs := c.Events()
	if len(evs) != 1 {
		t.Fatalf("%d events, want 1", len(evs))
	}
	ev := evs[0]
	if ev.First != "2021-03-07" || ev.Last != "2021-03-09" {
		t.Errorf("span %s..%s, want 2021-03-07..2021-03-09", ev.First, ev.Last)
	}
	if len(ev.Outlets) != 2 || len(ev.Articles) != 3 {
		t.Errorf("outlets %v articles %v", ev.Outlets, ev.Articles)
	}
	if !strings.Contains(strings.ToLower(ev.Title), "karvan") {
		t.Errorf("title %q does not name the place", ev.Title)
	}
	names := strings.ToLower(strings.Join(ev.KeyEntities, " "))
	if !strings.Contains(names, "hasek") && !strings.Contains(names, "karvan") {
		t.Errorf("key entities %v miss the governor and the province", ev.KeyEntities)
	}
	st, ok := c.Storyline(ev.StorylineID)
	if !ok || len(st.Events) != 1 || st.Events[0] != ev.ID {
		t.Errorf("storyline %+v", st)
	}
}

func TestHostileInput(t *testing.T) {
	c := New(DefaultConfig())
	inputs := []string{
		"",
		strings.Repeat("a", 200000),
		strings.Repeat("Word ", 50000),
		"\xff\xfe\x00 invalid utf8 \xc3",
		strings.Repeat("1,", 10000),
		strings.Repeat("U.S.", 5000),
	}
	for i, in := range inputs {
		a := c.Add(Doc{ID: int64(i + 1), Text: in, Title: in, URL: "http://x/" + in[:min(len(in), 50)], Published: in})
		if a.EventID == 0 {
			t.Errorf("input %d: no event", i)
		}
	}
}

func TestConfigSet(t *testing.T) {
	cfg := DefaultConfig()
	if err := cfg.SetList("JoinThreshold=0.4,PostingCap=10"); err != nil {
		t.Fatal(err)
	}
	if cfg.JoinThreshold != 0.4 || cfg.PostingCap != 10 {
		t.Errorf("got %v %v", cfg.JoinThreshold, cfg.PostingCap)
	}
	for _, bad := range []string{"Nope=1", "JoinThreshold", "JoinThreshold=x"} {
		if err := cfg.SetList(bad); err == nil {
			t.Errorf("SetList(%q) accepted", bad)
		}
	}
}

// TestSingleJoinThreshold checks that a second article needs
// SingleJoinThreshold to join an event of one article, and JoinThreshold
// once the event has two.
func TestSingleJoinThreshold(t *testing.T) {
	probe := DefaultConfig()
	probe.JoinThreshold, probe.SingleJoinThreshold = 0.01, 0.01
	c := New(probe)
	c.Add(Doc{ID: 1, Text: quakeA[0]})
	second := c.Add(Doc{ID: 2, Text: quakeA[1]})
	if second.NewEvent || second.Score <= 0.02 {
		t.Fatalf("probe: second article did not join (score %.3f)", second.Score)
	}
	s := second.Score
	tests := []struct {
		name       string
		join, once float64
		wantJoin   bool
	}{
		{"single bar below the score", s / 2, s - 0.01, true},
		{"single bar above the score", s / 2, s + 0.01, false},
		{"single bar below the join bar is ignored", s - 0.01, s / 2, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cfg := DefaultConfig()
			cfg.JoinThreshold, cfg.SingleJoinThreshold = tt.join, tt.once
			c := New(cfg)
			c.Add(Doc{ID: 1, Text: quakeA[0]})
			a := c.Add(Doc{ID: 2, Text: quakeA[1]})
			if got := !a.NewEvent; got != tt.wantJoin {
				t.Errorf("joined = %v, want %v (score bar %.3f)", got, tt.wantJoin, s)
			}
		})
	}
}
