// Command evalevents measures the online event clustering of package cluster
// on ECB+ (events-ecbplus): documents are fed one at a time, text and URL
// only, under opaque ids, in several shuffled orders; it prints B-cubed
// precision, recall and F1 per order, their mean and the worst order, a
// batch TF-IDF complete-link reference, and the storyline checks (no
// storyline mixes two ECB+ topics; the five seeds form one storyline of five
// events).
//
//	go run ./internal/cluster/cmd/evalevents -docs /work/shared/data/events-ecbplus/docs.jsonl -orders 5
//
// With -analyze each document first goes through the pipeline's extraction
// and analysis stages (news.Document{Format: text}, extract.Article,
// analyze.Article, pipeline.ClusterDoc): cleaned text, extracted headline
// and date, tagger entities and quote speakers, as the pipeline feeds the
// clusterer (without corpus-wide entity resolution, which needs a store).
package main

import (
	"bufio"
	"encoding/json"
	"flag"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"regexp"
	"runtime/pprof"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/storyline-news/storyline/internal/analyze"
	"github.com/storyline-news/storyline/internal/cluster"
	"github.com/storyline-news/storyline/internal/extract"
	"github.com/storyline-news/storyline/internal/news"
	"github.com/storyline-news/storyline/internal/pipeline"
)

type ecbDoc struct {
	ID           string `json:"id"`
	Topic        int    `json:"topic"`
	EventCluster string `json:"event_cluster"`
	Text         string `json:"text"`
	URL          string `json:"url"`
}

