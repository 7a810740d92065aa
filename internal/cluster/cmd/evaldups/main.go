// Command evaldups measures near-duplicate detection of package cluster on
// copies made from real texts, against distinct but similar pairs.
//
// Positives: each source text gets one copy, re-headlined, re-bylined,
// truncated (40-80% kept), extended (paragraphs of another text appended),
// wrapped in boilerplate, or several of these at once. Sources are the ECB+
// documents and, as a set of short texts, the trafilatura "with" snippets
// joined per page (pages of at least 25 words). Negatives: every pair of
// ECB+ documents of different events of the same topic (two earthquakes,
// two rehab check-ins), and pairs of pages of the same site.
//
// All originals and copies go through one Clusterer in a shuffled order; a
// pair counts as linked when both articles resolve to the same original.
//
//	go run ./internal/cluster/cmd/evaldups
package main

import (
	"bufio"
	"encoding/json"
	"flag"
	"fmt"
	"math/rand/v2"
	"net/url"
	"os"
	"sort"
	"strings"

	"github.com/storyline-news/storyline/internal/cluster"
)

type source struct {
	text  string
	group string // ECB+ event, or site host
	topic string // ECB+ topic, or "" (no negatives by topic)
	set   string // "ecb+" or "trafilatura"
}

type pair struct {
	a, b int // indices into docs
	kind string
}

func main() {
	ecbPath := flag.String("docs", "/work/shared/data/events-ecbplus/docs.jsonl", "events-ecbplus docs.jsonl")
	goldPath := flag.String("gold", "/work/shared/data/extraction-trafilatura/gold.jsonl", "extraction-trafilatura gold.jsonl")
	seed := flag.Uint64("seed", 1, "random seed for the copies and the order")
	set := flag.String("set", "", "override Config fields: Name=value,Name=value")
	verbose := flag.Bool("v", false, "list the copies not found and the same-event reports linked")
	flag.Parse()
	cfg := cluster.DefaultConfig()
	if err := cfg.SetList(*set); err != nil {
		fmt.Fprintln(os.Stderr, "evaldups:", err)
		os.Exit(2)
	}

	srcs, err := readECB(*ecbPath)
	if err != nil {
		fmt.Fprintln(os.Stderr, "evaldups:", err)
		os.Exit(1)
	}
	tr, err := readTrafilatura(*goldPath)
	if err != nil {
		fmt.Fprintln(os.Stderr, "evaldups:", err)
		os.Exit(1)
	}
	srcs = append(srcs, tr...)

	rng := rand.New(rand.NewPCG(*seed, 0xd0b))
	kinds := []string{"reheadlined", "rebylined", "truncated", "extended", "boilerplate", "combined"}
	texts := make([]string, 0, 2*len(srcs))
	for _, s := range srcs {
		texts = append(texts, s.text)
	}
	var pos []pair
	for i, s := range srcs {
		k := kinds[rng.IntN(len(kinds))]
		other := srcs[rng.IntN(len(srcs))].text
		texts = append(texts, makeCopy(rng, s.text, other, k))
		pos = append(pos, pair{i, len(texts) - 1, s.set + " " + k})
	}
	var neg, same []pair
	for i := range srcs {
		for j := i + 1; j < len(srcs); j++ {
			a, b := srcs[i], srcs[j]
			switch {
			case a.set == "ecb+" && b.set == "ecb+" && a.topic == b.topic && a.group != b.group:
				neg = append(neg, pair{i, j, "ecb+ same topic, other event"})
			case a.set == "trafilatura" && b.set == "trafilatura" && a.group == b.group:
				neg = append(neg, pair{i, j, "trafilatura same site"})
			case a.set == "ecb+" && b.set == "ecb+" && a.group == b.group:
				same = append(same, pair{i, j, "ecb+ same event"})
			}
		}
	}

	order := rng.Perm(len(texts))
	c := cluster.New(cfg)
	for _, i := range order {
		c.Add(cluster.Doc{ID: int64(i + 1), Text: texts[i]})
	}
	root := func(i int) int64 {
		a, _ := c.Placement(int64(i + 1))
		if a.DuplicateOf != 0 {
			return a.DuplicateOf
		}
		return int64(i + 1)
	}
	linked := func(p pair) bool { return root(p.a) == root(p.b) }

	tp, fp := 0, 0
	byKind := map[string][2]int{}
	for _, p := range pos {
		x := byKind[p.kind]
		x[1]++
		if linked(p) {
			tp++
			x[0]++
		} else if *verbose {
			pa, _ := c.Placement(int64(p.a + 1))
			pb, _ := c.Placement(int64(p.b + 1))
			fmt.Printf("missed %s: source %d words, copy %d words, events %d / %d\n", p.kind,
				len(strings.Fields(texts[p.a])), len(strings.Fields(texts[p.b])), pa.EventID, pb.EventID)
		}
		byKind[p.kind] = x
	}
	negKind := map[string][2]int{}
	for _, p := range neg {
		x := negKind[p.kind]
		x[1]++
		if linked(p) {
			fp++
			x[0]++
		}
		negKind[p.kind] = x
	}
	fmt.Printf("near-duplicates: %d texts (%d sources, %d copies), one shuffled stream\n\n", len(texts), len(srcs), len(pos))
	fmt.Printf("%-34s %7s %7s %7s\n", "copies", "found", "of", "recall")
	var keys []string
	for k := range byKind {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		x := byKind[k]
		fmt.Printf("%-34s %7d %7d %7.3f\n", k, x[0], x[1], float64(x[0])/float64(x[1]))
	}
	fmt.Printf("\n%-34s %7s %7s\n", "distinct but similar pairs", "linked", "of")
	keys = keys[:0]
	for k := range negKind {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		x := negKind[k]
		fmt.Printf("%-34s %7d %7d\n", k, x[0], x[1])
	}
	// Two ECB+ reports of one event are often one wire story twice, so
	// these are no negatives; the count shows how far the bar reaches.
	ns := 0
	for _, q := range same {
		if linked(q) {
			ns++
			if *verbose {
				fmt.Printf("  same event linked: %q / %q\n", head(texts[q.a]), head(texts[q.b]))
			}
		}
	}
	fmt.Printf("%-34s %7d %7d  (not scored)\n", "ecb+ same event, other report", ns, len(same))
	p := 1.0
	if tp+fp > 0 {
		p = float64(tp) / float64(tp+fp)
	}
	r := float64(tp) / float64(len(pos))
	fmt.Printf("\npairs: precision %.4f (%d true of %d linked), recall %.4f (%d of %d copies)\n", p, tp, tp+fp, r, tp, len(pos))
}

