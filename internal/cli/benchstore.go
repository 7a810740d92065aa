package cli

import (
	"bufio"
	"bytes"
	"compress/flate"
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/storyline-news/storyline/internal/analyze/resolve"
	"github.com/storyline-news/storyline/internal/cluster"
	clustersynth "github.com/storyline-news/storyline/internal/cluster/synth"
	"github.com/storyline-news/storyline/internal/news"
	"github.com/storyline-news/storyline/internal/pipeline"
	"github.com/storyline-news/storyline/internal/store/sqlite"
	"github.com/storyline-news/storyline/internal/synth"
)

// benchStore fills a store with n synthetic articles and their events and
// storylines (rows as ingest writes them, without running the stages),
// then runs the read commands on it in child processes, as a user would,
// and reports when each printed its first line, when it ended and its peak
// memory.
func benchStore(e *env, n int, keep string, sources []string, seed uint64) error {
	path, _, cleanup, err := benchStorePath(e, "storyline-bench-store", n, keep, sources, seed)
	if err != nil {
		return err
	}
	defer cleanup()
	fi, err := os.Stat(path)
	if err != nil {
		return err
	}
	exe, err := os.Executable()
	if err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "store of %d articles, %.0f MiB\n", n, float64(fi.Size())/(1<<20))
	fmt.Fprintf(e.stdout, "%-28s %12s %10s %10s\n", "command", "first line", "total", "peak RSS")
	for _, args := range [][]string{
		{"events", "-n", "50"},
		{"storylines", "-n", "50"},
		{"events", "-n", "0"},
		{"storyline", "1"},
		{"list", "-n", "50"},
	} {
		first, total, rss, err := timeChild(e.ctx, exe, append(args, "--db", path))
		if err != nil {
			return fmt.Errorf("%s: %w", strings.Join(args, " "), err)
		}
		fmt.Fprintf(e.stdout, "%-28s %10.0fms %8.0fms %7.0f MiB\n", strings.Join(args, " "), ms(first), ms(total), rss)
	}
	return nil
}

func ms(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }

// timeChild runs the storyline binary with args and returns when its first
// line of output came, when it ended, and its peak resident memory in MiB.
func timeChild(ctx context.Context, exe string, args []string) (first, total time.Duration, rssMiB float64, err error) {
	cmd := exec.CommandContext(ctx, exe, args...)
	out, err := cmd.StdoutPipe()
	if err != nil {
		return 0, 0, 0, err
	}
	var stderr strings.Builder
	cmd.Stderr = &stderr
	start := time.Now()
	if err := cmd.Start(); err != nil {
		return 0, 0, 0, err
	}
	br := bufio.NewReader(out)
	if _, err := br.ReadString('\n'); err == nil {
		first = time.Since(start)
	}
	io.Copy(io.Discard, br)
	if err := cmd.Wait(); err != nil {
		return 0, 0, 0, fmt.Errorf("%v: %s", err, stderr.String())
	}
	total = time.Since(start)
	return first, total, childRSSMB(cmd.ProcessState), nil
}

// The shape of a filled store: three storylines far larger than the rest
// (events of ten articles over the whole ten years), so that a storyline
// page is measured on a story followed for years as well as on a short one.
var bigStorylines = []struct{ events, perEvent int }{{2000, 10}, {200, 10}, {20, 10}}

const (
	fillOutlets  = 200
	fillEntities = 3000
	fillDays     = 3650 // from 2015-01-01
	fillChunk    = 100000
)

