package text

import (
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf8"
)

var update = flag.Bool("update", false, "rewrite golden files")

// join renders tokens as "a|b|c" for compact expectations.
func join(toks []Token) string {
	w := make([]string, len(toks))
	for i, t := range toks {
		w[i] = t.Text
	}
	return strings.Join(w, "|")
}

func TestTokens(t *testing.T) {
	tests := []struct {
		name, in, want string
	}{
		{"straight quotes", `He said "no."`, `He|said|"|no|.|"`},
		{"curly quotes", "“Yes,” she said.", "“|Yes|,|”|she|said|."},
		{"single curly quotes", "‘Maybe’ he said", "‘|Maybe|’|he|said"},
		{"guillemets", "«Non» dit-il", "«|Non|»|dit-il"},
		{"ptb quotes", "``Hi'' there", "``|Hi|''|there"},
		{"dotted abbreviation", "the U.S. military", "the|U.S.|military"},
		{"dotted lower", "e.g. this at 5 a.m. today", "e.g.|this|at|5|a.m.|today"},
		{"dotted compound", "the U.S.-led coalition", "the|U.S.-led|coalition"},
		{"degree", "a Ph.D. in physics", "a|Ph.D.|in|physics"},
		{"titles", "Gen. Smith met Maj. Jones and Mr. Brown", "Gen.|Smith|met|Maj.|Jones|and|Mr.|Brown"},
		{"month", "on Dec. 22, 2017", "on|Dec.|22|,|2017"},
		{"number abbreviation glued", "resolution No.2254 passed", "resolution|No.|2254|passed"},
		{"number abbreviation spaced", "No. 5 seed", "No.|5|seed"},
		{"no is a word", "He said no.", "He|said|no|."},
		{"initials", "J. R. Smith and George W. Bush", "J.|R.|Smith|and|George|W.|Bush"},
		{"thousands", "2,000 troops and 1,234,567 votes", "2,000|troops|and|1,234,567|votes"},
		{"list of numbers", "scores 5,6 and 7", "scores|5|,|6|and|7"},
		{"decimals", "3.5 percent, .5 too", "3.5|percent|,|.5|too"},
		{"dates and times", "1996-08-22 at 2:02am, 12/22/2017", "1996-08-22|at|2:02am|,|12/22/2017"},
		{"currency", "$3.5 billion (£2bn)", "$|3.5|billion|(|£|2bn|)"},
		{"percent", "up 4.2% on", "up|4.2|%|on"},
		{"hyphenated", "al-Assad's well-known mid-December", "al-Assad|'s|well-known|mid-December"},
		{"possessive", "Putin's envoy", "Putin|'s|envoy"},
		{"possessive curly", "Russia’s Defense", "Russia|’s|Defense"},
		{"plural possessive", "the players' union", "the|players|'|union"},
		{"negation", "don't can't won't", "do|n't|ca|n't|wo|n't"},
		{"clitics", "we're I'm they've he'll she'd", "we|'re|I|'m|they|'ve|he|'ll|she|'d"},
		{"apostrophe names", "O'Neill and D'Alema", "O'Neill|and|D'Alema"},
		{"o'clock", "at 5 o'clock", "at|5|o'clock"},
		{"ellipsis", "wait... what … now", "wait|...|what|…|now"},
		{"dashes", "yes -- no — maybe – so", "yes|--|no|—|maybe|–|so"},
		{"url", "see https://example.com/a_b?x=1. Then", "see|https://example.com/a_b?x=1|.|Then"},
		{"url in parens", "(http://x.org/wiki/A_(b))", "(|http://x.org/wiki/A_(b)|)"},
		{"www", "at www.example.org, now", "at|www.example.org|,|now"},
		{"email", "mail jo.doe@example.com now", "mail|jo.doe@example.com|now"},
		{"domain", "Amazon.com said", "Amazon.com|said"},
		{"missing space", "ended.Then", "ended|.|Then"},
		{"ampersand", "AT&T and S&P rose & fell", "AT&T|and|S&P|rose|&|fell"},
		{"hashtag mention", "#news by @user", "#news|by|@user"},
		{"exclaim", "What?! No!!", "What|?!|No|!!"},
		{"markdown link", "[reports](#)", "[|reports|]|(|#|)"},
		{"nbsp", "a\u00a0b\u200bc", "a|b|c"},
		{"accented", "José Müller-Lüdenscheidt", "José|Müller-Lüdenscheidt"},
		{"cyrillic", "Москва, Россия", "Москва|,|Россия"},
		{"invalid utf8", "a\xffb", "a|\xff|b"},
		{"ordinals", "the 1st and 22nd", "the|1st|and|22nd"},
		{"company", "Apple Inc. and Foo Corp.", "Apple|Inc.|and|Foo|Corp."},
		{"state", "Phoenix, Ariz., said", "Phoenix|,|Ariz.|,|said"},
		{"sentence end not abbreviation", "He won.", "He|won|."},
		{"empty", "", ""},
		{"spaces only", " \n\t ", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			toks := Tokens(tt.in)
			if got := join(toks); got != tt.want {
				t.Errorf("Tokens(%q)\n got %s\nwant %s", tt.in, got, tt.want)
			}
			for _, tk := range toks {
				if tt.in[tk.Start:tk.End] != tk.Text {
					t.Errorf("token %q has offsets %d:%d that give %q", tk.Text, tk.Start, tk.End, tt.in[tk.Start:tk.End])
				}
			}
		})
	}
}

