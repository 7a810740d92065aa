package synth

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func seedPool(t testing.TB) *Pool {
	files, _ := filepath.Glob("../../testdata/seeds/*.txt")
	if len(files) == 0 {
		t.Fatal("no seeds")
	}
	var p Pool
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		p.Add(string(b))
	}
	return &p
}

func TestDocIsDeterministicAndVaried(t *testing.T) {
	p := seedPool(t)
	a, b := p.Doc(1, 42), p.Doc(1, 42)
	if a.Content != b.Content || a.SourceID != b.SourceID {
		t.Fatal("same seed and index gave different documents")
	}
	if p.Doc(1, 43).Content == a.Content || p.Doc(2, 42).Content == a.Content {
		t.Error("different index or seed gave the same document")
	}
	if !strings.Contains(a.Content, "\n\nBy ") || strings.Count(a.Content, "\n\n") < 4 {
		t.Errorf("document lacks byline or paragraphs:\n%s", a.Content)
	}
	if os.Getenv("SYNTH_DUMP") != "" {
		for _, i := range []int{1297, 5601} {
			t.Logf("%d:\n%s", i, p.Doc(7, i).Content)
		}
	}
}