// fillStore writes n articles recombined from pool's real paragraphs, with
// the events, storylines and entity rows ingest would derive from them,
// by direct SQL without running the stages. Outlets (200) and entities
// (3,000) are drawn from Zipf distributions, as in news; each article
// names a few entities (two of its storyline's own and some of the
// corpus's) and quotes some of the people it names. The store's triggers
// keep the search index and article_entities in step with these inserts
// as with Put's.
func fillStore(ctx context.Context, path string, n int, pool *synth.Pool, seed uint64) error {
	st, err := sqlite.Open(path)
	if err != nil {
		return err
	}
	defer st.Close()
	f := newFiller(pool, seed)
	// The search index flushes its pending terms every hashsize bytes (1 MB
	// by default) and merges the segments as they pile up: most of a
	// fill's time. A larger buffer for the fill, then the default again.
	if _, err := st.DB().ExecContext(ctx, `INSERT INTO articles_fts(articles_fts, rank) VALUES ('hashsize', 268435456)`); err != nil {
		return fmt.Errorf("search index: %w", err)
	}
	defer st.DB().ExecContext(ctx, `INSERT INTO articles_fts(articles_fts, rank) VALUES ('hashsize', 1048576)`)
	w, err := beginFill(ctx, st.DB())
	if err != nil {
		return err
	}
	defer func() { w.tx.Rollback() }()
	base := time.Date(2015, 1, 1, 0, 0, 0, 0, time.UTC)
	r := f.r
	var id, evID int64
	for sl := int64(1); id < int64(n); sl++ {
		events, start, span := 1+r.IntN(6), r.IntN(fillDays), 1+r.IntN(60)
		per := 0
		if int(sl) <= len(bigStorylines) {
			b := bigStorylines[sl-1]
			events, per, start, span = b.events, b.perEvent, 0, fillDays
		}
		key := []int{r.IntN(fillEntities), r.IntN(fillEntities), r.IntN(fillEntities)}
		keyNames := make([]string, len(key))
		for i, k := range key {
			keyNames[i] = f.ents[k].name
		}
		srow := fillGroup{outlets: map[string]bool{}}
		var evIDs []string
		for k := 0; k < events && id < int64(n); k++ {
			evID++
			m := per
			if m == 0 {
				m = 1 + r.IntN(5)
			}
			day0 := start + k*span/events
			evTitle := pool.Titles[r.IntN(len(pool.Titles))]
			erow := fillGroup{outlets: map[string]bool{}}
			var orig fillArticle
			for j := 0; j < m && id < int64(n); j++ {
				id++
				a := f.article(base.AddDate(0, 0, day0+r.IntN(3)).Format("2006-01-02"), key)
				a.id = id
				if j == 0 {
					orig = a
				} else if r.IntN(7) == 0 { // a copy of the event's first article
					a.dup, a.text, a.entities, a.quotes, a.picked = orig.id, orig.text, orig.entities, orig.quotes, orig.picked
				}
				if r.IntN(2) == 0 {
					a.title = evTitle
				}
				if err := w.article(ctx, a, evID, sl); err != nil {
					return err
				}
				f.count(a)
				erow.add(a)
				srow.add(a)
			}
			if _, err := w.ev.ExecContext(ctx, evID, evTitle, erow.first, erow.last, erow.articles, erow.originals, sl,
				jsonStrings(erow.outletList()), `[]`, jsonStrings(keyNames[:2])); err != nil {
				return err
			}
			evIDs = append(evIDs, strconv.FormatInt(evID, 10))
			if w.rows >= fillChunk {
				if w, err = w.next(ctx); err != nil {
					return err
				}
			}
		}
		if _, err := w.sl.ExecContext(ctx, sl, pool.Titles[r.IntN(len(pool.Titles))], srow.first, srow.last, srow.articles,
			"["+strings.Join(evIDs, ",")+"]", jsonStrings(srow.outletList()), jsonStrings(keyNames)); err != nil {
			return err
		}
	}
	if err := f.writeEntities(ctx, w.tx); err != nil {
		return err
	}
	return w.tx.Commit()
}

// fillWriter holds one transaction of the fill and its statements.
type fillWriter struct {
	db       *sql.DB
	tx       *sql.Tx
	art, raw *sql.Stmt
	ev, sl   *sql.Stmt
	rows     int
	now      string
	zw       *flate.Writer
}

func beginFill(ctx context.Context, db *sql.DB) (*fillWriter, error) {
	zw, _ := flate.NewWriter(nil, flate.BestSpeed)
	w := &fillWriter{db: db, now: time.Now().UTC().Format(time.RFC3339), zw: zw}
	var err error
	if w.tx, err = db.BeginTx(ctx, nil); err != nil {
		return nil, err
	}
	for _, s := range []struct {
		p *(*sql.Stmt)
		q string
	}{
		{&w.art, `INSERT INTO articles (id, key, source_id, url, outlet, title, text, published, language,
			content_hash, ingested_at, updated_at, event_id, storyline_id, duplicate_of, entities, quotes)
			VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)`},
		{&w.raw, `INSERT INTO raw (article_id, revision, hash, source_id, origin, url, format, content, stored_at)
			VALUES (?,1,?,?,?,?,'text',?,?)`},
		{&w.ev, `INSERT INTO events (id, title, first_day, last_day, articles, originals,
			storyline_id, outlets, key_terms, key_entities) VALUES (?,?,?,?,?,?,?,?,?,?)`},
		{&w.sl, `INSERT INTO storylines (id, title, first_day, last_day, articles, events,
			outlets, key_entities) VALUES (?,?,?,?,?,?,?,?)`},
	} {
		if *s.p, err = w.tx.PrepareContext(ctx, s.q); err != nil {
			w.tx.Rollback()
			return nil, err
		}
	}
	return w, nil
}