func TestSentences(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want []string // sentences as joined tokens
	}{
		{"simple", "It rained. We left.", []string{"It|rained|.", "We|left|."}},
		{"abbreviation inside", "The U.S. military left. Gen. Smith said so.",
			[]string{"The|U.S.|military|left|.", "Gen.|Smith|said|so|."}},
		{"abbreviation at end", "Troops left the U.S. The envoy stayed.",
			[]string{"Troops|left|the|U.S.", "The|envoy|stayed|."}},
		{"abbreviation then name", "Made in the U.S. Army barracks.", []string{"Made|in|the|U.S.|Army|barracks|."}},
		{"initials", "It was J. Smith. He left.", []string{"It|was|J.|Smith|.", "He|left|."}},
		{"degree", "He holds a Ph.D. in physics.", []string{"He|holds|a|Ph.D.|in|physics|."}},
		{"time at end", "It was 10 a.m. The meeting began.", []string{"It|was|10|a.m.", "The|meeting|began|."}},
		{"titles", "Mr. Smith went to Washington. Mrs. Smith stayed.", []string{"Mr.|Smith|went|to|Washington|.", "Mrs.|Smith|stayed|."}},
		{"closing quote", `"It must end." Then he left.`, []string{`"|It|must|end|.|"`, "Then|he|left|."}},
		{"curly closing quote", "“It must end.” Then he left.", []string{"“|It|must|end|.|”", "Then|he|left|."}},
		{"quote continues", `"Stop!" he said. Then he left.`, []string{`"|Stop|!|"|he|said|.`, "Then|he|left|."}},
		{"ellipsis lower", "presence... are excuses.", []string{"presence|...|are|excuses|."}},
		{"question", "Why? Because.", []string{"Why|?", "Because|."}},
		{"decimal", "It rose 3.5 percent. Then fell.", []string{"It|rose|3.5|percent|.", "Then|fell|."}},
		{"month", "On Dec. 22 it fell.", []string{"On|Dec.|22|it|fell|."}},
		{"number abbreviation", "Resolution No. 2254 passed.", []string{"Resolution|No.|2254|passed|."}},
		{"paragraphs", "Headline Here\n\nBody text here.", []string{"Headline|Here", "Body|text|here|."}},
		{"short line", "Title Line\nBody text starts here.", []string{"Title|Line", "Body|text|starts|here|."}},
		{"long line", strings.Repeat("x ", 60) + "end\nNext line.", []string{strings.Repeat("x|", 60) + "end", "Next|line|."}},
		{"line ends mid-phrase", "He met with\nPresident Putin.", []string{"He|met|with|President|Putin|."}},
		{"wrapped prose", "this is a long line of wrapped prose that goes on and on for a while\nand continues here.",
			[]string{"this|is|a|long|line|of|wrapped|prose|that|goes|on|and|on|for|a|while|and|continues|here|."}},
		{"dateline reuters", "WASHINGTON (Reuters) - The president said.",
			[]string{"WASHINGTON|(|Reuters|)|-", "The|president|said|."}},
		{"dateline sputnik", "ASTANA (Sputnik) — Talks began.", []string{"ASTANA|(|Sputnik|)|—", "Talks|began|."}},
		{"dateline with place and date", "MOSCOW, Russia, Dec 22 (AP) - Talks began.",
			[]string{"MOSCOW|,|Russia|,|Dec|22|(|AP|)|-", "Talks|began|."}},
		{"dateline two words", "NEW YORK - Stocks fell.", []string{"NEW|YORK|-", "Stocks|fell|."}},
		{"not a dateline", "NATO members met - and agreed.", []string{"NATO|members|met|-|and|agreed|."}},
		{"byline line", "By Jane Doe\n\nMOSCOW - It snowed.", []string{"By|Jane|Doe", "MOSCOW|-", "It|snowed|."}},
		{"lowercase after period", "see fig. and so on. next", []string{"see|fig|.|and|so|on|.|next"}},
		{"digit after period", "It ended in 2016. 2017 was calm.", []string{"It|ended|in|2016|.", "2017|was|calm|."}},
		{"empty", "", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := Sentences(tt.in)
			var gs []string
			for _, s := range got {
				gs = append(gs, join(s.Tokens))
				if s.Start != s.Tokens[0].Start || s.End != s.Tokens[len(s.Tokens)-1].End {
					t.Errorf("sentence offsets %d:%d do not match its tokens", s.Start, s.End)
				}
			}
			if strings.Join(gs, "\n") != strings.Join(tt.want, "\n") {
				t.Errorf("Sentences(%q)\n got %q\nwant %q", tt.in, gs, tt.want)
			}
		})
	}
}

