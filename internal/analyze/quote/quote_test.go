package quote

import (
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/storyline-news/storyline/internal/analyze/text"
)

// want describes one expected quote: its text must contain Text, and the
// other non-empty fields must match exactly.
type want struct {
	Text    string // substring of Quote.Text
	Speaker string
	Mention string
	Cue     string
	Direct  bool
	SaidOn  string
	Role    string
}

func TestExtract(t *testing.T) {
	tests := []struct {
		name, body, published string
		want                  []want
	}{
		{
			name: "post cue with pronoun and gender from a title",
			body: "State Department spokeswoman Jane Roe met President John Doe on Monday.\n\n" +
				"“We will stay,” she said.",
			published: "2017-12-13",
			want:      []want{{Text: "We will stay,", Speaker: "Jane Roe", Mention: "she", Cue: "said", Direct: true, SaidOn: "2017-12-13", Role: "State Department spokeswoman"}},
		},
		{
			name:      "inverted post cue with apposition",
			body:      "\"The talks failed,\" said Ivan Petrov, the foreign minister.",
			published: "2020-05-05",
			want:      []want{{Text: "The talks failed,", Speaker: "Ivan Petrov", Cue: "said", Direct: true}},
		},
		{
			name: "quote split around its cue",
			body: "“The first part,” Anna Berg said, “and the second part.”",
			want: []want{{Text: "The first part, and the second part.", Speaker: "Anna Berg", Cue: "said", Direct: true}},
		},
		{
			name: "pre cue with colon",
			body: "Senator Tom Hale told reporters: “We need a vote now.”",
			want: []want{{Text: "We need a vote now.", Speaker: "Tom Hale", Cue: "told", Direct: true, Role: "Senator"}},
		},
		{
			name: "quotation over two paragraphs",
			body: "Mayor Lisa Kent said: “The first paragraph goes on.\n\n“And the second one ends it.”",
			want: []want{{Text: "The first paragraph goes on. And the second one ends it.", Speaker: "Lisa Kent", Cue: "said", Direct: true}},
		},
		{
			name: "reported speech with that and a day",
			body: "Foreign Minister Sergey Volkov stated on Thursday that foreign forces must leave the country.",
			// 2017-12-22 is a Friday: Thursday is the day before
			published: "2017-12-22",
			want:      []want{{Text: "that foreign forces must leave the country", Speaker: "Sergey Volkov", Cue: "stated", SaidOn: "2017-12-21"}},
		},
		{
			name:      "told someone that, an unresolved description kept",
			body:      "A US official told AFP that the withdrawal would be a token one.",
			published: "2017-12-13",
			want:      []want{{Text: "that the withdrawal would be a token one", Speaker: "A US official", Cue: "told"}},
		},
		{
			name: "according to, before and after",
			body: "According to the ministry, the convoy left at dawn. The convoy reached the border, according to Ana Silva.",
			want: []want{
				{Text: "the convoy left at dawn", Speaker: "ministry", Cue: "According to"},
				{Text: "The convoy reached the border", Speaker: "Ana Silva", Cue: "according to"},
			},
		},
		{
			name: "post-posed reported speech",
			body: "The war is not over yet, the general said.",
			want: []want{{Text: "The war is not over yet", Mention: "the general", Cue: "said"}},
		},
		{
			name: "a role description resolves to the person with that role",
			body: "Foreign Ministry Spokeswoman Maria Lind spoke on Monday. Prime Minister Karl Stone was there.\n\n" +
				"“The attacks will not stop us,” the Foreign Ministry spokeswoman said.",
			want: []want{{Text: "The attacks will not stop us,", Speaker: "Maria Lind", Mention: "the Foreign Ministry spokeswoman", Cue: "said", Direct: true}},
		},
		{
			name: "he skips a woman's name",
			body: "Mary Jones met Pentagon spokesman Paul Smith.\n\n“We are leaving,” he said.",
			want: []want{{Text: "We are leaving,", Speaker: "Paul Smith", Mention: "he", Cue: "said", Direct: true}},
		},
		{
			name: "a quotation going on in the next paragraph takes the speaker",
			body: "“We are ready,” said Chancellor Eva Moll.\n\n“We have always been ready.”",
			want: []want{
				{Text: "We are ready,", Speaker: "Eva Moll", Cue: "said", Direct: true},
				{Text: "We have always been ready.", Speaker: "Eva Moll", Cue: "", Direct: true},
			},
		},
		{
			name: "an organisation speaks",
			body: "“The presence of the coalition is not linked to it,” the US State Department confirmed on Tuesday.",
			// 2017-12-13 is a Wednesday
			published: "2017-12-13",
			want:      []want{{Speaker: "US State Department", Cue: "confirmed", Direct: true, SaidOn: "2017-12-12"}},
		},
		{
			name:      "a date named in the cue clause",
			body:      "Lavrov said on December 27 that the talks would resume.",
			published: "2018-01-03",
			want:      []want{{Speaker: "Lavrov", SaidOn: "2017-12-27"}},
		},
		{
			name: "the same quotation twice counts once",
			body: "“We do not see any intention to leave,” Ivan Petrov told a briefing.\n\n" +
				"“We do not see any intention to leave,” Ivan Petrov told a briefing.",
			want: []want{{Text: "We do not see any intention to leave,", Speaker: "Ivan Petrov", Cue: "told", Direct: true}},
		},
		{
			name: "guillemets and a straight-quoted scare word",
			body: "«Nous restons ici», a dit le ministre. Critics called the plan \"absurd\" and left.",
			want: nil,
		},
		{
			name: "a scare quote is not a quotation",
			body: "Putin waged war against \"terrorists\" in the war-ravaged country.",
			want: nil,
		},
		{
			name: "colon headline",
			body: "Trey Gowdy: Benghazi Investigation Helped Reveal Email Scandal\n\nMore text follows here.",
			want: []want{{Text: "Benghazi Investigation Helped Reveal Email Scandal", Speaker: "Trey Gowdy", Cue: ":"}},
		},
		{
			name: "transcript turns in quoted paragraphs",
			body: "Senator Anna Marlowe was interviewed on Sunday. The interview went as follows:\n\n\"HOST: Will the senator attend the hearing on Monday?\n\n\"MARLOWE: She will not attend the hearing, and she has said so twice.",
			want: []want{
				{Text: "Will the senator attend the hearing", Mention: "HOST", Cue: ":", Direct: true},
				{Text: "She will not attend the hearing", Speaker: "Anna Marlowe", Mention: "MARLOWE", Cue: ":", Direct: true},
			},
		},
		{
			name: "a party and state between the speaker and the cue",
			body: "“It is a dog whistle to all voters,” Rep. Jane Moore (D-Wis.) said.",
			want: []want{{Text: "It is a dog whistle to all voters,", Speaker: "Jane Moore", Cue: "said", Direct: true}},
		},
		{
			name: "a quotation goes on after an inverted cue with a party and a title",
			body: "“This is a sad day,” said Rep. John Butter (D-N.C.), head of the caucus. “He is a fraud. By any definition, he is a fraud!”",
			want: []want{
				{Text: "This is a sad day,", Speaker: "John Butter", Cue: "said", Direct: true},
				{Text: "By any definition, he is a fraud!", Speaker: "John Butter", Direct: true},
			},
		},
		{
			name: "a quotation goes on after reported speech that takes its speaker",
			body: "“You cannot talk about change without the past,” Roe said, emphasizing why history matters. “What we need to change is our thinking.”",
			want: []want{
				{Text: "You cannot talk about change", Speaker: "Roe", Cue: "said", Direct: true},
				{Text: "why history matters", Speaker: "Roe", Cue: "emphasizing"},
				{Text: "What we need to change is our thinking.", Speaker: "Roe", Direct: true},
			},
		},
		{
			name: "a relative clause in the speaker's apposition",
			body: "Dora Lane, who served as ambassador to Norland from 2012 until earlier this year, said Roe reached out to the senator during her first year.",
			want: []want{{Text: "Roe reached out to the senator during her first year", Speaker: "Dora Lane", Cue: "said"}},
		},
		{
			name: "a plural possessive is no quotation mark, and a clause after the verb is no speaker",
			body: "Lena Ruiz, who runs the effort for veterans' families, said Trump has been disrespecting veterans.",
			want: []want{{Text: "Trump has been disrespecting veterans", Speaker: "Lena Ruiz", Cue: "said"}},
		},
		{
			name: "has long said",
			body: "Lena Ruiz has long said that she qualifies for the race.",
			want: []want{{Text: "that she qualifies for the race", Speaker: "Lena Ruiz", Cue: "said"}},
		},
		{
			name: "a passive is not an attribution",
			body: "We were told that the road was closed.",
			want: nil,
		},
		{
			name: "adding takes the speaker of the clause before",
			body: "“We do not accept it,” Jane Roe said, adding that the talks would go on.",
			want: []want{
				{Text: "We do not accept it,", Speaker: "Jane Roe", Cue: "said", Direct: true},
				{Text: "that the talks would go on", Speaker: "Jane Roe", Cue: "adding"},
			},
		},
		{
			name: "mixed quotation inside reported speech",
			body: "Lavrov pointed out that such a statement is “surprising” for Moscow.",
			want: []want{{Text: "that such a statement is “surprising” for Moscow", Speaker: "Lavrov", Cue: "pointed out"}},
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got := Extract(tc.body, tc.published, nil)
			checkOffsets(t, tc.body, got)
			if len(got) != len(tc.want) {
				t.Fatalf("got %d quotes, want %d:\n%s", len(got), len(tc.want), dump(got))
			}
			for i, w := range tc.want {
				q := got[i]
				if !strings.Contains(q.Text, w.Text) {
					t.Errorf("quote %d text %q, want it to contain %q", i, q.Text, w.Text)
				}
				if w.Speaker != "" && q.Speaker != w.Speaker {
					t.Errorf("quote %d speaker %q, want %q", i, q.Speaker, w.Speaker)
				}
				if w.Mention != "" && q.SpeakerMention != w.Mention {
					t.Errorf("quote %d mention %q, want %q", i, q.SpeakerMention, w.Mention)
				}
				if (w.Cue != "" || w.Direct) && q.Cue != w.Cue {
					t.Errorf("quote %d cue %q, want %q", i, q.Cue, w.Cue)
				}
				if q.Direct != w.Direct {
					t.Errorf("quote %d direct %v, want %v", i, q.Direct, w.Direct)
				}
				if w.SaidOn != "" && q.SaidOn != w.SaidOn {
					t.Errorf("quote %d said on %q, want %q", i, q.SaidOn, w.SaidOn)
				}
				if w.Role != "" && q.Role != w.Role {
					t.Errorf("quote %d role %q, want %q", i, q.Role, w.Role)
				}
			}
		})
	}
}