// next commits this transaction and begins the next.
func (w *fillWriter) next(ctx context.Context) (*fillWriter, error) {
	if err := w.tx.Commit(); err != nil {
		return w, err
	}
	return beginFill(ctx, w.db)
}

func (w *fillWriter) article(ctx context.Context, a fillArticle, ev, sl int64) error {
	url := fmt.Sprintf("https://%s.example/news/%d", strings.ToLower(strings.ReplaceAll(a.outlet, " ", "-")), a.id)
	h := sha256.Sum256([]byte(url))
	w.rows++
	hash, src := hex.EncodeToString(h[:16]), strconv.FormatInt(a.id, 10)
	if _, err := w.art.ExecContext(ctx, a.id, "url:"+url[8:], src, url, a.outlet, a.title, a.text,
		a.day, a.lang, hash, w.now, w.now, ev, sl, a.dup, a.entities, a.quotes); err != nil {
		return err
	}
	// The raw input, as ingest keeps it (deflated): the article page
	// lists revisions.
	var buf bytes.Buffer
	w.zw.Reset(&buf)
	io.WriteString(w.zw, a.title+"\n\n"+a.text)
	if err := w.zw.Close(); err != nil {
		return err
	}
	_, err := w.raw.ExecContext(ctx, a.id, hash, src, src, url, buf.Bytes(), w.now)
	return err
}

type fillArticle struct {
	id, dup                                          int64
	day, outlet, lang, title, text, entities, quotes string
	picked                                           []int // entity indices
}

// fillGroup sums the articles of an event or a storyline.
type fillGroup struct {
	first, last         string
	articles, originals int
	outlets             map[string]bool
	order               []string
}

func (g *fillGroup) add(a fillArticle) {
	g.articles++
	if a.dup == 0 {
		g.originals++
	}
	if g.first == "" || a.day < g.first {
		g.first = a.day
	}
	if a.day > g.last {
		g.last = a.day
	}
	if !g.outlets[a.outlet] {
		g.outlets[a.outlet] = true
		g.order = append(g.order, a.outlet)
	}
}

func (g *fillGroup) outletList() []string { return g.order }

func jsonStrings(s []string) string {
	b, _ := json.Marshal(s)
	return string(b)
}

// filler draws the articles of a filled store.
type filler struct {
	pool    *synth.Pool
	r       *rand.Rand
	outlets []string
	ents    []fillEntity
	entZipf *rand.Zipf
	outZipf *rand.Zipf
}

type fillEntity struct {
	name, word, typ string // word: the name's own word, found in no other name
	articles        int
	first, last     string
	with            map[int]int
}

var (
	fillSyllables = []string{"ka", "lo", "mir", "ven", "ta", "ro", "sel", "dan", "vi", "ko", "ra", "nes", "tor",
		"bel", "gu", "ar", "ish", "en", "mo", "za", "pel", "dri", "os", "u", "hal", "ber", "tin", "ga"}
	fillFirst = []string{"Anna", "James", "Maria", "Li", "Omar", "Sofia", "David", "Elena", "Kwame", "Yuki",
		"Peter", "Fatima", "Igor", "Chloe", "Raul", "Aisha", "Tomas", "Mei", "Jonas", "Leila"}
	fillOrg = []string{"Institute", "Group", "Party", "Ministry", "Bank", "Council", "Union", "Foundation"}
	fillLoc = []string{"", " Province", " Valley", " City", " Bay"}
	fillAdj = []string{"Daily", "Morning", "Evening", "Global", "City", "National", "Northern", "Southern", "Eastern", "Western",
		"Free", "New", "Coastal", "Valley", "Metro", "Capital", "Sunday", "Weekly", "Central", "Harbour"}
	fillNoun  = []string{"Ledger", "Wire", "Courier", "Post", "Herald", "Times", "Observer", "Tribune", "Gazette", "Review"}
	fillLangs = []string{"de", "fr", "es", "it", "nl"}
	fillTypes = []string{"PER", "PER", "ORG", "LOC"}
)

