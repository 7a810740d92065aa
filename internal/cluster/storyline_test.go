package cluster

import (
	"reflect"
	"slices"
	"testing"
)

// riotTexts are two accounts of different riots in one city.
var riotTexts = []string{
	"Riots broke out in Athens, Greece, as protesters threw petrol bombs at police and set cars on fire.\n\n" +
		"Police in Athens fired tear gas at the protesters near the university; shops were burned and the city centre was closed.\n\n" +
		"Thousands marched through Athens again on the next day, and the unions called a general strike across Greece.",
	"Protesters clashed with riot police in central Athens after a march against the new budget turned violent.\n\n" +
		"A bank was set alight during the Athens riots and three employees died; police arrested dozens of protesters.\n\n" +
		"The unions in Greece promised more strikes and marches against the cuts next week.",
}

// riot returns article id on riots in one city, naming the given people.
func riot(id int64, date string, people ...Entity) Doc {
	ents := []Entity{{Name: "Athens", Type: "LOC", Mentions: 4}, {Name: "Greece", Type: "LOC", Mentions: 2}}
	ents = append(ents, people...)
	return Doc{ID: id, Text: riotTexts[(id-1)%2], Published: date, Entities: ents}
}

func TestStorylineNeedsActorsAcrossYears(t *testing.T) {
	pm := Entity{Name: "Nikos Kostiev", Type: "PER", Mentions: 3}
	minister := Entity{Name: "Petros Lambrou", Type: "PER", Mentions: 3}
	variant := Entity{Name: "Nikos Kostyev", Type: "PER", Mentions: 2}
	tests := []struct {
		name      string
		a, b      Doc
		sameStory bool
	}{
		{"two years apart, only places shared", riot(1, "2008-12-08", pm), riot(2, "2010-05-05", minister), false},
		{"two years apart, same person", riot(1, "2008-12-08", pm), riot(2, "2010-05-05", pm, minister), true},
		{"same person, other spelling", riot(1, "2008-12-08", pm), riot(2, "2010-05-05", variant), true},
		{"weeks apart, only places shared", riot(1, "2008-12-08", pm), riot(2, "2008-12-30", minister), true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := New(DefaultConfig())
			a := c.Add(tt.a)
			b := c.Add(tt.b)
			pa, _ := c.Placement(a.DocID)
			pb, _ := c.Placement(b.DocID)
			if got := pa.StorylineID == pb.StorylineID; got != tt.sameStory {
				t.Errorf("same storyline = %v, want %v (events %d, %d)", got, tt.sameStory, pa.EventID, pb.EventID)
			}
		})
	}
}

func TestKeyNames(t *testing.T) {
	tests := []struct {
		name   string
		ranked []named
		n      int // candidates: the first n of ranked
		want   []string
	}{
		{"a listed name takes its words' place",
			[]named{{"Syria", 5}, {"United", 3}, {"United States", 3}, {"States", 3}, {"Russia", 2}, {"Islamic State", 2}, {"State", 2}}, 30,
			[]string{"Syria", "United States", "Russia", "Islamic State"}},
		{"words found mostly inside a name ranked lower give way to it",
			[]named{{"Jerry Ortiz", 6}, {"Angeles", 2}, {"Los", 2}, {"Deputy", 2}, {"Qeshm", 4}, {"Los Angeles", 1.8}, {"Qeshm Island", 1}}, 5,
			[]string{"Jerry Ortiz", "Los Angeles", "Deputy", "Qeshm"}},
		{"a word that mostly stands alone stays",
			[]named{{"Syria", 5}, {"Syrian", 3}, {"Russia", 2}, {"Pentagon", 1}, {"Syrian National Dialogue Congress", 0.5}}, 4,
			[]string{"Syria", "Syrian", "Russia", "Pentagon"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := keyNames(tt.ranked, tt.n, 4); !reflect.DeepEqual(got, tt.want) {
				t.Errorf("keyNames = %q, want %q", got, tt.want)
			}
		})
	}
}

func TestFoldSpelling(t *testing.T) {
	tests := []struct{ a, b string }{
		{"lavrentiev", "lavrentyev"},
		{"chaikovskiy", "tchaikovski"},
		{"zakharova", "zakharova"},
	}
	for _, tt := range tests {
		if foldSpelling(tt.a) != foldSpelling(tt.b) {
			t.Errorf("foldSpelling(%q) = %q, foldSpelling(%q) = %q; want equal", tt.a, foldSpelling(tt.a), tt.b, foldSpelling(tt.b))
		}
	}
	if foldSpelling("lavrov") == foldSpelling("lavrentiev") {
		t.Error("different names folded together")
	}
}

