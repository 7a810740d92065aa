package cli

import (
	"compress/gzip"
	"context"
	"encoding/json"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"runtime"
	"runtime/pprof"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"time"

	"github.com/markusmobius/go-trafilatura"

	"github.com/storyline-news/storyline/internal/ingest"
	"github.com/storyline-news/storyline/internal/news"
	"github.com/storyline-news/storyline/internal/pipeline"
	"github.com/storyline-news/storyline/internal/store/sqlite"
	"github.com/storyline-news/storyline/internal/synth"
)

func init() {
	register("bench", "measure speed: bench html|text|gen|store|open|serve (see -h)", runBench)
}

const benchAbout = `Speed figures for docs/evaluation.md, each measured in one run so that
ratios hold on a noisy machine:

  bench html PAGES.jsonl.gz    the chosen HTML library alone (go-trafilatura with
                               fallback) against the whole ingest (extraction,
                               cleaning, SQLite) over the same pages
  bench text SOURCE...         text articles per second and cost per article at
                               each -n, on corpora recombined from the real texts
                               in SOURCE (any ingestible input)
  bench gen -o OUT SOURCE...   write such a corpus as JSONL.gz, to ingest it for real
  bench store -n N [-o DB] [SOURCE...]
                               the read commands (events, storylines, storyline,
                               list) on a store of N articles, each in a child
                               process: first line, total time, peak memory
  bench serve -n N [-o DB] [-c 8] [-d 30s] [SOURCE...]
                               storyline serve on a store of N articles (texts
                               recombined from SOURCE, default the sample), under
                               -c clients for -d: latency per page and API call,
                               requests per second, errors, the server's peak memory
  bench open -n N,... SOURCE   the cost of reopening the clusterer's state (stored
                               snapshot and journal) after N articles of a stream
                               recombined from SOURCE
  bench follow [-feeds 500] [-speed 360] ...
                               a simulated day of storyline follow on local feeds
                               (see bench follow -h)`

func runBench(e *env, args []string) error {
	fs := flags(e, "bench", "html|text|gen [flags] INPUT...", benchAbout)
	workers := fs.Int("workers", runtime.GOMAXPROCS(0), "goroutines")
	sizes := fs.String("n", "10000,100000", "bench text: corpus sizes; bench gen: the first is used")
	out := fs.String("o", "", "bench gen: output file (.jsonl.gz)")
	seed := fs.Uint64("seed", 1, "corpus seed")
	stages := stageFlags(fs)
	rounds := fs.Int("rounds", 2, "bench html: interleaved rounds (the best of each side is kept)")
	clients := fs.Int("c", 8, "bench serve: concurrent clients")
	duration := fs.Duration("d", 30*time.Second, "bench serve: how long the load runs")
	if len(args) == 0 {
		fs.Usage()
		return errUsage
	}
	mode := args[0]
	if mode == "-h" || mode == "--help" {
		fs.Usage()
		return nil
	}
	if mode == "follow" {
		return benchFollow(e, args[1:])
	}
	cpuprofile := fs.String("cpuprofile", "", "write a CPU profile to this `file`")
	memprofile := fs.String("memprofile", "", "write a heap profile (allocations and what is live) at the end to this `file`")
	if err := parse(fs, args[1:]); err != nil {
		return err
	}
	if *memprofile != "" {
		defer func() {
			f, err := os.Create(*memprofile)
			if err != nil {
				fmt.Fprintln(e.stderr, "bench:", err)
				return
			}
			defer f.Close()
			if err := pprof.Lookup("heap").WriteTo(f, 0); err != nil {
				fmt.Fprintln(e.stderr, "bench:", err)
			}
		}()
	}
	if *cpuprofile != "" {
		f, err := os.Create(*cpuprofile)
		if err != nil {
			return err
		}
		defer f.Close()
		if err := pprof.StartCPUProfile(f); err != nil {
			return err
		}
		defer pprof.StopCPUProfile()
	}
	if mode == "store" || mode == "open" || mode == "serve" {
		n, err := strconv.Atoi(strings.Split(*sizes, ",")[0])
		if err != nil || n <= 0 {
			return fmt.Errorf("bad -n %q", *sizes)
		}
		switch mode {
		case "store":
			return benchStore(e, n, *out, fs.Args(), *seed)
		case "serve":
			if *clients <= 0 || *duration <= 0 {
				return fmt.Errorf("bench serve needs -c and -d above 0")
			}
			return benchServe(e, n, *out, fs.Args(), *seed, *clients, *duration)
		}
		return benchOpen(e, fs.Args(), *sizes, *seed)
	}
	if fs.NArg() == 0 {
		fs.Usage()
		return errUsage
	}
	switch mode {
	case "html":
		return benchHTML(e, fs.Args(), *workers, *rounds, stages())
	case "text", "gen":
		var ns []int
		for _, s := range strings.Split(*sizes, ",") {
			n, err := strconv.Atoi(strings.TrimSpace(s))
			if err != nil || n <= 0 {
				return fmt.Errorf("bad -n %q", s)
			}
			ns = append(ns, n)
		}
		pool, err := loadPool(e.ctx, fs.Args())
		if err != nil {
			return err
		}
		if mode == "gen" {
			if *out == "" {
				return fmt.Errorf("bench gen needs -o OUT.jsonl.gz")
			}
			return genCorpus(pool, ns[0], *seed, *out)
		}
		return benchText(e, pool, ns, *seed, *workers, stages())
	}
	return fmt.Errorf("unknown bench %q (want html, text, gen, store, serve, open or follow)", mode)
}