func newFiller(pool *synth.Pool, seed uint64) *filler {
	r := rand.New(rand.NewPCG(seed, 0x5e77e))
	f := &filler{pool: pool, r: r}
	for i := 0; i < fillOutlets; i++ {
		f.outlets = append(f.outlets, fillAdj[i%len(fillAdj)]+" "+fillNoun[i/len(fillAdj)%len(fillNoun)])
	}
	seen := map[string]bool{}
	for len(f.ents) < fillEntities {
		var b strings.Builder
		for k := 2 + r.IntN(2); k > 0; k-- {
			b.WriteString(fillSyllables[r.IntN(len(fillSyllables))])
		}
		word := strings.ToUpper(b.String()[:1]) + b.String()[1:]
		if seen[word] || len(word) < 5 {
			continue
		}
		seen[word] = true
		e := fillEntity{word: word, typ: fillTypes[r.IntN(len(fillTypes))], with: map[int]int{}}
		switch e.typ {
		case "PER":
			e.name = fillFirst[r.IntN(len(fillFirst))] + " " + word
		case "ORG":
			e.name = word + " " + fillOrg[r.IntN(len(fillOrg))]
		default:
			e.name = word + fillLoc[r.IntN(len(fillLoc))]
		}
		f.ents = append(f.ents, e)
	}
	f.entZipf = rand.NewZipf(r, 1.1, 1, fillEntities-1)
	f.outZipf = rand.NewZipf(r, 1.05, 1, fillOutlets-1)
	return f
}

// article draws one article published on day, naming two of its
// storyline's entities (key) and up to three of the corpus's.
func (f *filler) article(day string, key []int) fillArticle {
	r, p := f.r, f.pool
	a := fillArticle{day: day, outlet: f.outlets[f.outZipf.Uint64()], lang: "en", title: p.Titles[r.IntN(len(p.Titles))]}
	if r.IntN(10) == 0 {
		a.lang = fillLangs[r.IntN(len(fillLangs))]
	}
	picked := []int{key[r.IntN(len(key))], key[r.IntN(len(key))]}
	for k := r.IntN(4); k > 0; k-- {
		picked = append(picked, int(f.entZipf.Uint64()))
	}
	slices.Sort(picked)
	a.picked = slices.Compact(picked)
	var b strings.Builder
	for k := 3 + r.IntN(5); k > 0; k-- {
		b.WriteString(p.Paragraphs[r.IntN(len(p.Paragraphs))])
		b.WriteString("\n\n")
	}
	var ents []news.Entity
	var quotes []news.Quote
	for _, i := range a.picked {
		e := f.ents[i]
		ne := news.Entity{Name: e.name, Type: e.typ, Aliases: []string{}, Mentions: 1 + r.IntN(3), ID: int64(i + 1)}
		if e.typ == "PER" && r.IntN(3) > 0 {
			said := sentence(p.Paragraphs[r.IntN(len(p.Paragraphs))])
			fmt.Fprintf(&b, "\"%s,\" %s said.\n\n", said, e.name)
			quotes = append(quotes, news.Quote{Speaker: e.name, SpeakerMention: e.name, Cue: "said", Text: said,
				Direct: true, SaidOn: day, SpeakerID: int64(i + 1)})
			ne.Aliases = []string{e.word}
		} else {
			fmt.Fprintf(&b, "%s was also named in the report.\n\n", e.name)
		}
		ents = append(ents, ne)
	}
	a.text = strings.TrimSpace(b.String())
	a.entities, a.quotes = jsonList(ents), jsonList(quotes)
	return a
}

func jsonList[T any](v []T) string {
	if len(v) == 0 {
		return "[]"
	}
	b, _ := json.Marshal(v)
	return string(b)
}

// sentence returns the first sentence of a paragraph, at most about 200
// bytes, without its full stop.
func sentence(p string) string {
	if i := strings.Index(p[min(40, len(p)):], ". "); i >= 0 {
		p = p[:min(40, len(p))+i]
	}
	if len(p) > 200 {
		p = p[:strings.LastIndexByte(p[:200], ' ')+1] + "…"
	}
	return strings.TrimSuffix(p, ".")
}

// count adds an article to its entities' figures.
func (f *filler) count(a fillArticle) {
	ids := a.picked
	for _, i := range ids {
		e := &f.ents[i]
		e.articles++
		if e.first == "" || a.day < e.first {
			e.first = a.day
		}
		if a.day > e.last {
			e.last = a.day
		}
		for _, j := range ids {
			if j != i {
				e.with[j]++
			}
		}
	}
}

