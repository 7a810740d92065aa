package sqlite

import (
	"context"
	"math"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/storyline-news/storyline/internal/store"
	"github.com/storyline-news/storyline/internal/store/fts"
	"github.com/storyline-news/storyline/internal/store/storetest"
)

// withBroad sets broadDocs for one test.
func withBroad(t *testing.T, n int) {
	old := broadDocs
	broadDocs = n
	t.Cleanup(func() { broadDocs = old })
}

// TestConformanceBroad: the store's search cases pass with every query
// ranked in Go.
func TestConformanceBroad(t *testing.T) {
	withBroad(t, 0)
	storetest.Run(t, func(t *testing.T) store.Store {
		s, err := Open(filepath.Join(t.TempDir(), "s.db"))
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { s.Close() })
		return s
	})
}

// TestTokenizerAsFTS5: the Go tokenizer reads text as the index's does.
func TestTokenizerAsFTS5(t *testing.T) {
	s, err := Open(filepath.Join(t.TempDir(), "t.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if _, err := s.db.Exec(`CREATE VIRTUAL TABLE tk USING fts5(x, tokenize='unicode61 remove_diacritics 2');
		CREATE VIRTUAL TABLE tkv USING fts5vocab(tk, 'instance')`); err != nil {
		t.Fatal(err)
	}
	for i, text := range []string{
		"Hello, World! U.S. troops_in Syria's 3.5% rise",
		"Zürich Ærøskøbing façade naïve crème brûlée Łódź São Paulo",
		"combining: e\u0301te\u0301 a \u0301 b",
		"ΑΘΗΝΑ Ἀθῆναι Москва МОСКВА ёлка 東京都 日本語 ١٢٣ ½ ²",
		"private \ue000use tab\there\nnew line — dash – ‘quote’ «x»",
		"ǅemal ﬁne İstanbul ß STRASSE",
	} {
		if _, err := s.db.Exec(`INSERT INTO tk(rowid, x) VALUES (?, ?)`, i+1, text); err != nil {
			t.Fatal(err)
		}
		rows, err := s.db.Query(`SELECT term FROM tkv WHERE doc = ? ORDER BY offset`, i+1)
		if err != nil {
			t.Fatal(err)
		}
		var want []string
		for rows.Next() {
			var term string
			rows.Scan(&term)
			want = append(want, term)
		}
		rows.Close()
		var tk fts.Tokenizer
		tk.Reset(text)
		var got []string
		for j := range tk.N() {
			got = append(got, string(tk.Tok(j)))
		}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("%q:\n got %q\nwant %q", text, got, want)
		}
	}
}

// TestBroadRanksAsBM25: on a corpus where title weight, length, repeats
// and the words' rarity each change the order, Go's BM25 orders and
// scores the articles as FTS5's bm25() does.
func TestBroadRanksAsBM25(t *testing.T) {
	ctx := context.Background()
	s, err := Open(filepath.Join(t.TempDir(), "r.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	c := newCorpus()
	if err := c.fill(ctx, s, 400); err != nil {
		t.Fatal(err)
	}
	long := strings.Repeat("filler words here ", 40)
	docs := [][2]string{
		{"Kelp", "nothing about it"},                                  // title, short
		{"Notes", "kelp kelp kelp in a short text"},                   // text, repeated
		{"Notes", "kelp once in a long text " + long},                 // text, long
		{"Kelp forests", "kelp and otters " + long},                   // both, long
		{"Otters", "otters eat urchins, not kelp"},                    // the rarer word too
		{"Urchins", "urchins and otters and kelp and otters"},         // both words, repeated
		{"Kelpie", "a dog, not a kelp forest, with one otter"},        // prefix only in title
		{"Forest", "\"kelp forest\" is a phrase; kelp forest, again"}, // phrase twice
	}
	for i, d := range docs {
		if _, err := s.db.Exec(`INSERT INTO articles (key, source_id, url, outlet, title, text, published, language,
			content_hash, ingested_at, updated_at) VALUES (?, ?, ?, 'Outlet 1', ?, ?, '2020-05-01', 'en', ?, '', '')`,
			"k"+string(rune('a'+i)), "s", "u", d[0], d[1], "h"+string(rune('a'+i))); err != nil {
			t.Fatal(err)
		}
	}
	for _, text := range []string{"kelp", "kelp otters", "otters kelp urchins", `"kelp forest"`, "kelp*", "kelp* otters", "Kelp \"kelp forest\""} {
		search := func(n int) []store.SearchHit {
			broadDocs = n
			defer func() { broadDocs = searchCap }()
			res, err := s.Search(ctx, store.SearchQuery{Text: text, Limit: 100})
			if err != nil {
				t.Fatal(err)
			}
			return res.Hits
		}
		want, got := search(-1), search(0)
		if len(want) < 2 || len(got) != len(want) {
			t.Fatalf("%q: %d hits by Go, %d by bm25()", text, len(got), len(want))
		}
		for i := range want {
			if got[i].ID != want[i].ID || math.Abs(got[i].Score-want[i].Score) > 1e-9*math.Abs(want[i].Score) {
				t.Errorf("%q #%d: article %d score %g, bm25() has %d %g", text, i, got[i].ID, got[i].Score, want[i].ID, want[i].Score)
			}
		}
	}
}