func readDocs(ctx context.Context, paths []string) ([]news.Document, error) {
	var docs []news.Document
	err := ingest.Scan(ctx, paths, ingest.Options{}, func(d news.Document) error {
		docs = append(docs, d)
		return nil
	}, func(*ingest.Error) {})
	return docs, err
}

func cpuTime() time.Duration {
	var ru syscall.Rusage
	syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

func maxRSSMB() float64 {
	var ru syscall.Rusage
	syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	return float64(ru.Maxrss) / 1024 // Linux reports KiB
}

// childRSSMB is the peak resident memory in MiB of a child process that
// ended, 0 where the system does not report it.
func childRSSMB(ps *os.ProcessState) float64 {
	if ru, ok := ps.SysUsage().(*syscall.Rusage); ok {
		return float64(ru.Maxrss) / 1024 // Linux reports KiB
	}
	return 0
}

// parallel runs fn over docs on n goroutines and returns wall and CPU time.
func parallel(docs []news.Document, n int, fn func(news.Document)) (wall, cpu time.Duration) {
	runtime.GC()
	c0, t0 := cpuTime(), time.Now()
	ch := make(chan news.Document)
	var wg sync.WaitGroup
	for i := 0; i < n; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for d := range ch {
				fn(d)
			}
		}()
	}
	for _, d := range docs {
		ch <- d
	}
	close(ch)
	wg.Wait()
	return time.Since(t0), cpuTime() - c0
}

func benchHTML(e *env, paths []string, workers, rounds int, stages pipeline.Stages) error {
	docs, err := readDocs(e.ctx, paths)
	if err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "%d pages, %d goroutines, GOMAXPROCS %d, best of %d interleaved rounds\n",
		len(docs), workers, runtime.GOMAXPROCS(0), rounds)
	type best struct{ wall, cpu time.Duration }
	var lib, whole best
	keep := func(b *best, wall, cpu time.Duration) {
		if b.wall == 0 || wall < b.wall {
			b.wall = wall
		}
		if b.cpu == 0 || cpu < b.cpu {
			b.cpu = cpu
		}
	}
	var failed int
	// Rounds alternate so that load from elsewhere on the machine falls on
	// both sides alike.
	for round := 0; round < rounds; round++ {
		wall, cpu := parallel(docs, workers, func(d news.Document) {
			trafilatura.Extract(strings.NewReader(d.Content), trafilatura.Options{EnableFallback: true, OriginalURL: parseURL(d.URL)})
		})
		keep(&lib, wall, cpu)
		sum, cpu, err := runFresh(e, workers, stages, sliceSource(docs))
		if err != nil {
			return err
		}
		keep(&whole, sum.Elapsed, cpu)
		failed = sum.Failed
	}
	fmt.Fprintf(e.stdout, "%-40s %9s %12s\n", "", "pages/s", "CPU ms/page")
	report := func(name string, b best) float64 {
		rate := float64(len(docs)) / b.wall.Seconds()
		fmt.Fprintf(e.stdout, "%-40s %9.1f %12.1f\n", name, rate, float64(b.cpu.Milliseconds())/float64(len(docs)))
		return rate
	}
	l := report("go-trafilatura+fallback alone", lib)
	name := "storyline ingest (extract+store)"
	if stages.Cluster {
		name = "storyline ingest (extract+analyze+cluster+store)"
	} else if stages.Analyze {
		name = "storyline ingest (extract+analyze+store)"
	}
	w := report(name, whole)
	fmt.Fprintf(e.stdout, "ingest keeps %.0f%% of the library's rate; %d pages failed; peak RSS %.0f MB\n", 100*w/l, failed, maxRSSMB())
	return nil
}

