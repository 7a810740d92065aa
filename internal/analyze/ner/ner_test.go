package ner

import (
	"bytes"
	"compress/gzip"
	"flag"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/storyline-news/storyline/internal/analyze/text"
)

var update = flag.Bool("update", false, "rewrite golden files")

func mustDefault(t testing.TB) *Model {
	t.Helper()
	m, err := Default()
	if err != nil {
		t.Fatalf("Default: %v", err)
	}
	return m
}

func TestSchemeRoundTrip(t *testing.T) {
	for _, bilou := range []bool{false, true} {
		sch := newScheme(bilou)
		spans := []span{{0, 2, 0}, {2, 3, 0}, {4, 7, 2}, {7, 8, 3}}
		tags := sch.encode(9, spans)
		if got := sch.decode(tags); !reflect.DeepEqual(got, spans) {
			t.Errorf("bilou=%v: decode(encode) = %v, want %v", bilou, got, spans)
		}
		// Every encoded sequence must satisfy the decoding constraints.
		for i, c := range tags {
			p := len(sch.names)
			if i > 0 {
				p = tags[i-1]
			}
			if !sch.allowed[p][c] {
				t.Errorf("bilou=%v: transition %s -> %s is forbidden", bilou, name(sch, p), sch.names[c])
			}
		}
		if !sch.final[tags[len(tags)-1]] {
			t.Errorf("bilou=%v: final tag %s is forbidden", bilou, sch.names[tags[len(tags)-1]])
		}
	}
}

func name(sch *scheme, t int) string {
	if t == len(sch.names) {
		return "<start>"
	}
	return sch.names[t]
}

func TestParseIOB(t *testing.T) {
	tests := []struct {
		name string
		tags []string
		want []span
	}{
		{"iob1", []string{"I-PER", "I-PER", "B-PER", "O", "I-LOC"}, []span{{0, 2, 0}, {2, 3, 0}, {4, 5, 2}}},
		{"iob2", []string{"B-PER", "I-PER", "B-PER", "O", "B-LOC"}, []span{{0, 2, 0}, {2, 3, 0}, {4, 5, 2}}},
		{"type change", []string{"I-ORG", "I-LOC"}, []span{{0, 1, 1}, {1, 2, 2}}},
		{"bioes", []string{"B-MISC", "E-MISC", "S-PER"}, []span{{0, 2, 3}, {2, 3, 0}}},
		{"unknown type is O", []string{"B-XYZ", "I-PER"}, []span{{1, 2, 0}}},
		{"empty", nil, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := parseIOB(tt.tags); !reflect.DeepEqual(got, tt.want) {
				t.Errorf("parseIOB(%v) = %v, want %v", tt.tags, got, tt.want)
			}
		})
	}
}

func TestIOB2(t *testing.T) {
	got := iob2(5, []span{{0, 2, 0}, {2, 3, 0}, {4, 5, 3}})
	want := []string{"B-PER", "I-PER", "B-PER", "O", "B-MISC"}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("iob2 = %v, want %v", got, want)
	}
}

func TestTokenInfo(t *testing.T) {
	tests := []struct {
		tok  string
		set  uint32
		none uint32
	}{
		{"Paris", fInitCap | fHasLetter, fAllCaps | fAllLower},
		{"NATO", fAllCaps, fInitCap},
		{"McDonald", fMixedCaps, fAllCaps},
		{"2,000", fHasDigit, fAllDigit | fHasLetter},
		{"1996", fAllDigit, 0},
		{"J.", fInitial | fHasPeriod, 0},
		{"well-known", fAllLower | fHasHyphen, 0},
		{"“", fQuote | fPunct, fHasLetter},
	}
	for _, tt := range tests {
		f := info(tt.tok).flags
		if f&tt.set != tt.set || f&tt.none != 0 {
			t.Errorf("info(%q).flags = %b, want %b set and %b clear", tt.tok, f, tt.set, tt.none)
		}
	}
	if info("“").w != info("\"").w || info("’s").w != info("'s").w {
		t.Error("typographic quotes are not normalised to the training forms")
	}
	if info("1996").w != info("2017").w {
		t.Error("digits are not normalised")
	}
	if info("Paris").l != info("PARIS").l || info("Paris").w == info("PARIS").w {
		t.Error("lower-case hash must fold case, word hash must not")
	}
}