// makeCopy rewrites text as a republisher would.
func makeCopy(rng *rand.Rand, text, other, kind string) string {
	paras := strings.Split(strings.TrimSpace(text), "\n")
	switch kind {
	case "reheadlined":
		return reheadline(rng, paras, other)
	case "rebylined":
		return rebyline(rng, paras)
	case "truncated":
		return truncate(rng, paras)
	case "extended":
		return extend(rng, paras, other)
	case "boilerplate":
		return wrap(rng, strings.Join(paras, "\n"), other)
	default:
		t := reheadline(rng, paras, other)
		t = truncate(rng, strings.Split(t, "\n"))
		return wrap(rng, rebyline(rng, strings.Split(t, "\n")), other)
	}
}

func reheadline(rng *rand.Rand, paras []string, other string) string {
	// A new headline from another text's words, replacing the first line.
	ow := strings.Fields(other)
	n := 6 + rng.IntN(6)
	if n > len(ow) {
		n = len(ow)
	}
	head := strings.Join(ow[:n], " ")
	if len(paras) > 1 {
		return head + "\n" + strings.Join(paras[1:], "\n")
	}
	return head + "\n" + strings.Join(paras, "\n")
}

var bylines = []string{"By Staff Reporter | Daily Wire Service", "By Jane Doe, Associated Correspondent", "Reporting by Ana Lopez; Editing by Tom Brown", "Von Redaktion | Nachrichtenagentur"}