func sliceSource(docs []news.Document) pipeline.Source {
	return func(ctx context.Context, emit func(news.Document) error, fail func(error)) error {
		for _, d := range docs {
			if err := emit(d); err != nil {
				return err
			}
		}
		return nil
	}
}

func loadPool(ctx context.Context, paths []string) (*synth.Pool, error) {
	docs, err := readDocs(ctx, paths)
	if err != nil {
		return nil, err
	}
	var p synth.Pool
	for _, d := range docs {
		if d.Format == news.FormatText {
			p.Add(d.Content)
		}
	}
	if len(p.Titles) == 0 || len(p.Paragraphs) == 0 {
		return nil, fmt.Errorf("no text articles to recombine in %s", strings.Join(paths, " "))
	}
	return &p, nil
}

func genCorpus(p *synth.Pool, n int, seed uint64, out string) error {
	f, err := os.Create(out)
	if err != nil {
		return err
	}
	zw := gzip.NewWriter(f)
	enc := json.NewEncoder(zw)
	for i := 0; i < n; i++ {
		d := p.Doc(seed, i)
		if err := enc.Encode(map[string]string{"id": d.SourceID, "text": d.Content}); err != nil {
			f.Close()
			return err
		}
	}
	if err := zw.Close(); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

func benchText(e *env, p *synth.Pool, ns []int, seed uint64, workers int, stages pipeline.Stages) error {
	fmt.Fprintf(e.stdout, "%d titles and %d paragraphs to recombine; %d goroutines\n", len(p.Titles), len(p.Paragraphs), workers)
	fmt.Fprintf(e.stdout, "%10s %12s %14s %14s %12s\n", "articles", "articles/s", "µs/article", "CPU µs/art.", "peak RSS MB")
	for _, n := range ns {
		sum, cpu, err := runFresh(e, workers, stages, func(ctx context.Context, emit func(news.Document) error, fail func(error)) error {
			for i := 0; i < n; i++ {
				if err := emit(p.Doc(seed, i)); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			return err
		}
		fmt.Fprintf(e.stdout, "%10d %12.0f %14.1f %14.1f %12.0f\n", n, float64(n)/sum.Elapsed.Seconds(),
			float64(sum.Elapsed.Microseconds())/float64(n), float64(cpu.Microseconds())/float64(n), maxRSSMB())
	}
	return nil
}

func parseURL(s string) *url.URL {
	u, err := url.Parse(s)
	if err != nil || s == "" {
		return nil
	}
	return u
}

// runFresh ingests src into a new SQLite file in a temporary folder, removed
// afterwards, and returns the summary and the CPU time the run took.
func runFresh(e *env, workers int, stages pipeline.Stages, src pipeline.Source) (pipeline.Summary, time.Duration, error) {
	dir, err := os.MkdirTemp("", "storyline-bench")
	if err != nil {
		return pipeline.Summary{}, 0, err
	}
	defer os.RemoveAll(dir)
	st, err := sqlite.Open(filepath.Join(dir, "bench.db"))
	if err != nil {
		return pipeline.Summary{}, 0, err
	}
	defer st.Close()
	r, err := newRunner(e.ctx, st, workers, 0, stages)
	if err != nil {
		return pipeline.Summary{}, 0, err
	}
	runtime.GC()
	c0 := cpuTime()
	sum, err := r.Run(e.ctx, src)
	return sum, cpuTime() - c0, err
}