// writeEntities writes the entity table as the resolver's records.
func (f *filler) writeEntities(ctx context.Context, tx *sql.Tx) error {
	stmt, err := tx.PrepareContext(ctx, `INSERT INTO entities (id, name, type, articles, first_seen, last_seen, data)
		VALUES (?,?,?,?,?,?,?)`)
	if err != nil {
		return err
	}
	for i, e := range f.ents {
		c := resolve.Canonical{ID: int64(i + 1), Name: e.name, Type: e.typ, Types: map[string]int{e.typ: e.articles},
			Aliases: []resolve.Alias{{Text: e.name, Count: e.articles}}, Articles: e.articles, FirstSeen: e.first, LastSeen: e.last}
		if e.typ == "PER" {
			c.Aliases = append(c.Aliases, resolve.Alias{Text: e.word, Count: e.articles})
		}
		for j, k := range e.with {
			c.Context = append(c.Context, resolve.Link{ID: int64(j + 1), Count: k})
		}
		slices.SortFunc(c.Context, func(a, b resolve.Link) int {
			if a.Count != b.Count {
				return b.Count - a.Count
			}
			return int(a.ID - b.ID)
		})
		c.Context = c.Context[:min(len(c.Context), 50)]
		data, err := json.Marshal(c)
		if err != nil {
			return err
		}
		if _, err := stmt.ExecContext(ctx, c.ID, c.Name, c.Type, c.Articles, c.FirstSeen, c.LastSeen, data); err != nil {
			return err
		}
	}
	return nil
}

// benchOpen feeds a stream recombined from the texts of sources (package
// cluster/synth) to one clusterer; at each size it saves the clusterer's
// snapshot into a store as ingest does, and reopens it in a child process
// (bench open1), which reports what opening took.
func benchOpen(e *env, sources []string, sizes string, seed uint64) error {
	var ns []int
	for _, s := range strings.Split(sizes, ",") {
		n, err := strconv.Atoi(strings.TrimSpace(s))
		if err != nil || n <= 0 {
			return fmt.Errorf("bad -n %q", s)
		}
		ns = append(ns, n)
	}
	if len(sources) == 1 && strings.HasPrefix(sources[0], "open1=") {
		return benchOpenOne(e, strings.TrimPrefix(sources[0], "open1="))
	}
	docs, err := readDocs(e.ctx, sources)
	if err != nil {
		return err
	}
	var texts []string
	for _, d := range docs {
		texts = append(texts, d.Content)
	}
	g, err := clustersynth.New(texts, seed)
	if err != nil {
		return err
	}
	exe, err := os.Executable()
	if err != nil {
		return err
	}
	dir, err := os.MkdirTemp("", "storyline-bench-open")
	if err != nil {
		return err
	}
	defer os.RemoveAll(dir)
	c := cluster.New(cluster.DefaultConfig())
	fmt.Fprintf(e.stdout, "%10s %12s %10s %10s %10s %10s\n", "articles", "snapshot", "MiB/1k art", "save", "open", "open RSS")
	added := 0
	for _, n := range ns {
		for ; added < n; added++ {
			a := g.Next()
			c.Add(cluster.Doc{ID: a.ID, Title: a.Title, Text: a.Text, Published: a.Published})
		}
		path := filepath.Join(dir, fmt.Sprintf("open-%d.db", n))
		st, err := sqlite.Open(path)
		if err != nil {
			return err
		}
		t0 := time.Now()
		err = st.SaveClusterSnapshot(e.ctx, 0, func(w io.Writer) error { _, err := c.WriteTo(w); return err })
		save := time.Since(t0)
		st.Close()
		if err != nil {
			return err
		}
		cmd := exec.CommandContext(e.ctx, exe, "bench", "open", "-n", "1", "open1="+path)
		var stderr strings.Builder
		cmd.Stderr = &stderr
		out, err := cmd.Output()
		if err != nil {
			return fmt.Errorf("open1: %v: %s", err, stderr.String())
		}
		var bytes int64
		var openMS float64
		fmt.Sscan(string(out), &bytes, &openMS)
		rss := childRSSMB(cmd.ProcessState)
		fmt.Fprintf(e.stdout, "%10d %10.1fMiB %10.2f %8.1fs %8.1fs %7.0f MiB\n", n, float64(bytes)/(1<<20),
			float64(bytes)/(1<<20)/float64(n)*1000, save.Seconds(), openMS/1000, rss)
		os.Remove(path)
	}
	return nil
}

// benchOpenOne opens the clusterer state of the store at path and prints
// the snapshot's size and the milliseconds opening took.
func benchOpenOne(e *env, path string) error {
	st, err := sqlite.Open(path)
	if err != nil {
		return err
	}
	defer st.Close()
	k, err := pipeline.LoadClusters(e.ctx, st)
	if err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "%d %.1f\n", k.Opened.SnapshotBytes, ms(k.Opened.Elapsed))
	return nil
}