func main() {
	docsPath := flag.String("docs", "/work/shared/data/events-ecbplus/docs.jsonl", "events-ecbplus docs.jsonl")
	orders := flag.Int("orders", 5, "number of shuffled arrival orders (seeds 1..n); 0 for the batch reference alone")
	seedsDir := flag.String("seeds", "testdata/seeds", "folder of the five seed texts ('' to skip)")
	batch := flag.Bool("batch", true, "also run the batch TF-IDF complete-link reference")
	noURL := flag.Bool("nourl", false, "feed text only, without URLs")
	set := flag.String("set", "", "override Config fields: Name=value,Name=value")
	verbose := flag.Bool("v", false, "print the errors of the worst order")
	only := flag.Int("only", 0, "run only this order seed")
	analyzeToo := flag.Bool("analyze", false, "run the real extraction and analysis stages on each document (tagger entities, quote speakers, cleaned text) as the pipeline does")
	var seedDates dateFlags
	flag.Var(&seedDates, "seeddate", "publication date for a seed the text does not date: file=YYYY-MM-DD (repeatable)")
	cpuprofile := flag.String("cpuprofile", "", "write a CPU profile of the online runs to this file")
	ablate := flag.String("ablate", "", "with -analyze, drop parts of the analysed input: comma list of ents, speakers, date, title, outlet")
	permFile := flag.String("perm", "", "arrival order: a JSONL file whose lines carry the documents' \"id\" in order (as scripts/eval-events.sh writes them); one order")
	traceFile := flag.String("trace", "", "write the clusterer's decisions of the orders run to this file (documents named id/gold event)")
	dump := flag.String("dump", "", "write the documents as given to the clusterer (JSONL of cluster.Doc, in file order) to this file")
	flag.Parse()
	if *cpuprofile != "" {
		pf, err := os.Create(*cpuprofile)
		if err != nil {
			fmt.Fprintln(os.Stderr, "evalevents:", err)
			os.Exit(1)
		}
		if err := pprof.StartCPUProfile(pf); err != nil {
			fmt.Fprintln(os.Stderr, "evalevents:", err)
			os.Exit(1)
		}
		defer pprof.StopCPUProfile()
	}

	cfg := cluster.DefaultConfig()
	if err := cfg.SetList(*set); err != nil {
		fmt.Fprintln(os.Stderr, "evalevents:", err)
		os.Exit(2)
	}
	docs, err := readDocs(*docsPath)
	if err != nil {
		fmt.Fprintln(os.Stderr, "evalevents:", err)
		os.Exit(1)
	}
	gold := make([]string, len(docs))
	topics := make([]int, len(docs))
	for i, d := range docs {
		gold[i] = d.EventCluster
		topics[i] = d.Topic
	}
	base := make([]cluster.Doc, len(docs))
	for i, d := range docs {
		base[i] = cluster.Doc{Text: d.Text}
		if !*noURL {
			base[i].URL = d.URL
		}
		if *analyzeToo {
			cd, err := analyzedDoc(d.Text, base[i].URL)
			if err != nil {
				fmt.Fprintf(os.Stderr, "evalevents: %s: %v\n", d.ID, err)
				os.Exit(1)
			}
			for _, a := range strings.Split(*ablate, ",") {
				switch a {
				case "ents":
					cd.Entities = nil
				case "speakers":
					cd.Speakers = nil
				case "date":
					cd.Published = ""
				case "title":
					cd.Text = cd.Title + "\n" + cd.Text
					cd.Title = ""
				case "outlet":
					cd.Outlet = ""
				}
			}
			base[i] = cd
		}
	}
	if *dump != "" {
		if err := dumpDocs(*dump, base); err != nil {
			fmt.Fprintln(os.Stderr, "evalevents:", err)
			os.Exit(1)
		}
	}
	fmt.Printf("events-ecbplus: %d documents, %d gold events\n\n", len(docs), countDistinct(gold))
	fmt.Printf("%-6s %7s %7s %7s %7s %7s %7s %9s\n", "order", "P", "R", "F1", "events", "stories", "mixed", "docs/s")
	var sumP, sumR, sumF float64
	worstF, worstOrder := 2.0, 0
	var worstPred []int64
	for o := 1; o <= *orders; o++ {
		if *only != 0 && o != *only {
			continue
		}
		perm := rand.New(rand.NewPCG(uint64(o), 0x5eed)).Perm(len(docs))
		if *permFile != "" {
			p, err := readPerm(*permFile, docs)
			if err != nil {
				fmt.Fprintln(os.Stderr, "evalevents:", err)
				os.Exit(1)
			}
			perm = p
		}
		c := cluster.New(cfg)
		if *traceFile != "" {
			tw, err := newTrace(*traceFile, perm, docs)
			if err != nil {
				fmt.Fprintln(os.Stderr, "evalevents:", err)
				os.Exit(1)
			}
			defer tw.Close()
			c.SetTrace(tw)
		}
		start := time.Now()
		for k, i := range perm {
			d := base[i]
			d.ID = int64(k + 1)
			c.Add(d)
		}
		el := time.Since(start)
		pred := make([]int64, len(docs))
		story := make([]int64, len(docs))
		for k, i := range perm {
			a, _ := c.Placement(int64(k + 1))
			pred[i] = a.EventID
			story[i] = a.StorylineID
		}
		p, r, f := bcubed(pred, gold)
		mixed, nstories := mixedStories(story, topics)
		if *verbose {
			printMixed(story, docs)
		}
		fmt.Printf("%-6d %7.4f %7.4f %7.4f %7d %7d %7d %9.0f\n", o, p, r, f, countDistinct64(pred), nstories, mixed, float64(len(docs))/el.Seconds())
		sumP += p
		sumR += r
		sumF += f
		if f < worstF {
			worstF, worstOrder, worstPred = f, o, pred
		}
	}
	n := float64(*orders)
	if *only != 0 {
		n = 1
	}
	if n > 0 {
		fmt.Printf("%-6s %7.4f %7.4f %7.4f\n", "mean", sumP/n, sumR/n, sumF/n)
		fmt.Printf("%-6s %23.4f  (order %d)\n", "worst", worstF, worstOrder)
	}
	if *verbose && worstPred != nil {
		printErrors(docs, worstPred)
	}

	if *batch {
		t, p, r, f := batchReference(docs)
		fmt.Printf("\nbatch TF-IDF complete-link (threshold tuned on these topics: cosine >= %.2f): P %.4f R %.4f F1 %.4f\n", t, p, r, f)
	}
	if *seedsDir != "" {
		if err := seedCheck(cfg, docs, *seedsDir, !*noURL, seedDates); err != nil {
			fmt.Fprintln(os.Stderr, "evalevents:", err)
			os.Exit(1)
		}
	}
}