func TestGazetteer(t *testing.T) {
	g, err := sharedGazetteer()
	if err != nil {
		t.Fatal(err)
	}
	cat := func(name string) int {
		for i, c := range g.cats {
			if c == name {
				return i
			}
		}
		t.Fatalf("no gazetteer category %q in %v", name, g.cats)
		return -1
	}
	toks := prepareSentence(strings.Fields("He flew to New Zealand and to paris"), nil).toks
	m := g.match(toks)
	c := cat("country")
	if m[3]&(1<<(4*c)) == 0 || m[4]&(1<<(4*c+2)) == 0 {
		t.Errorf("New Zealand not matched as a country: %b %b", m[3], m[4])
	}
	city := cat("city")
	if m[7]&(0xf<<(4*city)) != 0 {
		t.Error("lower-case 'paris' must not match")
	}
}

func gz(t *testing.T, s string) []byte {
	t.Helper()
	var b bytes.Buffer
	zw := gzip.NewWriter(&b)
	zw.Write([]byte(s))
	zw.Close()
	return b.Bytes()
}

func TestGazetteerFiles(t *testing.T) {
	fsys := fstest.MapFS{
		"g/city.a.txt.gz":    {Data: gz(t, "Springfield\nNew Haven\n")},
		"g/city.b.txt.gz":    {Data: gz(t, "Shelbyville\n")},
		"g/country.x.txt.gz": {Data: gz(t, "Freedonia\n")},
	}
	g, err := loadGazetteer(fsys, "g")
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(g.cats, []string{"city", "country"}) {
		t.Fatalf("categories %v, want [city country]", g.cats)
	}
	toks := prepareSentence(strings.Fields("From Shelbyville to New Haven via Freedonia"), nil).toks
	m := g.match(toks)
	want := []uint64{0, 1 << 3, 0, 1 << 0, 1 << 2, 0, 1 << (4 + 3)}
	if !reflect.DeepEqual(m, want) {
		t.Errorf("match = %b, want %b", m, want)
	}
	g2, err := loadGazetteer(fstest.MapFS{"g/city.a.txt.gz": {Data: gz(t, "Springfield\n")}}, "g")
	if err != nil {
		t.Fatal(err)
	}
	if g2.sum == g.sum {
		t.Error("different lists must give different checksums")
	}
	if _, err := loadGazetteer(fstest.MapFS{"g/x.y.txt.gz": {Data: []byte("not gzip")}}, "g"); err == nil {
		t.Error("a broken list must be an error")
	}
}

func TestDefaultTags(t *testing.T) {
	m := mustDefault(t)
	tests := []struct {
		in   string
		want string
	}{
		{"Angela Merkel visited Paris on Monday .", "B-PER I-PER O B-LOC O O O"},
		{"The United Nations said Russia must leave Syria .", "O B-ORG I-ORG O B-LOC O O B-LOC O"},
		{"German officials met in Berlin .", "B-MISC O O O B-LOC O"},
	}
	for _, tt := range tests {
		got := strings.Join(m.Tag(strings.Fields(tt.in)), " ")
		if got != tt.want {
			t.Errorf("Tag(%q)\n got %s\nwant %s", tt.in, got, tt.want)
		}
	}
	if got := m.Tag(nil); len(got) != 0 {
		t.Errorf("Tag(nil) = %v", got)
	}
}

