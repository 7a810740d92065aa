package quote

import (
	"bytes"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

var update = flag.Bool("update", false, "rewrite golden files")

// seedDates are the publication dates the seed articles state (in their
// bylines and datelines); 003 states none.
var seedDates = map[string]string{
	"000_c011d3ede46baed8.txt": "2017-12-22",
	"001_003a54aaabd21a79.txt": "2017-12-28",
	"002_f36e299a961d189e.txt": "2024-01-24",
	"003_dbb5c05e03edadc2.txt": "",
	"004_64df0ebe814096ef.txt": "2017-12-13",
}

// seedText returns a seed's article text. Seed 001 carries reader comments
// after the article; they are cut off (at the end of the paragraph holding
// the article's last quotation) until extraction separates them.
func seedText(t testing.TB, name string) string {
	b, err := os.ReadFile(filepath.Join("..", "..", "..", "testdata", "seeds", name))
	if err != nil {
		t.Skipf("seed %s: %v", name, err)
	}
	s := string(b)
	if strings.HasPrefix(name, "001_") {
		const last = "the Russian diplomat said."
		if i := strings.Index(s, last); i >= 0 {
			s = s[:i+len(last)]
		}
	}
	return s
}

type goldenSeed struct {
	File      string  `json:"file"`
	Published string  `json:"published"`
	Quotes    []Quote `json:"quotes"`
}

// TestSeedsGolden freezes every quotation of the five seed articles with its
// resolved speaker, checked by eye; go test -update rewrites the file.
func TestSeedsGolden(t *testing.T) {
	var got []goldenSeed
	for _, name := range []string{"000_c011d3ede46baed8.txt", "001_003a54aaabd21a79.txt", "002_f36e299a961d189e.txt",
		"003_dbb5c05e03edadc2.txt", "004_64df0ebe814096ef.txt"} {
		body := seedText(t, name)
		qs := Extract(body, seedDates[name], nil)
		checkOffsets(t, body, qs)
		got = append(got, goldenSeed{File: name, Published: seedDates[name], Quotes: qs})
	}
	b, err := json.MarshalIndent(got, "", "  ")
	if err != nil {
		t.Fatal(err)
	}
	b = append(b, '\n')
	path := filepath.Join("testdata", "seeds.golden.json")
	if *update {
		if err := os.WriteFile(path, b, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("read golden file (run go test -update): %v", err)
	}
	if !bytes.Equal(b, want) {
		t.Errorf("seed quotes differ from %s (go test -update to accept):\n%s", path, firstDiff(string(want), string(b)))
	}
}

// TestSeedSpeakers states the speakers the seeds must resolve to, whatever
// else changes in the golden file.
func TestSeedSpeakers(t *testing.T) {
	tests := []struct {
		file, mention, speaker string
	}{
		{"000_c011d3ede46baed8.txt", "he", "Eric Pahon"},
		{"001_003a54aaabd21a79.txt", "she", "Maria Zakharova"},
		{"001_003a54aaabd21a79.txt", "the diplomat", "Maria Zakharova"},
		{"001_003a54aaabd21a79.txt", "the Russian Foreign Ministry spokeswoman", "Maria Zakharova"},
		{"001_003a54aaabd21a79.txt", "the Russian diplomat", "Maria Zakharova"},
		{"001_003a54aaabd21a79.txt", "The Russian minister", "Sergey Lavrov"},
		{"004_64df0ebe814096ef.txt", "she", "Heather Nauert"},
		{"004_64df0ebe814096ef.txt", "the US State Department", "US State Department"},
		{"004_64df0ebe814096ef.txt", "he", "Adrian Rankine-Galloway"},
		{"004_64df0ebe814096ef.txt", "A US official", "A US official"},
	}
	for _, tc := range tests {
		body := seedText(t, tc.file)
		found := false
		for _, q := range Extract(body, seedDates[tc.file], nil) {
			if q.SpeakerMention != tc.mention {
				continue
			}
			found = true
			if q.Speaker != tc.speaker {
				t.Errorf("%s: %q resolved to %q, want %q", tc.file, tc.mention, q.Speaker, tc.speaker)
			}
		}
		if !found {
			t.Errorf("%s: no quote with speaker mention %q", tc.file, tc.mention)
		}
	}
}

// firstDiff shows the first differing line of two texts.
func firstDiff(a, b string) string {
	al, bl := strings.Split(a, "\n"), strings.Split(b, "\n")
	for i := 0; i < len(al) || i < len(bl); i++ {
		var x, y string
		if i < len(al) {
			x = al[i]
		}
		if i < len(bl) {
			y = bl[i]
		}
		if x != y {
			return "line " + itoa(i+1) + ":\n- " + x + "\n+ " + y
		}
	}
	return ""
}

func itoa(n int) string {
	b, _ := json.Marshal(n)
	return string(b)
}