// analyzedDoc runs a text through the pipeline's extraction and analysis
// stages and returns what the pipeline would give the clusterer.
func analyzedDoc(text, url string) (cluster.Doc, error) {
	a, err := extract.Article(news.Document{Format: news.FormatText, Content: text, URL: url})
	if err != nil {
		return cluster.Doc{}, fmt.Errorf("extract: %w", err)
	}
	if err := analyze.Article(a); err != nil {
		return cluster.Doc{}, fmt.Errorf("analyze: %w", err)
	}
	return pipeline.ClusterDoc(a), nil
}

func readDocs(path string) ([]ecbDoc, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("read docs: %w", err)
	}
	defer f.Close()
	var out []ecbDoc
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 16<<20)
	line := 0
	for sc.Scan() {
		line++
		var d ecbDoc
		if err := json.Unmarshal(sc.Bytes(), &d); err != nil {
			return nil, fmt.Errorf("%s line %d: %w", path, line, err)
		}
		out = append(out, d)
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("read %s: %w", path, err)
	}
	return out, nil
}

// bcubed scores a predicted clustering against gold labels exactly as the
// data set's README defines it: per-document precision |C∩G|/|C| and recall
// |C∩G|/|G|, averaged over documents; F1 = 2PR/(P+R).
func bcubed(pred []int64, gold []string) (p, r, f float64) {
	type pair struct {
		c int64
		g string
	}
	cs, gs, both := map[int64]int{}, map[string]int{}, map[pair]int{}
	for i := range pred {
		cs[pred[i]]++
		gs[gold[i]]++
		both[pair{pred[i], gold[i]}]++
	}
	for i := range pred {
		inter := float64(both[pair{pred[i], gold[i]}])
		p += inter / float64(cs[pred[i]])
		r += inter / float64(gs[gold[i]])
	}
	n := float64(len(pred))
	p, r = p/n, r/n
	if p+r > 0 {
		f = 2 * p * r / (p + r)
	}
	return p, r, f
}

// mixedStories counts storylines whose documents come from more than one
// ECB+ topic, and the storylines in all.
func mixedStories(story []int64, topics []int) (mixed, total int) {
	ts := map[int64]map[int]bool{}
	for i, s := range story {
		if ts[s] == nil {
			ts[s] = map[int]bool{}
		}
		ts[s][topics[i]] = true
	}
	for _, t := range ts {
		if len(t) > 1 {
			mixed++
		}
	}
	return mixed, len(ts)
}

func countDistinct(xs []string) int {
	m := map[string]bool{}
	for _, x := range xs {
		m[x] = true
	}
	return len(m)
}

func countDistinct64(xs []int64) int {
	m := map[int64]bool{}
	for _, x := range xs {
		m[x] = true
	}
	return len(m)
}

// printErrors lists, for each predicted event, the gold events it holds
// (impure events) and, for each gold event, how many predicted events it
// is split into.
func printErrors(docs []ecbDoc, pred []int64) {
	byPred := map[int64][]int{}
	for i, p := range pred {
		byPred[p] = append(byPred[p], i)
	}
	var keys []int64
	for k := range byPred {
		keys = append(keys, k)
	}
	sort.Slice(keys, func(i, j int) bool { return keys[i] < keys[j] })
	fmt.Println("\nimpure predicted events:")
	for _, k := range keys {
		g := map[string]int{}
		for _, i := range byPred[k] {
			g[docs[i].EventCluster]++
		}
		if len(g) > 1 {
			fmt.Printf("  event %d: %v\n", k, g)
		}
	}
	fmt.Println("split gold events:")
	byGold := map[string]map[int64]int{}
	for i, d := range docs {
		if byGold[d.EventCluster] == nil {
			byGold[d.EventCluster] = map[int64]int{}
		}
		byGold[d.EventCluster][pred[i]]++
	}
	var gk []string
	for k := range byGold {
		gk = append(gk, k)
	}
	sort.Strings(gk)
	for _, k := range gk {
		if len(byGold[k]) > 1 {
			fmt.Printf("  %s: %v\n", k, byGold[k])
		}
	}
}