func TestBeliefs(t *testing.T) {
	body := "Trump wants to build a wall. Clinton said she would win."
	speech := Extract(body, "", nil)
	if len(speech) != 1 || speech[0].Speaker != "Clinton" {
		t.Fatalf("speech only: got\n%s", dump(speech))
	}
	all := Options{Beliefs: true}.Extract(body, "", nil)
	if len(all) != 2 || all[0].Speaker != "Trump" || all[0].Speech || all[0].Text != "to build a wall" {
		t.Fatalf("with beliefs: got\n%s", dump(all))
	}
}

func TestTaggerMentions(t *testing.T) {
	// A tagger's mentions are used as given: here it knows that "Acme" is
	// an organisation, which the name heuristic alone could not tell.
	body := "Acme said the plant would close."
	got := Extract(body, "", []Mention{{Text: "Acme", Type: "ORG", Start: 0, End: 4}})
	if len(got) != 1 || got[0].Speaker != "Acme" || got[0].SpeakerType != "ORG" {
		t.Fatalf("got\n%s", dump(got))
	}
	// mentions with offsets out of range are ignored, not trusted
	got = Extract(body, "", []Mention{{Text: "x", Type: "PER", Start: 3, End: 400}, {Start: -2, End: 1}})
	if len(got) != 1 {
		t.Fatalf("got\n%s", dump(got))
	}
}

