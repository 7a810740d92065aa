package export

import (
	"encoding/json"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/storyline-news/storyline/internal/analyze"
	"github.com/storyline-news/storyline/internal/news"
)

// TestSchema: every JSON field is a CSV column, in the same order, and
// empty lists are [] rather than null.
func TestSchema(t *testing.T) {
	r := FromArticle(&news.Article{ID: 3, Title: "=1+1", FetchedURL: "https://x.example/a"})
	b, err := json.Marshal(r)
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(string(b), "null") {
		t.Errorf("null in %s", b)
	}
	typ := reflect.TypeOf(r)
	var names []string
	for i := range typ.NumField() {
		names = append(names, strings.Split(typ.Field(i).Tag.Get("json"), ",")[0])
	}
	if !reflect.DeepEqual(names, CSVHeader) {
		t.Errorf("JSON fields %v, CSV columns %v", names, CSVHeader)
	}
	row := r.CSV()
	if len(row) != len(CSVHeader) || row[6] != "'=1+1" || row[len(row)-1] != "https://x.example/a" {
		t.Errorf("CSV row %q", row)
	}
}

// TestOffsets: the exported offsets of quotations, speakers and entity
// mentions point into the exported text (byte offsets), through the
// analysis the product runs.
func TestOffsets(t *testing.T) {
	text := "Maria Zakharova spoke in Moscow on Thursday.\n\n" +
		"“We see it as a provocation,” she said. “It will not go unanswered.”\n\n" +
		"The ministry’s spokeswoman told reporters that Russia would respond. Zakharova believes the talks will go on."
	a := &news.Article{Text: text, Language: "en"}
	if err := analyze.Article(a); err != nil {
		t.Fatal(err)
	}
	b, err := json.Marshal(FromArticle(a))
	if err != nil {
		t.Fatal(err)
	}
	var r Record
	if err := json.Unmarshal(b, &r); err != nil {
		t.Fatal(err)
	}
	kinds := map[string]int{}
	for _, q := range r.Quotes {
		kinds[q.Kind]++
		if q.Start < 0 || q.End > len(r.Text) || q.Start >= q.End {
			t.Fatalf("quote %q: start %d end %d", q.Text, q.Start, q.End)
		}
		ps := q.Pieces
		if ps == nil {
			ps = [][2]int{{q.Start, q.End}}
		}
		var got []string
		for _, p := range ps {
			got = append(got, strings.Trim(r.Text[p[0]:p[1]], "“”\""))
		}
		if strings.Join(got, " ") != q.Text {
			t.Errorf("quote %q: pieces give %q", q.Text, got)
		}
		if q.SpeakerStart >= 0 && r.Text[q.SpeakerStart:q.SpeakerEnd] != q.SpeakerMention {
			t.Errorf("quote %q: speaker span %q, mention %q", q.Text, r.Text[q.SpeakerStart:q.SpeakerEnd], q.SpeakerMention)
		}
		if q.CueStart >= 0 && r.Text[q.CueStart:q.CueEnd] != q.Cue {
			t.Errorf("quote %q: cue span %q, cue %q", q.Text, r.Text[q.CueStart:q.CueEnd], q.Cue)
		}
	}
	if kinds[news.QuoteSpeech] < 2 || kinds[news.QuoteBelief] != 1 {
		t.Errorf("kinds %v, want 2 or more speech and 1 belief: %+v", kinds, r.Quotes)
	}
	for _, e := range r.Entities {
		if len(e.MentionsAt) != e.Mentions {
			t.Errorf("%s: %d mentions, %d offsets", e.Name, e.Mentions, len(e.MentionsAt))
		}
		for _, m := range e.MentionsAt {
			if s := r.Text[m[0]:m[1]]; s != e.Name && !slices.Contains(e.Aliases, s) {
				t.Errorf("%s: mention at %v is %q", e.Name, m, s)
			}
		}
	}
}
