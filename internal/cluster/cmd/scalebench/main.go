// Command scalebench feeds a synthetic stream (package synth: real texts
// recombined into events with invented names and advancing dates) through
// one Clusterer and prints, at each checkpoint, the articles per second of
// the last window, the heap in use and the process's peak memory, so that
// the cost of placing one article can be followed from 10k to 1M. At each
// of -marks it reports, after a full collection, the heap in use, the
// articles held (retirement bounds them) and the snapshot's size and write
// (and with -reopen, read) time.
//
//	go run ./internal/cluster/cmd/scalebench -n 1000000
//	go run ./internal/cluster/cmd/scalebench -n 10000000 -noscore -window 100000
//	go run ./internal/cluster/cmd/scalebench -n 1000000 -noscore -set RetireDays=0   # no retirement
package main

import (
	"bufio"
	"bytes"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"runtime"
	"runtime/pprof"
	"strconv"
	"strings"
	"time"

	"github.com/storyline-news/storyline/internal/cluster"
	"github.com/storyline-news/storyline/internal/cluster/synth"
)

func main() {
	n := flag.Int("n", 100000, "articles to add")
	corpus := flag.String("corpus", "/work/shared/data/events-ecbplus/docs.jsonl", "JSONL with a \"text\" field per line: the real texts to recombine")
	window := flag.Int("window", 10000, "articles per measured window")
	cpuprofile := flag.String("cpuprofile", "", "write a CPU profile to this file")
	memprofile := flag.String("memprofile", "", "write a heap profile at the end to this file")
	marks := flag.String("marks", "100000,1000000,10000000", "article counts at which to report the heap after a GC and the snapshot's size")
	set := flag.String("set", "", "clusterer settings, Name=value,... (as STORYLINE_CLUSTER_SET)")
	noScore := flag.Bool("noscore", false, "skip the B-cubed score at the end (it keeps one int per article)")
	perDay := flag.Int("perday", 0, "articles per simulated day (0: the generator's 5000)")
	reopen := flag.Bool("reopen", false, "at each mark, also time reading the snapshot back (holds a second clusterer meanwhile)")
	flag.Parse()
	if *cpuprofile != "" {
		pf, err := os.Create(*cpuprofile)
		if err != nil {
			fmt.Fprintln(os.Stderr, "scalebench:", err)
			os.Exit(1)
		}
		if err := pprof.StartCPUProfile(pf); err != nil {
			fmt.Fprintln(os.Stderr, "scalebench:", err)
			os.Exit(1)
		}
		defer pprof.StopCPUProfile()
	}

	texts, err := readTexts(*corpus)
	if err != nil {
		fmt.Fprintln(os.Stderr, "scalebench:", err)
		os.Exit(1)
	}
	g, err := synth.New(texts, 1)
	if err != nil {
		fmt.Fprintln(os.Stderr, "scalebench:", err)
		os.Exit(1)
	}
	if *perDay > 0 {
		g.PerDay = *perDay
	}
	cfg := cluster.DefaultConfig()
	if err := cfg.SetList(*set); err != nil {
		fmt.Fprintln(os.Stderr, "scalebench:", err)
		os.Exit(1)
	}
	at := map[int]bool{}
	for _, m := range strings.Split(*marks, ",") {
		if k, err := strconv.Atoi(strings.TrimSpace(m)); err == nil {
			at[k] = true
		}
	}
	c := cluster.New(cfg)
	fmt.Printf("%9s %10s %12s %10s %10s %9s %9s\n", "articles", "art/s", "µs/article", "heap MiB", "peak MiB", "events", "copies")
	var ms runtime.MemStats
	start := time.Now()
	winStart := start
	copies := 0
	total := time.Duration(0)
	var gold []int
	for i := 1; i <= *n; i++ {
		a := g.Next()
		t0 := time.Now()
		as := c.Add(cluster.Doc{ID: a.ID, Title: a.Title, Text: a.Text, Published: a.Published})
		if !*noScore {
			gold = append(gold, a.Event)
		}
		total += time.Since(t0)
		if as.DuplicateOf != 0 {
			copies++
		}
		if i%*window == 0 {
			el := time.Since(winStart)
			runtime.ReadMemStats(&ms)
			fmt.Printf("%9d %10.0f %12.1f %10.0f %10.0f %9d %9d\n", i, float64(*window)/el.Seconds(),
				float64(el.Microseconds())/float64(*window), float64(ms.HeapInuse)/(1<<20), peakMiB(), c.EventCount(), copies)
			winStart = time.Now()
		}
		if at[i] {
			mark(c, cfg, i, *reopen)
			winStart = time.Now()
		}
	}
	if *memprofile != "" {
		pf, err := os.Create(*memprofile)
		if err != nil {
			fmt.Fprintln(os.Stderr, "scalebench:", err)
			os.Exit(1)
		}
		runtime.GC()
		if err := pprof.WriteHeapProfile(pf); err != nil {
			fmt.Fprintln(os.Stderr, "scalebench:", err)
		}
		pf.Close()
	}
	if !*noScore {
		p, r, f, k := bcubed(c, gold)
		fmt.Printf("B-cubed against the generated events (the %d articles still held): P %.4f R %.4f F1 %.4f\n", k, p, r, f)
	}
	fmt.Printf("total %d articles in %s (%.0f art/s; Add alone %.0f art/s)\n", *n, time.Since(start).Round(time.Second),
		float64(*n)/time.Since(start).Seconds(), float64(*n)/total.Seconds())
}

