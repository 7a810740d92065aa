package cluster

import (
	"reflect"
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
	got := keyNames([]string{"Syria", "United", "United States", "States", "Russia", "Islamic State", "State"}, 4)
	want := []string{"Syria", "United States", "Russia", "Islamic State"}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("keyNames = %q, want %q", got, want)
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
