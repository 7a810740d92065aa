package clean

import (
	"strings"
	"testing"
)

// lead is an ordinary article paragraph placed before the lines under test,
// so that rules needing some article text first can apply.
const lead = "The minister said on Thursday that the talks would continue next week in the capital."

func TestUnwrapLinks(t *testing.T) {
	tests := []struct{ in, want string }{
		{"Reuters [reports](#).", "Reuters reports."},
		{"see [the report](http://example.com/a_(b)) now", "see [the report](http://example.com/a_(b)) now"}, // a bracket in the target: left alone
		{"see [the report](http://example.com/a) now", "see the report now"},
		{"an image ![alt text](http://example.com/i.png) here", "an image here"},
		{"[a] [b](#) [c]", "[a] b [c]"},
		{"no link [here] (really)", "no link [here] (really)"},
		{"[unclosed](http://x", "[unclosed](http://x"},
	}
	for _, tt := range tests {
		if got := unwrapLinks(tt.in); got != tt.want {
			t.Errorf("unwrapLinks(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestBodyRemovesFurniture(t *testing.T) {
	tests := []struct {
		name string
		in   string
		gone []string
	}{
		{"share and subscribe", "Share this:\n\nTweet\n\nSubscribe to our newsletter", nil},
		{"comment form", "• Show Comments (0)\n\nYour email address will not be published. Required fields are marked *\n\ncomment *\n\n  • name *\n\n  • email *\n\n  • website *", nil},
		{"copyright", "Copyright applies.\n\n© 2017 Example Media. All rights reserved.\n\nCopyright © 2019 Example", nil},
		{"captions", "The US is leading a coalition in the region [Getty]\n\nTroops at a crossing in the south. Image via Example News.\n\nPhoto: Jane Doe/Example", nil},
		{"read time", "2 min read\n\nLesezeit: 3 Minuten", nil},
		{"inline teaser", "Read more: Why the talks failed", nil},
		{"autolink footer", "<http://www.example.com/original-story-1>\n\nExample Site. <http://example.org/story-3>", nil},
		{"date line", "13 December, 2017", nil},
	}
	for _, tt := range tests {
		got, _ := Body(lead + "\n\n" + tt.in)
		if got != lead {
			t.Errorf("%s: Body = %q, want only the lead", tt.name, got)
		}
	}
}

func TestBodyTeaserBlock(t *testing.T) {
	in := lead + "\n\nYou May Also Like\n\nB-52 South China Sea\n\nPhilippines – US treaty: Reason of Conflict in the Sea\n\nRecently, an American bomber took over a drill over the sea ...\n\nballistic missile\n\nUS Warns Iran against Space Launches"
	if got, _ := Body(in); got != lead {
		t.Errorf("Body = %q, want only the lead", got)
	}
	// The block ends at the first line that is not teaser-shaped.
	tail := "This paragraph is ordinary article text again, with a full sentence in it."
	got, _ := Body(lead + "\n\nRelated\n\nSome other headline\n\n" + tail)
	if got != lead+"\n\n"+tail {
		t.Errorf("Body = %q", got)
	}
}

func TestBodyKeepsSentences(t *testing.T) {
	// Sentences that only mention the words of furniture rules survive.
	for _, s := range []string{
		"Readers left 300 comments under the article, most of them angry.",
		"Copyright law was changed in 2019 to allow text mining by researchers.",
		"Share prices fell by 3 percent after the announcement on Monday.",
		"Related parties must disclose their holdings, the regulator said.",
		"The photo: a soldier at the border, taken by a local resident.",
		"Comments by the minister were reported by several agencies.",
		"The court ruled (see the attached file) that the plan was legal.",
		"He said the report [sic] was wrong.",
		"Email",
	} {
		in := lead + "\n\n" + s
		got, _ := Body(in)
		if s == "Email" {
			if got != lead {
				t.Errorf("a lone button label survived: %q", got)
			}
			continue
		}
		if got != in {
			t.Errorf("Body(%q) = %q, want it unchanged", s, got)
		}
	}
}

func TestBodyMergesBrokenLines(t *testing.T) {
	in := "Iranian news agency Tasnim reported that the US was evacuating its military base\nlocated near the airport of the city.\nOfficial Damascus has called it theft\n."
	want := "Iranian news agency Tasnim reported that the US was evacuating its military base located near the airport of the city.\n\nOfficial Damascus has called it theft."
	if got, _ := Body(in); got != want {
		t.Errorf("Body = %q, want %q", got, want)
	}
	wrapped := strings.Repeat("The quick brown fox jumps over the lazy dog and keeps on running\nthrough the long grass of the meadow towards the edge of the wood\n", 3)
	got, _ := Body(wrapped)
	if strings.Contains(got, "\n") {
		t.Errorf("hard-wrapped text not joined: %q", got)
	}
}

func TestBodyCollapsesRepeat(t *testing.T) {
	p1 := "Russia sees no intentions on the part of the United States to withdraw its contingent from Syria, the envoy said Wednesday."
	p2 := "\"We do not see any aspirations on the part of the American side to withdraw yet,\" the envoy told a briefing."
	p3 := "Iranian news agency Tasnim reported last week that the US was evacuating its base near the airport."
	once := p1 + " " + p2 + " " + p3 // first copy: one run-on paragraph
	twice := "ASTANA (Agency) - " + p1 + "\n" + p2 + "\n" + strings.Replace(p3, "its base ", "its base\n", 1)
	got, _ := Body(once + "\n" + twice)
	want := "ASTANA (Agency) - " + p1 + "\n\n" + p2 + "\n\n" + p3
	if got != want {
		t.Errorf("Body =\n%q\nwant\n%q", got, want)
	}
	// A note after one copy only is kept.
	note := "This note appears after the second copy only, and is kept."
	got, _ = Body(p1 + "\n\n" + p2 + "\n\n" + p1 + "\n\n" + p2 + "\n\n" + note)
	if got != p1+"\n\n"+p2+"\n\n"+note {
		t.Errorf("Body = %q", got)
	}
	// Different texts that share an opening are not collapsed.
	other := "Russia sees no intentions on the part of the United States to leave Iraq, where talks go on about the future of the bases."
	got, _ = Body(p1 + "\n\n" + p2 + "\n\n" + other + "\n\n" + p3)
	if strings.Count(got, "\n\n") != 3 {
		t.Errorf("distinct paragraphs collapsed: %q", got)
	}
}

func TestCommentHeaders(t *testing.T) {
	tests := []struct {
		line, next   string
		author, time string
	}{
		{"chumbawamba bobcatz Thu, 12/28/2017 - 16:51 Permalink", "", "chumbawamba bobcatz", "2017-12-28"},
		{"Jane Doe says:", "December 13, 2017 at 5:02 pm", "Jane Doe", "2017-12-13"},
		{"Jane says: 13 December 2017 at 17:02", "", "Jane", "2017-12-13"},
		{"Hans Müller 13. Dezember 2017 um 14:30", "", "Hans Müller", "2017-12-13"},
		{"Max | 2017-12-13 08:15 | Antworten", "", "Max", "2017-12-13"},
	}
	for _, tt := range tests {
		h, ok := commentHeader(tt.line, tt.next)
		if !ok || h.author != tt.author || h.time.String() != tt.time {
			t.Errorf("commentHeader(%q) = %q %q %v, want %q %q", tt.line, h.author, h.time.String(), ok, tt.author, tt.time)
		}
	}
	for _, l := range []string{
		"The minister says: \"We will stay.\"",
		"Termin: 29.02.2020, 19:00 Uhr",
		"On December 13, 2017 at 5:02 pm the vote was held in parliament and passed.",
		"Permalink",
	} {
		if h, ok := commentHeader(l, ""); ok {
			t.Errorf("commentHeader(%q) = %+v, want none", l, h)
		}
	}
}

func TestBodySplitsComments(t *testing.T) {
	in := lead + "\n\n3 comments\n\nalice bob Thu, 12/28/2017 - 16:51 Permalink\n\nThis is strange.\n\n\"Quoted words\" in a comment.\n\nIn reply to by bob\n\ncarol Thu, 12/28/2017 - 12:34 Permalink\n\nGive them time.\n\nReply"
	body, comments := Body(in)
	if body != lead {
		t.Errorf("body = %q", body)
	}
	if len(comments) != 2 {
		t.Fatalf("%d comments: %+v", len(comments), comments)
	}
	if c := comments[0]; c.Author != "alice" || c.Time != "2017-12-28" || c.Text != "This is strange.\n\n\"Quoted words\" in a comment." {
		t.Errorf("comment 0 = %+v", c)
	}
	if c := comments[1]; c.Author != "carol" || c.Text != "Give them time." {
		t.Errorf("comment 1 = %+v", c)
	}
	// Two weak headers (name + date-time) close together also open a thread.
	in = lead + "\n\nJane Doe 13. Dezember 2017 um 14:30\n\nGood article.\n\nMax 13. Dezember 2017 um 15:00\n\nI disagree."
	body, comments = Body(in)
	if body != lead || len(comments) != 2 || comments[1].Author != "Max" {
		t.Errorf("weak headers: body %q, comments %+v", body, comments)
	}
	// One weak header alone is not a thread.
	in = lead + "\n\nJane Doe 13. Dezember 2017 um 14:30\n\n" + lead
	if body, comments = Body(in); len(comments) != 0 {
		t.Errorf("single weak header split comments: %q %+v", body, comments)
	}
}
