package claims

import (
	"encoding/json"
	"flag"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

var update = flag.Bool("update", false, "rewrite golden files")

func TestParseNumber(t *testing.T) {
	tests := []struct {
		in   string
		want float64
		ok   bool
	}{
		{"2,000", 2000, true},
		{"2000", 2000, true},
		{"two thousand", 2000, true},
		{"2k", 2000, true},
		{"2 thousand", 2000, true},
		{"1.5 million", 1.5e6, true},
		{"1,000,000", 1e6, true},
		{"4.5bn", 4.5e9, true},
		{"20m", 20e6, true},
		{"3 billion", 3e9, true},
		{"twenty-three", 23, true},
		{"twenty three", 23, true},
		{"one hundred and five", 105, true},
		{"three hundred thousand", 300000, true},
		{"half a million", 500000, true},
		{"a million", 1e6, true},
		{"a dozen", 12, true},
		{"two dozen", 24, true},
		{"23", 23, true},
		{"0.5", 0.5, true},
		{"2,00", 0, false},
		{"2,0000", 0, false},
		{"1.", 0, false},
		{"1.2.3", 0, false},
		{"", 0, false},
		{"troops", 0, false},
		{"2 3", 0, false},
		{"and", 0, false},
		{"two and", 0, false},
		{"a", 0, false},
		{"half", 0, false},
		{"21st", 0, false},
		{"2x", 0, false},
		{"twenty-ten", 0, false},
		{"99999999999999999999", 0, false},
	}
	for _, tt := range tests {
		got, ok := ParseNumber(tt.in)
		if ok != tt.ok || ok && math.Abs(got-tt.want) > 1e-9*math.Max(1, tt.want) {
			t.Errorf("ParseNumber(%q) = %v, %v; want %v, %v", tt.in, got, ok, tt.want, tt.ok)
		}
	}
}

func TestExtract(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want []string // "value|qualifier|unit|class|owner|where|per", one per claim
	}{
		{"count with owner, place and source",
			"There are currently nearly 2,000 U.S. troops in Syria, according to numbers from the Pentagon.",
			[]string{"2000|nearly||troops|United States|Syria|Pentagon"}},
		{"owner from the clause subject",
			"He said America would leave around 400 army personnel in Syria.",
			[]string{"400|around||troops|United States|Syria|He"}},
		{"two claims in a list",
			"General Ivan Petrov, the Russian commander in Syria, said the army will pull out 23 warplanes, two helicopter gunships and police units.",
			[]string{"23|||warplanes|Russia||General Ivan Petrov", "2|||gunship|Russia||General Ivan Petrov"}},
		{"word numbers and scales",
			"Officials said two thousand refugees and 1.5 million people crossed.",
			[]string{"2000|||refugees|||Officials", "1.5e+06|||people|||Officials"}},
		{"money and percentages",
			"The plan costs $3 billion, or 12% of the budget, and more than 40 percent of voters back it.",
			[]string{"3e+09||USD||||", "12||%||||", "40|more than|%|voter|||"}},
		{"source after the figure",
			"At least 300 civilians were killed in Aleppo, the monitor said.",
			[]string{"300|at least||civilians||Aleppo|the monitor"}},
		{"attribution in another clause is not the source",
			"There are around 2000 American soldiers still in Syria, although according to Jane Roe, some went home.",
			[]string{"2000|around||troops|United States|Syria|"}},
		{"skips dates, years, times and ages",
			"On December 27, 2017, at 16:51 and 2:02am, 13 December, the 45-year-old, aged 60, in 2021 elections.",
			nil},
		{"skips identifiers and ordinals",
			"Under Resolution 2254 and UNSC No.2254, the 21st Astana meeting, Flight 17 crashed.",
			nil},
		{"skips durations, phone numbers and bare numbers",
			"It took eight years and 24 hours. Call 555 1234. Comments (0). Two of them fell.",
			nil},
		{"a place named as a city of",
			"The quake killed more than 26,000 people in the ancient city of Bam in December 2003.",
			[]string{"26000|more than||people||Bam|"}},
		{"a year-like count needs a qualifier",
			"The 2019 floods hit and some 2000 families fled.",
			[]string{"2000|some||family|||"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var got []string
			for _, c := range Extract(tt.in) {
				got = append(got, fmt.Sprintf("%g|%s|%s|%s|%s|%s|%s", c.Value, c.Qualifier, c.Unit, c.Class, c.Owner, c.Where, c.Per))
				if tt.in[c.Start:c.End] != c.Text {
					t.Errorf("offsets %d..%d give %q, Text is %q", c.Start, c.End, tt.in[c.Start:c.End], c.Text)
				}
			}
			if strings.Join(got, "\n") != strings.Join(tt.want, "\n") {
				t.Errorf("Extract(%q)\ngot:\n%s\nwant:\n%s", tt.in, strings.Join(got, "\n"), strings.Join(tt.want, "\n"))
			}
		})
	}
}

