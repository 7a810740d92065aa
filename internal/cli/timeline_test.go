package cli

import (
	"reflect"
	"testing"

	"github.com/storyline-news/storyline/internal/analyze/resolve"
	"github.com/storyline-news/storyline/internal/news"
)

func TestKeyPeople(t *testing.T) {
	canon := map[int64]*resolve.Canonical{
		7: {ID: 7, Name: "Alexander Lavrentiev", Type: "PER"},
		8: {ID: 8, Name: "Central Election Commission", Type: "ORG"},
	}
	entity := func(id int64) *resolve.Canonical { return canon[id] }
	per := func(name string, id int64, mentions int) news.Entity {
		return news.Entity{Name: name, Type: "PER", ID: id, Mentions: mentions}
	}
	tests := []struct {
		name string
		arts []*news.Article
		k    int
		want []string
	}{
		{
			name: "two spellings of one resolved person count as one, ahead of a person named more often in one article",
			arts: []*news.Article{
				{Entities: []news.Entity{per("Lavrentyev", 7, 1), per("Maria Zakharova", 0, 9)}},
				{Entities: []news.Entity{per("Alexander Lavrentiev", 7, 2)}},
			},
			k:    5,
			want: []string{"Alexander Lavrentiev", "Maria Zakharova"},
		},
		{
			name: "places and organisations are not people; a quoted speaker counts",
			arts: []*news.Article{
				{Entities: []news.Entity{{Name: "Syria", Type: "LOC", Mentions: 20}, {Name: "Pentagon", Type: "ORG", Mentions: 5}},
					Quotes: []news.Quote{{Speaker: "Eric Pahon", Direct: true}}},
			},
			k:    5,
			want: []string{"Eric Pahon"},
		},
		{
			name: "ties by articles go to mentions, then the name; k caps the list",
			arts: []*news.Article{
				{Entities: []news.Entity{per("B Person", 0, 1), per("A Person", 0, 1), per("C Person", 0, 3)}},
			},
			k:    2,
			want: []string{"C Person", "A Person"},
		},
		{
			name: "a lone word tagged as a person is dropped unless quoted; a surname counts for its full name",
			arts: []*news.Article{
				{Entities: []news.Entity{per("Akhal", 0, 3), per("Ashgabat", 0, 2), per("Maria Zakharova", 0, 1)}},
				{Entities: []news.Entity{per("Zakharova", 0, 1), per("Akhal", 0, 1)}},
				{Quotes: []news.Quote{{Speaker: "Fanning", Direct: true}, {Speaker: "the commission", SpeakerID: 8, Direct: true}}},
			},
			k:    5,
			want: []string{"Maria Zakharova", "Fanning"},
		},
		{
			name: "one surname, first names two letters apart: one person; far apart: two",
			arts: []*news.Article{
				{Entities: []news.Entity{per("Gurbanguli Berdymukhamedov", 0, 2), per("George Bush", 0, 1)}},
				{Entities: []news.Entity{per("Kurbanguly Berdymukhamedov", 0, 1), per("Laura Bush", 0, 1)}},
				{Entities: []news.Entity{per("Gurbanguli Berdymukhamedov", 0, 1)}},
			},
			k:    5,
			want: []string{"Gurbanguli Berdymukhamedov", "George Bush", "Laura Bush"},
		},
	}
	for _, tt := range tests {
		if got := keyPeople(tt.arts, entity, tt.k); !reflect.DeepEqual(got, tt.want) {
			t.Errorf("%s: got %v, want %v", tt.name, got, tt.want)
		}
	}
}