func TestEntitiesOffsets(t *testing.T) {
	m := mustDefault(t)
	src := "WASHINGTON (Reuters) - President Barack Obama met Angela Merkel in the White House on Friday.\n\n“We agree,” Merkel said."
	sents := text.Sentences(src)
	all := m.DocumentEntities(sents, src)
	var got []string
	for _, es := range all {
		for _, e := range es {
			if src[e.Start:e.End] != e.Text {
				t.Errorf("entity %q has offsets %d:%d giving %q", e.Text, e.Start, e.End, src[e.Start:e.End])
			}
			got = append(got, e.Type+":"+e.Text)
		}
	}
	for _, want := range []string{"LOC:WASHINGTON", "ORG:Reuters", "PER:Barack Obama", "PER:Angela Merkel", "LOC:White House", "PER:Merkel"} {
		found := false
		for _, g := range got {
			if g == want {
				found = true
			}
		}
		if !found {
			t.Errorf("entity %s not found in %v", want, got)
		}
	}
	// A sentence alone gives the same kind of answer.
	if es := m.Entities(sents[1], src); len(es) == 0 {
		t.Errorf("Entities on one sentence found nothing")
	}
	// Sentences that do not belong to src yield no entity and no panic.
	if es := m.Entities(text.Sentence{}, src); len(es) != 0 {
		t.Errorf("empty sentence gave %v", es)
	}
	other := text.Sentences("Barack Obama met Angela Merkel in the White House on Friday with many others.")
	if es := m.DocumentEntities(other, "short"); len(es[0]) != 0 {
		t.Errorf("entities outside src: %v", es)
	}
}