// mark reports, after a full collection, the heap in use, the articles
// held and the size and write time of a snapshot of the clusterer.
func mark(c *cluster.Clusterer, cfg cluster.Config, i int, reopen bool) {
	runtime.GC()
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	var w countWriter
	if reopen {
		w.buf = new(bytes.Buffer)
	}
	t0 := time.Now()
	if _, err := c.WriteTo(&w); err != nil {
		fmt.Fprintln(os.Stderr, "scalebench: snapshot:", err)
	}
	el := time.Since(t0)
	read := ""
	if reopen {
		t0 = time.Now()
		if _, err := cluster.ReadClusterer(w.buf, cfg); err != nil {
			fmt.Fprintln(os.Stderr, "scalebench: reopen:", err)
		}
		read = " snapshot_read=" + time.Since(t0).Round(time.Millisecond).String()
		w.buf = nil
		runtime.GC()
	}
	fmt.Printf("MARK articles=%d held=%d events=%d heap_inuse_MiB=%.1f heap_alloc_MiB=%.1f snapshot_MiB=%.1f snapshot_write=%s%s peak_MiB=%.0f\n",
		i, c.Len(), c.EventCount(), float64(ms.HeapInuse)/(1<<20), float64(ms.HeapAlloc)/(1<<20), float64(w.n)/(1<<20), el.Round(time.Millisecond), read, peakMiB())
}

// countWriter counts what is written, and keeps it when buf is set.
type countWriter struct {
	n   int64
	buf *bytes.Buffer
}

func (w *countWriter) Write(p []byte) (int, error) {
	w.n += int64(len(p))
	if w.buf != nil {
		w.buf.Write(p)
	}
	return len(p), nil
}

// peakMiB reads the process's peak resident memory (Linux), 0 elsewhere.
func peakMiB() float64 {
	b, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return 0
	}
	for _, line := range strings.Split(string(b), "\n") {
		if strings.HasPrefix(line, "VmHWM:") {
			f := strings.Fields(line)
			if len(f) >= 2 {
				kb, _ := strconv.ParseFloat(f[1], 64)
				return kb / 1024
			}
		}
	}
	return 0
}

func readTexts(path string) ([]string, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("corpus: %w", err)
	}
	defer f.Close()
	var out []string
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 16<<20)
	for line := 1; sc.Scan(); line++ {
		var d struct {
			Text string `json:"text"`
		}
		if err := json.Unmarshal(sc.Bytes(), &d); err != nil {
			return nil, fmt.Errorf("%s line %d: %w", path, line, err)
		}
		out = append(out, d.Text)
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("read %s: %w", path, err)
	}
	return out, nil
}

// bcubed scores the final events against the generator's events.
// Articles the clusterer no longer holds (retired) are left out.
func bcubed(c *cluster.Clusterer, gold []int) (p, r, f float64, k int) {
	type pair struct {
		c int64
		g int
	}
	pred := make([]int64, len(gold))
	held := make([]bool, len(gold))
	cs, gs, both := map[int64]int{}, map[int]int{}, map[pair]int{}
	for i, g := range gold {
		a, ok := c.Placement(int64(i + 1))
		if !ok {
			continue
		}
		held[i] = true
		k++
		pred[i] = a.EventID
		cs[a.EventID]++
		gs[g]++
		both[pair{a.EventID, g}]++
	}
	for i, g := range gold {
		if !held[i] {
			continue
		}
		x := float64(both[pair{pred[i], g}])
		p += x / float64(cs[pred[i]])
		r += x / float64(gs[g])
	}
	n := float64(k)
	p, r = p/n, r/n
	return p, r, 2 * p * r / (p + r), k
}