func rebyline(rng *rand.Rand, paras []string) string {
	by := bylines[rng.IntN(len(bylines))]
	date := fmt.Sprintf("Updated %d:%02d PM, %s %d", 1+rng.IntN(12), rng.IntN(60), []string{"Monday", "Friday", "Sunday"}[rng.IntN(3)], 1+rng.IntN(28))
	if len(paras) > 1 {
		return paras[0] + "\n" + by + "\n" + date + "\n" + strings.Join(paras[1:], "\n")
	}
	return by + "\n" + date + "\n" + strings.Join(paras, "\n")
}

func truncate(rng *rand.Rand, paras []string) string {
	words := strings.Fields(strings.Join(paras, "\n"))
	keep := int(float64(len(words)) * (0.4 + 0.4*rng.Float64()))
	if keep < 1 {
		keep = 1
	}
	// Cut on whole lines where possible, as a republisher's excerpt does.
	var out []string
	n := 0
	for _, p := range paras {
		w := len(strings.Fields(p))
		if n+w > keep && n > 0 {
			break
		}
		out = append(out, p)
		n += w
	}
	return strings.Join(out, "\n")
}

func extend(rng *rand.Rand, paras []string, other string) string {
	op := strings.Split(strings.TrimSpace(other), "\n")
	k := 1 + rng.IntN(3)
	if k > len(op) {
		k = len(op)
	}
	return strings.Join(paras, "\n") + "\n" + strings.Join(op[len(op)-k:], "\n")
}

var boiler = []string{
	"Home | News | World | Business | Sport | Opinion | Culture",
	"Share this article: Facebook Twitter Email",
	"Sign up for our newsletter to get the top stories every morning.",
	"Advertisement",
	"Related stories",
	"© 2024 The Daily Example. All rights reserved.",
	"Comments are closed.",
	"Read more: the latest headlines from our newsroom",
	"Follow us on social media for breaking news alerts.",
	"Cookies help us deliver our services. By using our services, you agree to our use of cookies.",
}

func wrap(rng *rand.Rand, body, other string) string {
	var pre, post []string
	for i := 0; i < 2+rng.IntN(3); i++ {
		pre = append(pre, boiler[rng.IntN(len(boiler))])
	}
	for i := 0; i < 2+rng.IntN(4); i++ {
		post = append(post, boiler[rng.IntN(len(boiler))])
	}
	// A "related" teaser from another text, as sites append.
	ow := strings.Fields(other)
	if len(ow) > 10 {
		post = append(post, strings.Join(ow[:10], " ")+" ...")
	}
	return strings.Join(pre, "\n") + "\n" + body + "\n" + strings.Join(post, "\n")
}

func readECB(path string) ([]source, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("read ECB+: %w", err)
	}
	defer f.Close()
	var out []source
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 16<<20)
	for line := 1; sc.Scan(); line++ {
		var d struct {
			Topic        int    `json:"topic"`
			EventCluster string `json:"event_cluster"`
			Text         string `json:"text"`
		}
		if err := json.Unmarshal(sc.Bytes(), &d); err != nil {
			return nil, fmt.Errorf("%s line %d: %w", path, line, err)
		}
		out = append(out, source{text: d.Text, group: d.EventCluster, topic: fmt.Sprint(d.Topic), set: "ecb+"})
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("read %s: %w", path, err)
	}
	return out, nil
}

func readTrafilatura(path string) ([]source, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("read trafilatura gold: %w", err)
	}
	defer f.Close()
	var out []source
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 16<<20)
	for line := 1; sc.Scan(); line++ {
		var d struct {
			URL  *string  `json:"url"`
			With []string `json:"with"`
		}
		if err := json.Unmarshal(sc.Bytes(), &d); err != nil {
			return nil, fmt.Errorf("%s line %d: %w", path, line, err)
		}
		text := strings.Join(d.With, "\n")
		if len(strings.Fields(text)) < 25 || d.URL == nil {
			continue
		}
		host := ""
		if u, err := url.Parse(*d.URL); err == nil {
			host = u.Host
		}
		out = append(out, source{text: text, group: host, set: "trafilatura"})
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("read %s: %w", path, err)
	}
	return out, nil
}

// head is the start of a text (70 characters), for listings.
func head(t string) string {
	if r := []rune(t); len(r) > 70 {
		t = string(r[:70])
	}
	return strings.ReplaceAll(t, "\n", " | ")
}