func TestTagCoNLLGolden(t *testing.T) {
	m := mustDefault(t)
	in, err := os.ReadFile("testdata/sample.conll")
	if err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	if err := TagCoNLL(bytes.NewReader(in), &out, m); err != nil {
		t.Fatal(err)
	}
	inLines := strings.Split(strings.TrimRight(string(in), "\n"), "\n")
	outLines := strings.Split(strings.TrimRight(out.String(), "\n"), "\n")
	if len(inLines) != len(outLines) {
		t.Fatalf("%d lines in, %d out", len(inLines), len(outLines))
	}
	for i, l := range inLines {
		o := outLines[i]
		switch {
		case l == "" || strings.HasPrefix(l, "-DOCSTART-"):
			if o != l {
				t.Errorf("line %d: %q must pass through, got %q", i+1, l, o)
			}
		default:
			if !strings.HasPrefix(o, l+" ") || len(strings.Fields(o)) != len(strings.Fields(l))+1 {
				t.Errorf("line %d: %q is not %q plus one column", i+1, o, l)
			}
		}
	}
	golden := "testdata/sample.golden"
	if *update {
		if err := os.WriteFile(golden, out.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatalf("read golden (run with -update): %v", err)
	}
	if out.String() != string(want) {
		t.Errorf("TagCoNLL output differs from %s:\n%s", golden, out.String())
	}
}

func TestTagCoNLLErrors(t *testing.T) {
	m := mustDefault(t)
	long := strings.Repeat("x", maxLineBytes+1)
	if err := TagCoNLL(strings.NewReader(long), &bytes.Buffer{}, m); err == nil {
		t.Error("an overlong line must be an error")
	}
	if _, err := ReadCoNLL(strings.NewReader("lonely\n")); err == nil {
		t.Error("ReadCoNLL must reject a line without a tag")
	}
}

func TestReadCoNLL(t *testing.T) {
	f, err := os.Open("testdata/sample.conll")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	docs, err := ReadCoNLL(f)
	if err != nil {
		t.Fatal(err)
	}
	if len(docs) != 2 || len(docs[0].Sentences) != 2 || len(docs[1].Sentences) != 1 {
		t.Fatalf("got %d documents", len(docs))
	}
	s := docs[0].Sentences[1]
	if s.Tokens[5] != "European" || s.Tags[5] != "B-ORG" {
		t.Errorf("token 5 = %q %q", s.Tokens[5], s.Tags[5])
	}
}

// toyCorpus is a made-up corpus in which names follow cue words.
func toyCorpus() []Doc {
	var docs []Doc
	firsts := []string{"Anna", "Boris", "Carla", "Dmitri", "Elena", "Farid"}
	places := []string{"Oslo", "Lima", "Hanoi", "Quito", "Riga", "Dakar"}
	orgs := []string{"Acme", "Globex", "Initech", "Umbrella", "Hooli", "Vandelay"}
	for d := 0; d < 12; d++ {
		var doc Doc
		for s := 0; s < 6; s++ {
			p, l, o := firsts[(d+s)%6], places[(d+2*s)%6], orgs[(d+3*s)%6]
			doc.Sentences = append(doc.Sentences, Labeled{
				Tokens: []string{p, "works", "for", o, "Corp", "in", l, "."},
				Tags:   []string{"I-PER", "O", "O", "I-ORG", "I-ORG", "O", "I-LOC", "O"},
			})
		}
		docs = append(docs, doc)
	}
	return docs
}

func TestTrainSaveLoad(t *testing.T) {
	for _, twoPass := range []bool{false, true} {
		opt := TrainOptions{Epochs: 3, TwoPass: twoPass, Folds: 2, Prune: 0.01, Seed: 1}
		train := toyCorpus()
		m, err := Train(train, train[:2], opt)
		if err != nil {
			t.Fatal(err)
		}
		in := []string{"Carla", "works", "for", "Hooli", "Corp", "in", "Riga", "."}
		want := []string{"B-PER", "O", "O", "B-ORG", "I-ORG", "O", "B-LOC", "O"}
		if got := m.Tag(in); !reflect.DeepEqual(got, want) {
			t.Errorf("twoPass=%v: trained model tags %v, want %v", twoPass, got, want)
		}
		var buf bytes.Buffer
		if err := m.Save(&buf); err != nil {
			t.Fatal(err)
		}
		m2, err := Load(bytes.NewReader(buf.Bytes()))
		if err != nil {
			t.Fatal(err)
		}
		if (m2.first != nil) != twoPass {
			t.Errorf("twoPass=%v: loaded model has first pass %v", twoPass, m2.first != nil)
		}
		if got := m2.Tag(in); !reflect.DeepEqual(got, want) {
			t.Errorf("twoPass=%v: reloaded model tags %v, want %v", twoPass, got, want)
		}
		if s := Evaluate(m2, train[:2]); s[0].F1 != 1 {
			t.Errorf("twoPass=%v: F1 on training documents %.3f, want 1", twoPass, s[0].F1)
		}
	}
	if _, err := Train(nil, nil, DefaultTrainOptions); err == nil {
		t.Error("Train without documents must fail")
	}
}

func TestLoadRejects(t *testing.T) {
	var gz bytes.Buffer
	zw := gzip.NewWriter(&gz)
	zw.Write([]byte(magic + "\xff\xff\xff\xff\xff\xff"))
	zw.Close()
	for name, in := range map[string][]byte{
		"empty":      nil,
		"not gzip":   []byte("hello"),
		"bad header": gz.Bytes(),
	} {
		if _, err := Load(bytes.NewReader(in)); err == nil {
			t.Errorf("%s: Load succeeded", name)
		}
	}
}

func TestLongSentence(t *testing.T) {
	m := mustDefault(t)
	toks := strings.Fields(strings.Repeat("Paris is nice . ", MaxTokens/2))
	if got := m.Tag(toks); len(got) != len(toks) {
		t.Errorf("Tag returned %d tags for %d tokens", len(got), len(toks))
	}
}

// TestDevF1 scores the embedded model on the CoNLL-2003 dev set when the
// shared data is next to the repository (it is not in the repository).
func TestDevF1(t *testing.T) {
	if testing.Short() {
		t.Skip("short")
	}
	path := filepath.Join("..", "..", "..", "..", "shared", "data", "ner-conll2003", "dev.txt.gz")
	if p := os.Getenv("STORYLINE_SHARED"); p != "" {
		path = filepath.Join(p, "data", "ner-conll2003", "dev.txt.gz")
	}
	f, err := os.Open(path)
	if err != nil {
		t.Skipf("no CoNLL dev data: %v", err)
	}
	defer f.Close()
	zr, err := gzip.NewReader(f)
	if err != nil {
		t.Fatal(err)
	}
	docs, err := ReadCoNLL(zr)
	if err != nil {
		t.Fatal(err)
	}
	s := Evaluate(mustDefault(t), docs)
	t.Logf("dev:\n%s", FormatScores(s))
	if s[0].F1 < 0.92 {
		t.Errorf("dev F1 %.4f < 0.92", s[0].F1)
	}
}

func FuzzTagCoNLL(f *testing.F) {
	f.Add("-DOCSTART- -X- -X- O\n\nMaria B-PER\nflew O\n\n")
	f.Add("a\n\n\nb c d\n-DOCSTART-\n")
	f.Add("“Quote” X\nNew York\tLOC\n")
	m, err := Default()
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, in string) {
		var out bytes.Buffer
		if err := TagCoNLL(strings.NewReader(in), &out, m); err != nil {
			return
		}
		nIn := strings.Count(in, "\n")
		if !strings.HasSuffix(in, "\n") && in != "" {
			nIn++
		}
		if got := strings.Count(out.String(), "\n"); got != nIn {
			t.Fatalf("%d lines in, %d out", nIn, got)
		}
	})
}