func TestNameMentions(t *testing.T) {
	body := "Foreign Ministry Spokeswoman Maria Zakharova spoke. The Red Cross agreed."
	var got []string
	for _, m := range NameMentions(body) {
		got = append(got, m.Type+":"+m.Text)
		if body[m.Start:m.End] != m.Text {
			t.Errorf("mention %q has offsets of %q", m.Text, body[m.Start:m.End])
		}
	}
	wantM := []string{"ORG:Foreign Ministry", "PER:Maria Zakharova", ":Red Cross"}
	if strings.Join(got, "|") != strings.Join(wantM, "|") {
		t.Errorf("got %q, want %q", got, wantM)
	}
}

func TestExtractSentences(t *testing.T) {
	body := "“We will stay,” she said. Ivan Petrov told AFP that the talks failed."
	want := Extract(body, "2020-01-02", nil)
	got := Options{}.ExtractSentences(body, text.Sentences(body), "2020-01-02", nil)
	if dump(got) != dump(want) || len(got) != 2 {
		t.Fatalf("ExtractSentences differs from Extract:\n%s\nwant\n%s", dump(got), dump(want))
	}
	// sentences of another string are skipped, not trusted
	if got := (Options{}).ExtractSentences(body, text.Sentences("“Other text,” he said."), "", nil); len(got) != 0 {
		t.Fatalf("foreign sentences gave\n%s", dump(got))
	}
}

func TestEmptyAndHuge(t *testing.T) {
	if got := Extract("", "", nil); got != nil {
		t.Errorf("empty body: %v", got)
	}
	if got := Extract("  \n\n ", "2020-01-01", nil); got != nil {
		t.Errorf("blank body: %v", got)
	}
	big := strings.Repeat("“Open ", MaxBytes/6+10)
	got := Extract(big, "", nil)
	for _, q := range got {
		if q.End > MaxBytes {
			t.Fatalf("quote beyond MaxBytes: %d", q.End)
		}
	}
}