// Dates as a crude extraction stage would find them in a raw seed text.
var (
	isoDate   = regexp.MustCompile(`\b(20\d\d)-(\d\d)-(\d\d)\b`)
	mdyDate   = regexp.MustCompile(`\b(Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]*\.? (\d{1,2}),? (20\d\d)\b`)
	dmyDate   = regexp.MustCompile(`\b(\d{1,2}) (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]*,? (20\d\d)\b`)
	slashDate = regexp.MustCompile(`\b(\d{1,2})/(\d{1,2})/(20\d\d)\b`)
)

var monthNum = map[string]int{"Jan": 1, "Feb": 2, "Mar": 3, "Apr": 4, "May": 5, "Jun": 6, "Jul": 7, "Aug": 8, "Sep": 9, "Oct": 10, "Nov": 11, "Dec": 12}

// crudeDate returns the first full date written in text, "" when none.
func crudeDate(text string) string {
	best, at := "", len(text)+1
	try := func(re *regexp.Regexp, f func(m []string) string) {
		if loc := re.FindStringSubmatchIndex(text); loc != nil && loc[0] < at {
			m := re.FindStringSubmatch(text)
			if d := f(m); d != "" {
				best, at = d, loc[0]
			}
		}
	}
	try(isoDate, func(m []string) string { return m[1] + "-" + m[2] + "-" + m[3] })
	try(mdyDate, func(m []string) string {
		d, _ := strconv.Atoi(m[2])
		return fmt.Sprintf("%s-%02d-%02d", m[3], monthNum[m[1]], d)
	})
	try(dmyDate, func(m []string) string {
		d, _ := strconv.Atoi(m[1])
		return fmt.Sprintf("%s-%02d-%02d", m[3], monthNum[m[2]], d)
	})
	try(slashDate, func(m []string) string {
		mo, _ := strconv.Atoi(m[1])
		d, _ := strconv.Atoi(m[2])
		return fmt.Sprintf("%s-%02d-%02d", m[3], mo, d)
	})
	return best
}

// seedCheck feeds the ECB+ documents (first order) with the five seeds
// interleaved at random places and reports how the seeds were grouped.
func seedCheck(cfg cluster.Config, docs []ecbDoc, dir string, withURL bool, given dateFlags) error {
	files, err := filepath.Glob(filepath.Join(dir, "*.txt"))
	if err != nil || len(files) == 0 {
		return fmt.Errorf("seeds: no *.txt in %s", dir)
	}
	sort.Strings(files)
	type seed struct {
		name, text, date string
	}
	var seeds []seed
	for _, p := range files {
		b, err := os.ReadFile(p)
		if err != nil {
			return fmt.Errorf("seeds: %w", err)
		}
		t := string(b)
		d := crudeDate(t)
		if g, ok := given[filepath.Base(p)]; ok && d == "" {
			d = g
		}
		seeds = append(seeds, seed{filepath.Base(p), t, d})
	}
	rng := rand.New(rand.NewPCG(1, 0x5eed))
	perm := rng.Perm(len(docs))
	at := map[int]int{} // position -> seed
	for s := range seeds {
		for {
			p := rng.IntN(len(docs))
			if _, ok := at[p]; !ok {
				at[p] = s
				break
			}
		}
	}
	c := cluster.New(cfg)
	id := int64(0)
	seedIDs := make([]int64, len(seeds))
	for k, i := range perm {
		if s, ok := at[k]; ok {
			id++
			seedIDs[s] = id
			c.Add(cluster.Doc{ID: id, Text: seeds[s].text, Published: seeds[s].date})
		}
		id++
		d := cluster.Doc{ID: id, Text: docs[i].Text}
		if withURL {
			d.URL = docs[i].URL
		}
		c.Add(d)
	}
	events, stories := map[int64]bool{}, map[int64]bool{}
	fmt.Println("\nseeds (mixed among the ECB+ documents):")
	for s, sid := range seedIDs {
		a, _ := c.Placement(sid)
		events[a.EventID] = true
		stories[a.StorylineID] = true
		dup := ""
		if a.DuplicateOf != 0 {
			dup = fmt.Sprintf(" duplicate of %d", a.DuplicateOf)
		}
		fmt.Printf("  %s date %-10s event %4d storyline %4d%s\n", seeds[s].name, seeds[s].date, a.EventID, a.StorylineID, dup)
	}
	fmt.Printf("  seeds: %d events, %d storylines (want 5 events, 1 storyline)\n", len(events), len(stories))
	for s := range stories {
		st, _ := c.Storyline(s)
		others := 0
		for _, e := range st.Events {
			if !events[e] {
				others++
			}
		}
		fmt.Printf("  storyline %d %q: %d events (%d not from the seeds), %s..%s, key names %v\n", st.ID, st.Title, len(st.Events), others, st.First, st.Last, st.KeyEntities)
	}
	return nil
}