// TestPredicates: what befell the counted is part of the quantity. A death
// toll and a count of the injured in one report are two quantities; the
// same toll in other words is one.
func TestPredicates(t *testing.T) {
	tests := []struct {
		in   string
		want []string // "value|predicate|key"
	}{
		{"A powerful earthquake hit southern Iran, killing at least 10 people and injuring 80 people.",
			[]string{"10|dead|people|iran||dead", "80|injured|people|iran||injured"}},
		{"Ten people were killed and about 50 were hurt when the quake struck Qeshm.",
			[]string{"10|dead|people|||dead"}},
		{"The quake left 612 people homeless in Iran.",
			[]string{"612|displaced|people|||displaced"}},
		{"Police arrested 12 protesters, and 3 officers were reportedly wounded.",
			[]string{"12|arrested|protester|||arrested", "3|injured|troops|||injured"}},
		{"The island has 120,000 people.", // no predicate: the key is as before
			[]string{"120000||people||"}},
		{"Nearly 2,000 U.S. troops are still in Syria.",
			[]string{"2000||troops|united states|syria"}},
	}
	for _, tt := range tests {
		var got []string
		for _, c := range Extract(tt.in) {
			got = append(got, fmt.Sprintf("%g|%s|%s", c.Value, c.Predicate, c.Key))
		}
		if strings.Join(got, "\n") != strings.Join(tt.want, "\n") {
			t.Errorf("Extract(%q)\ngot:\n%s\nwant:\n%s", tt.in, strings.Join(got, "\n"), strings.Join(tt.want, "\n"))
		}
	}
}

// TestSeeds checks the seed articles' claims against a golden file and the
// cases the "who said what" issue names.
func TestSeeds(t *testing.T) {
	files, err := filepath.Glob("../../../testdata/seeds/*.txt")
	if err != nil || len(files) == 0 {
		t.Skip("seeds not found")
	}
	type row struct {
		Seed   string
		Claims []Claim
	}
	var rows []row
	byText := map[string]Claim{}
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		cs := Extract(string(b))
		rows = append(rows, row{filepath.Base(f), cs})
		for _, c := range cs {
			byText[c.Number+" "+c.Counted] = c
		}
	}
	got, err := json.MarshalIndent(rows, "", "  ")
	if err != nil {
		t.Fatal(err)
	}
	golden := filepath.Join("testdata", "seeds.golden.json")
	if *update {
		if err := os.WriteFile(golden, append(got, '\n'), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatalf("%v (run with -update to create)", err)
	}
	if strings.TrimSpace(string(want)) != strings.TrimSpace(string(got)) {
		t.Errorf("seed claims differ from %s; run go test -update and review the diff", golden)
	}

	need := func(k string) Claim {
		c, ok := byText[k]
		if !ok {
			t.Fatalf("no claim %q among %v", k, keys(byText))
		}
		return c
	}
	us := need("2,000 U.S. troops")
	am := need("2000 American soldiers")
	army := need("400 army personnel")
	if us.Key != am.Key || us.Value != 2000 || am.Value != 2000 {
		t.Errorf("same figure: %q=%v and %q=%v", us.Key, us.Value, am.Key, am.Value)
	}
	if army.Key != us.Key || army.Value == us.Value {
		t.Errorf("400 army personnel: key %q value %v; want key %q and another value", army.Key, army.Value, us.Key)
	}
	if us.Qualifier != "nearly" || am.Qualifier != "around" || us.Per != "Pentagon" {
		t.Errorf("qualifiers %q, %q; source %q", us.Qualifier, am.Qualifier, us.Per)
	}
	wp, gs := need("23 warplanes"), need("two helicopter gunships")
	if wp.Value != 23 || gs.Value != 2 || wp.Key == gs.Key {
		t.Errorf("23 warplanes (%v, %q) and two helicopter gunships (%v, %q) must be separate claims", wp.Value, wp.Key, gs.Value, gs.Key)
	}
}

func keys(m map[string]Claim) []string {
	var out []string
	for k := range m {
		out = append(out, k)
	}
	return out
}

func FuzzExtract(f *testing.F) {
	for _, s := range []string{
		"nearly 2,000 U.S. troops in Syria, according to the Pentagon",
		"$3 billion, 12%, half a million people, twenty-three tanks",
		"No.2254 21st 16:51 555 1234 (0) 2k 4.5bn",
		"a a a half and and 1,",
		"\xff\xfe 2,000 \u00e9 troops",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		for _, c := range Extract(s) {
			if c.Start < 0 || c.End > len(s) || c.Start > c.End || s[c.Start:c.End] != c.Text {
				t.Fatalf("bad offsets %d..%d for %q", c.Start, c.End, c.Text)
			}
			if math.IsNaN(c.Value) || math.IsInf(c.Value, 0) {
				t.Fatalf("value %v", c.Value)
			}
		}
		ParseNumber(s)
	})
}

func BenchmarkExtract(b *testing.B) {
	files, _ := filepath.Glob("../../../testdata/seeds/*.txt")
	var docs []string
	n := 0
	for _, f := range files {
		d, err := os.ReadFile(f)
		if err != nil {
			b.Fatal(err)
		}
		docs = append(docs, string(d))
		n += len(d)
	}
	if len(docs) == 0 {
		b.Skip("no seeds")
	}
	b.SetBytes(int64(n))
	b.ReportAllocs()
	for b.Loop() {
		for _, d := range docs {
			Extract(d)
		}
	}
	b.ReportMetric(float64(b.N*len(docs))/b.Elapsed().Seconds(), "articles/s")
}