// checkOffsets verifies the offsets every Quote promises.
func checkOffsets(t *testing.T, body string, qs []Quote) {
	t.Helper()
	for i, q := range qs {
		if q.Start < 0 || q.End > len(body) || q.Start >= q.End {
			t.Fatalf("quote %d: bad span %d..%d", i, q.Start, q.End)
		}
		if !utf8.ValidString(body[q.Start:q.End]) {
			t.Errorf("quote %d: span cuts a UTF-8 sequence", i)
		}
		for _, p := range q.Pieces {
			if p.Start < q.Start || p.End > q.End || p.Start >= p.End {
				t.Errorf("quote %d: piece %v outside %d..%d", i, p, q.Start, q.End)
			}
		}
		if q.SpeakerStart >= 0 {
			if q.SpeakerEnd > len(body) || q.SpeakerStart >= q.SpeakerEnd || body[q.SpeakerStart:q.SpeakerEnd] != q.SpeakerMention {
				t.Errorf("quote %d: speaker span %d..%d does not hold %q", i, q.SpeakerStart, q.SpeakerEnd, q.SpeakerMention)
			}
		} else if q.SpeakerMention != "" {
			t.Errorf("quote %d: mention %q without a span", i, q.SpeakerMention)
		}
		if q.CueStart >= 0 && body[q.CueStart:q.CueEnd] != q.Cue {
			t.Errorf("quote %d: cue span does not hold %q", i, q.Cue)
		}
		if i > 0 && qs[i-1].Start > q.Start {
			t.Errorf("quotes out of order at %d", i)
		}
	}
}

func dump(qs []Quote) string {
	var b strings.Builder
	for _, q := range qs {
		b.WriteString("  ")
		b.WriteString(strings.Join([]string{q.Text, "speaker=" + q.Speaker, "mention=" + q.SpeakerMention, "cue=" + q.Cue, "on=" + q.SaidOn, "role=" + q.Role}, " | "))
		if q.Direct {
			b.WriteString(" | direct")
		}
		b.WriteString("\n")
	}
	return b.String()
}

// TestFirstNames: the embedded name resource is read, with genders for
// common names and none for a name given to both sexes.
func TestFirstNames(t *testing.T) {
	if len(firstNames) < 10000 {
		t.Fatalf("%d first names, want the whole resource", len(firstNames))
	}
	for name, want := range map[string]byte{"maria": 'f', "sergey": 'm', "james": 'm', "hillary": 'f', "kelly": 0, "zakharova": 0} {
		if got := gender(name); got != want {
			t.Errorf("gender(%q) = %q, want %q", name, got, want)
		}
	}
}

// TestAsked: the question of a participial clause of asking is reported
// speech, its asker the "by" phrase when there is one.
func TestAsked(t *testing.T) {
	for _, tc := range []struct{ body, text, speaker string }{
		{"Asked if he was ever bullied, the candidate said no.", "if he was ever bullied", ""},
		{"“It is fine,” Sarandon told MSNBC Monday when asked about concerns that voters would stay home.",
			"concerns that voters would stay home", ""},
		{"Asked by Stephanopoulos to respond to Trump’s criticism, Carson said he was calm.",
			"to respond to Trump’s criticism", "Stephanopoulos"},
		{"Asked on Fox News who leads the party, he said Ryan.", "who leads the party", ""},
	} {
		found := false
		for _, q := range Extract(tc.body, "", nil) {
			if q.Text == tc.text {
				found = true
				if q.Cue == "" || !q.Speech || q.SpeakerMention != tc.speaker {
					t.Errorf("%q: %+v", tc.body, q)
				}
			}
		}
		if !found {
			t.Errorf("%q: no quotation %q in %+v", tc.body, tc.text, Extract(tc.body, "", nil))
		}
	}
	// not a clause of asking
	for _, q := range Extract("Trump asked it to be fetched for him.", "", nil) {
		if q.Cue == "asked" {
			t.Errorf("asked it: %+v", q)
		}
	}
}

// TestAccordingToLongSource: an opening "according to" whose source has
// prepositions of its own runs to its comma.
func TestAccordingToLongSource(t *testing.T) {
	body := "According to the results of exit polls conducted by Edison Research for the Associated Press, nearly half of the voters were black."
	qs := Extract(body, "", nil)
	if len(qs) != 1 || qs[0].Text != "nearly half of the voters were black" || qs[0].Cue != "According to" {
		t.Errorf("%+v", qs)
	}
}