// TestStorylineRecheckOnGrowth checks that an event of a storyline made
// while it had one article leaves it once it has grown and its articles no
// longer name the shared actor, and stays while they do; whether it joined
// the storyline or founded it.
func TestStorylineRecheckOnGrowth(t *testing.T) {
	pm := Entity{Name: "Nikos Kostiev", Type: "PER", Mentions: 3}
	minister := Entity{Name: "Petros Lambrou", Type: "PER", Mentions: 3}
	tests := []struct {
		name      string
		named     int32 // of the grown event's 8 articles, how many name each actor
		founder   bool  // grow the event that founded the storyline, not the one that joined
		sameStory bool
	}{
		{"actor still central", 8, false, true},
		{"actor named by one article of eight", 1, false, false},
		{"founder: actor still central", 8, true, true},
		{"founder: actor named by one article of eight", 1, true, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := New(DefaultConfig())
			a := c.Add(riot(1, "2008-12-08", pm))
			b := c.Add(riot(2, "2010-05-05", pm, minister))
			if a.StorylineID != b.StorylineID {
				t.Fatalf("setup: storylines %d and %d, want one", a.StorylineID, b.StorylineID)
			}
			grown := b.DocID
			if tt.founder {
				grown = a.DocID
			}
			e := c.root(c.docs[c.byID[grown]].event)
			ev := c.events[e]
			if ev.storyAt != 1 {
				t.Fatalf("setup: storyAt = %d, want 1", ev.storyAt)
			}
			// Simulate growth to eight articles.
			ev.nOrig = 8
			for i := range ev.actorN {
				ev.actorN[i] = tt.named
			}
			c.placeStory(e)
			pa, _ := c.Placement(a.DocID)
			pb, _ := c.Placement(b.DocID)
			if got := pa.StorylineID == pb.StorylineID; got != tt.sameStory {
				t.Errorf("same storyline = %v, want %v", got, tt.sameStory)
			}
		})
	}
}

func TestCentralActors(t *testing.T) {
	tests := []struct {
		nOrig, named int32
		central      bool
	}{
		{1, 1, true},
		{2, 1, true},
		{6, 2, false}, // exactly a third: a recalled background name
		{6, 3, true},
		{9, 3, false},
		{9, 4, true},
	}
	for _, tt := range tests {
		ev := &event{nOrig: tt.nOrig, actors: []uint32{7}, actorN: []int32{tt.named}}
		if got := len(centralActors(ev)) == 1; got != tt.central {
			t.Errorf("named by %d of %d: central = %v, want %v", tt.named, tt.nOrig, got, tt.central)
		}
	}
}

func TestAcceptsNeedsMoreActorsOfBigEvents(t *testing.T) {
	// Across a date gap, two well-covered events must share two central
	// actors; one article each may share one.
	c := New(DefaultConfig())
	tests := []struct {
		m    storyMatch
		want bool
	}{
		{storyMatch{score: 0.3, shared: 3, actors: 1, gap: -1}, true},
		{storyMatch{score: 0.3, shared: 3, actors: 1, gap: -1, big: true}, false},
		{storyMatch{score: 0.3, shared: 3, actors: 2, gap: -1, big: true}, true},
		{storyMatch{score: 0.3, shared: 3, actors: 1, gap: 400, big: true}, false},
		{storyMatch{score: 0.15, shared: 3, actors: 0, gap: 5, big: true}, true}, // days apart: places and subjects suffice
		// Days apart, the seeds' weakest link (Lavrov's demand after the
		// envoy's) passes; two pages that share two incidental names at a
		// lower score (a futures exchange and a shoe maker, both "Milliarden
		// US") do not.
		{storyMatch{score: 0.168, shared: 3, actors: 0, gap: 6}, true},
		{storyMatch{score: 0.13, shared: 2, actors: 1, gap: 3}, false},
		// Days apart with no actor in common, two shared names (Japan,
		// Kobe) need a text as close as a link across years needs; with
		// an actor or a third name the near bar is enough.
		{storyMatch{score: 0.17, shared: 2, actors: 0, gap: 10}, false},
		{storyMatch{score: 0.25, shared: 2, actors: 0, gap: 10}, true},
		{storyMatch{score: 0.17, shared: 2, actors: 1, gap: 10}, true},
	}
	for _, tt := range tests {
		if got := c.accepts(tt.m); got != tt.want {
			t.Errorf("accepts(%+v) = %v, want %v", tt.m, got, tt.want)
		}
	}
}

// TestActorKeysCountActors: each actor yields one key, so that the shared
// keys of two events count shared actors. A victim a follow-up names in
// full ("Alexandros Grigoropoulos") and by surname is one actor; before,
// surname, full name and id made him three and let two stories pass the
// two-actor bar of big events.
func TestActorKeysCountActors(t *testing.T) {
	tests := []struct {
		a, b           string
		idA, idB       int64
		personA, perB  bool
		keysA, sharedN int
	}{
		{"Alexandros Grigoropoulos", "Grigoropoulos", 0, 0, true, true, 1, 1},
		{"Alexandros Grigoropoulos", "Alexandros Grigoropoulos", 7, 7, true, true, 1, 1},
		{"Alexander Lavrentiev", "Alexander Lavrentyev", 0, 0, true, true, 1, 1}, // spelling folded
		{"Vladimir Putin", "Putin", 9, 0, true, true, 1, 1},                      // a resolved name and a quoted speaker
		{"Justice Ministry", "Justice Ministry", 0, 0, false, false, 1, 1},
		{"Justice Ministry", "Interior Ministry", 0, 0, false, false, 1, 0},
		{"United Nations", "U.N.", 4, 4, false, false, 1, 1}, // aliases resolved to one id
		{"the Police", "Police", 0, 0, false, false, 0, 0},   // a generic word alone is no actor
		{"President Obama", "Barack Obama", 0, 0, true, true, 1, 1},
		{"Ken Salazar", "Dirk Kempthorne", 0, 0, true, true, 1, 0},
	}
	for _, tt := range tests {
		ka := appendActor(nil, tt.a, tt.idA, tt.personA)
		kb := appendActor(nil, tt.b, tt.idB, tt.perB)
		slices.Sort(ka)
		slices.Sort(kb)
		if len(ka) != tt.keysA || sharedKeys(ka, kb) != tt.sharedN {
			t.Errorf("%q / %q: %d keys, %d shared; want %d, %d", tt.a, tt.b, len(ka), sharedKeys(ka, kb), tt.keysA, tt.sharedN)
		}
	}
}