func TestMaxSentenceTokens(t *testing.T) {
	in := strings.Repeat("word ", 3*MaxSentenceTokens+7)
	ss := Sentences(in)
	if len(ss) != 4 {
		t.Fatalf("got %d sentences, want 4", len(ss))
	}
	for _, s := range ss {
		if len(s.Tokens) > MaxSentenceTokens {
			t.Errorf("sentence of %d tokens exceeds the cap", len(s.Tokens))
		}
	}
}

// TestSeedsGolden pins the segmentation of the five seed articles; run with
// -update after a deliberate change and review the diff.
func TestSeedsGolden(t *testing.T) {
	files, err := filepath.Glob("../../../testdata/seeds/*.txt")
	if err != nil || len(files) == 0 {
		t.Skip("no seeds")
	}
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		var sb strings.Builder
		for _, s := range Sentences(string(b)) {
			sb.WriteString(join(s.Tokens))
			sb.WriteByte('\n')
		}
		golden := filepath.Join("testdata", strings.TrimSuffix(filepath.Base(f), ".txt")+".golden")
		if *update {
			if err := os.WriteFile(golden, []byte(sb.String()), 0o644); err != nil {
				t.Fatal(err)
			}
			continue
		}
		want, err := os.ReadFile(golden)
		if err != nil {
			t.Fatalf("read golden (run with -update): %v", err)
		}
		if sb.String() != string(want) {
			t.Errorf("%s: segmentation differs from %s; rerun with -update and review the diff", f, golden)
		}
	}
}

// checkInvariants asserts what must hold on any input.
func checkInvariants(t *testing.T, in string) {
	t.Helper()
	prevEnd := 0
	n := 0
	for _, s := range Sentences(in) {
		if len(s.Tokens) == 0 || len(s.Tokens) > MaxSentenceTokens {
			t.Fatalf("sentence with %d tokens", len(s.Tokens))
		}
		for _, tk := range s.Tokens {
			if tk.Start < prevEnd || tk.End <= tk.Start || tk.End > len(in) {
				t.Fatalf("bad offsets %d:%d after %d in %q", tk.Start, tk.End, prevEnd, in)
			}
			if in[tk.Start:tk.End] != tk.Text {
				t.Fatalf("token text %q != source %q", tk.Text, in[tk.Start:tk.End])
			}
			if strings.TrimSpace(tk.Text) == "" && utf8.ValidString(tk.Text) {
				t.Fatalf("blank token %q", tk.Text)
			}
			prevEnd = tk.End
			n++
		}
	}
	if n != len(Tokens(in)) {
		t.Fatalf("Sentences has %d tokens, Tokens %d", n, len(Tokens(in)))
	}
}

func FuzzSentences(f *testing.F) {
	for _, s := range []string{
		"WASHINGTON (Reuters) - The U.S. said No.2254 was 3.5% of 2,000.",
		"“Yes,” he said... don't O'Neill's http://a.b/(c)).",
		"a\xff\xfe'' `` -- …\u2028x",
		"J. R. R. Tolkien e.g. a.m. Inc. Dec. 22",
		".5 .. ... n't 's '",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, in string) {
		checkInvariants(t, in)
	})
}

func BenchmarkSentences(b *testing.B) {
	files, _ := filepath.Glob("../../../testdata/seeds/*.txt")
	var sb strings.Builder
	for _, f := range files {
		if data, err := os.ReadFile(f); err == nil {
			sb.Write(data)
			sb.WriteString("\n\n")
		}
	}
	if sb.Len() == 0 {
		sb.WriteString(strings.Repeat("WASHINGTON (Reuters) - The U.S. military said on Dec. 22 that 2,000 troops, “a lot,” will stay. ", 200))
	}
	in := sb.String()
	ntok := len(Tokens(in))
	b.SetBytes(int64(len(in)))
	cpu0 := cpuSeconds()
	for b.Loop() {
		Sentences(in)
	}
	b.ReportMetric(float64(ntok)*float64(b.N)/b.Elapsed().Seconds(), "tokens/s")
	if cpu := cpuSeconds() - cpu0; cpu > 0 {
		b.ReportMetric(float64(ntok)*float64(b.N)/cpu, "tokens/cpu-s")
	}
}