func BenchmarkTag(b *testing.B) {
	m := mustDefault(b)
	files, _ := filepath.Glob("../../../testdata/seeds/*.txt")
	var docs [][][]string
	ntok := 0
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			b.Fatal(err)
		}
		var doc [][]string
		for _, s := range text.Sentences(string(data)) {
			w := make([]string, len(s.Tokens))
			for i, t := range s.Tokens {
				w[i] = t.Text
			}
			doc = append(doc, w)
			ntok += len(w)
		}
		docs = append(docs, doc)
	}
	if ntok == 0 {
		b.Skip("no seeds")
	}
	cpu0 := cpuSeconds()
	for b.Loop() {
		for _, d := range docs {
			m.TagDocument(d)
		}
	}
	b.ReportMetric(float64(ntok)*float64(b.N)/b.Elapsed().Seconds(), "tokens/s")
	if cpu := cpuSeconds() - cpu0; cpu > 0 {
		b.ReportMetric(float64(ntok)*float64(b.N)/cpu, "tokens/cpu-s")
	}
}

func TestConcurrentUse(t *testing.T) {
	m := mustDefault(t)
	in := strings.Fields("Angela Merkel visited Paris on Monday .")
	want := m.Tag(in)
	done := make(chan []string)
	for range 4 {
		go func() { done <- m.Tag(in) }()
	}
	for range 4 {
		if got := <-done; !reflect.DeepEqual(got, want) {
			t.Errorf("concurrent Tag = %v, want %v", got, want)
		}
	}
}

func FuzzLoad(f *testing.F) {
	var buf bytes.Buffer
	m, err := Train(toyCorpus(), nil, TrainOptions{Epochs: 1, Seeds: 1, Seed: 1})
	if err != nil {
		f.Fatal(err)
	}
	if err := m.Save(&buf); err != nil {
		f.Fatal(err)
	}
	f.Add(buf.Bytes())
	f.Add([]byte{})
	f.Fuzz(func(t *testing.T, in []byte) {
		m, err := Load(bytes.NewReader(in))
		if err == nil {
			m.Tag([]string{"Anna", "works", "in", "Oslo"})
		}
	})
}