// printMixed lists the storylines that hold documents of several topics.
func printMixed(story []int64, docs []ecbDoc) {
	by := map[int64]map[string]int{}
	for i, s := range story {
		if by[s] == nil {
			by[s] = map[string]int{}
		}
		by[s][docs[i].EventCluster]++
	}
	for s, evs := range by {
		topics := map[string]bool{}
		for e := range evs {
			t, _, _ := strings.Cut(e, "_")
			topics[t] = true
		}
		if len(topics) > 1 {
			fmt.Printf("  mixed storyline %d: %v\n", s, evs)
		}
	}
}

// dateFlags collects -seeddate file=YYYY-MM-DD values.
type dateFlags map[string]string

func (d *dateFlags) String() string { return fmt.Sprint(map[string]string(*d)) }

func (d *dateFlags) Set(v string) error {
	name, date, ok := strings.Cut(v, "=")
	if !ok {
		return fmt.Errorf("want file=YYYY-MM-DD, got %q", v)
	}
	if _, err := time.Parse("2006-01-02", date); err != nil {
		return fmt.Errorf("seeddate %q: %w", v, err)
	}
	if *d == nil {
		*d = dateFlags{}
	}
	(*d)[name] = date
	return nil
}

// dumpDocs writes the clusterer's input, for diagnostics.
func dumpDocs(path string, docs []cluster.Doc) error {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	enc := json.NewEncoder(f)
	for _, d := range docs {
		if err := enc.Encode(d); err != nil {
			f.Close()
			return err
		}
	}
	return f.Close()
}

// readPerm reads an arrival order: the "id" of each line of a JSONL file.
func readPerm(path string, docs []ecbDoc) ([]int, error) {
	idx := make(map[string]int, len(docs))
	for i, d := range docs {
		idx[d.ID] = i
	}
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	var perm []int
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 16<<20)
	for sc.Scan() {
		var d struct {
			ID string `json:"id"`
		}
		if err := json.Unmarshal(sc.Bytes(), &d); err != nil {
			return nil, fmt.Errorf("%s: %w", path, err)
		}
		i, ok := idx[d.ID]
		if !ok {
			return nil, fmt.Errorf("%s: unknown id %q", path, d.ID)
		}
		perm = append(perm, i)
	}
	if len(perm) != len(docs) {
		return nil, fmt.Errorf("%s: %d ids, want %d", path, len(perm), len(docs))
	}
	return perm, sc.Err()
}

// traceWriter names the documents of a clusterer trace: "doc 17" becomes
// "doc 17[9_3ecb/9_ecb]".
type traceWriter struct {
	f     *os.File
	names map[string]string
}

func newTrace(path string, perm []int, docs []ecbDoc) (*traceWriter, error) {
	f, err := os.Create(path)
	if err != nil {
		return nil, err
	}
	t := &traceWriter{f: f, names: map[string]string{}}
	for k, i := range perm {
		t.names[strconv.Itoa(k+1)] = docs[i].ID + "/" + docs[i].EventCluster
	}
	return t, nil
}

func (t *traceWriter) Write(p []byte) (int, error) {
	fs := strings.Fields(string(p))
	for i := 1; i < len(fs); i++ {
		if strings.TrimLeft(fs[i-1], "(") == "doc" {
			// The number may be followed by punctuation: "doc 17)".
			num := strings.TrimRight(fs[i], "),;:")
			if n, ok := t.names[num]; ok {
				fs[i] = num + "[" + n + "]" + fs[i][len(num):]
			}
		}
	}
	indent := strings.Repeat(" ", len(p)-len(strings.TrimLeft(string(p), " ")))
	_, err := fmt.Fprintln(t.f, indent+strings.Join(fs, " "))
	return len(p), err
}

func (t *traceWriter) Close() error { return t.f.Close() }
