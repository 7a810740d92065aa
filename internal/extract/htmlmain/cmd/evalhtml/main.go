// Command evalhtml runs an HTML extractor over a JSONL.gz set of pages
// ({"id","url","html"} a line), writes one prediction a line for
// /work/shared/tools/score_extraction.py or score_dates.py, and prints the
// speed: pages/s (wall) and CPU ms per page. It is the evaluation harness of
// package htmlmain and the "library alone" speed baseline for the ingest.
//
// Usage:
//
//	evalhtml -pages pages.jsonl.gz -extractor trafilatura -out pred.jsonl [-workers N] [-rounds N] [-dates]
//	         [-cleandate MODE] [-limit N] [-cpuprofile FILE]
//
// The figures in ../../EVAL.md are made with it.
//
// Extractors: trafilatura (go-trafilatura with fallback), trafilatura-nofallback,
// readability (readeck go-readability), htmlmain (htmlmain.Extract), storyline
// (htmlmain.Extract then clean.Body); for -dates also htmldate-fast and
// htmldate-extensive (go-htmldate alone, original date, page URL given),
// htmldate-defer-url (extensive, the URL's date only after the page's
// metadata) and candidates (every date source side by side, for choosing a
// strategy) and date-rules (the date under every subset of htmlmain.DateRules,
// for the ablation and cross-validation of scripts/cv-dates.sh).
package main

import (
	"bufio"
	"compress/gzip"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"log"
	"os"
	"runtime"
	"runtime/pprof"
	"slices"
	"sync"
	"syscall"
	"time"
)

// page is one input line.
type page struct {
	ID   string  `json:"id"`
	URL  *string `json:"url"`
	HTML string  `json:"html"`
}

// url is the page's address, "" when the set gives none.
func (p page) url() string {
	if p.URL == nil {
		return ""
	}
	return *p.URL
}

// prediction is one output line, in the scorers' format.
type prediction struct {
	ID            string   `json:"id"`
	Text          string   `json:"text,omitempty"`
	Title         string   `json:"title,omitempty"`
	Authors       []string `json:"authors,omitempty"`
	Published     string   `json:"published"`
	PublishedFrom string   `json:"published_from,omitempty"`
	Error         string   `json:"error,omitempty"`
	// Extra carries per-source values in the candidates mode.
	Extra map[string]string `json:"extra,omitempty"`
}

// cleanDateMode is the -cleandate flag, read by runStoryline.
var cleanDateMode = flag.String("cleandate", "", "storyline only: fallback (clean.DateFromURL, then DateFromText on the text, when no date was found), or a source (url, meta, jsonld, time, text) or all: clean.DateFromText on the text's first 1000 bytes replaces dates from that source")

// extractor turns one page into a prediction.
type extractor func(p page) (prediction, error)

func main() {
	pagesPath := flag.String("pages", "/work/shared/data/extraction-trafilatura/pages.jsonl.gz", "input pages, JSONL or JSONL.gz")
	name := flag.String("extractor", "htmlmain", "trafilatura | trafilatura-nofallback | readability | htmlmain | storyline | htmldate-fast | htmldate-extensive | htmldate-defer-url | candidates | date-rules")
	out := flag.String("out", "", "write predictions here (JSONL); empty: none")
	workers := flag.Int("workers", 1, "goroutines")
	rounds := flag.Int("rounds", 1, "timed rounds (predictions are written from the first)")
	dates := flag.Bool("dates", false, "write only {id, published} (for score_dates.py)")
	limit := flag.Int("limit", 0, "read at most this many pages (0: all)")
	cpuProfile := flag.String("cpuprofile", "", "write a CPU profile of the timed rounds here")
	flag.Parse()

	ex, ok := extractors[*name]
	if !ok {
		log.Fatalf("evalhtml: unknown extractor %q", *name)
	}
	pages, err := readPages(*pagesPath, *limit)
	if err != nil {
		log.Fatalf("evalhtml: %v", err)
	}
	fmt.Printf("extractor %s, %d pages, %d workers, GOMAXPROCS %d\n", *name, len(pages), *workers, runtime.GOMAXPROCS(0))

	if *cpuProfile != "" {
		f, err := os.Create(*cpuProfile)
		if err != nil {
			log.Fatalf("evalhtml: %v", err)
		}
		if err := pprof.StartCPUProfile(f); err != nil {
			log.Fatalf("evalhtml: %v", err)
		}
		defer pprof.StopCPUProfile()
	}

	var preds []prediction
	var rates []float64
	for round := 0; round < *rounds; round++ {
		runtime.GC()
		res := run(pages, ex, *workers)
		rates = append(rates, res.pagesPerSec)
		fmt.Printf("round %d: %.1f pages/s, CPU %.1f ms/page, per page p50 %.0f / p99 %.0f / max %.0f ms, errors %d, empty %d\n",
			round+1, res.pagesPerSec, res.cpuMsPerPage, res.p50, res.p99, res.max, res.errors, res.empty)
		if round == 0 {
			preds = res.preds
		}
	}
	if *rounds > 1 {
		slices.Sort(rates)
		fmt.Printf("pages/s best %.1f, median %.1f\n", rates[len(rates)-1], rates[len(rates)/2])
	}
	if *out != "" {
		if err := writePredictions(*out, preds, *dates); err != nil {
			log.Fatalf("evalhtml: %v", err)
		}
	}
}

type result struct {
	preds                     []prediction
	pagesPerSec, cpuMsPerPage float64
	p50, p99, max             float64
	errors, empty             int
}

// run extracts every page with n goroutines and measures wall and CPU time.
func run(pages []page, ex extractor, n int) result {
	preds := make([]prediction, len(pages))
	durs := make([]float64, len(pages))
	next := make(chan int)
	var wg sync.WaitGroup
	cpu0 := cpuTime()
	start := time.Now()
	for w := 0; w < max(n, 1); w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range next {
				t := time.Now()
				p, err := ex(pages[i])
				durs[i] = float64(time.Since(t).Microseconds()) / 1000
				p.ID = pages[i].ID
				if err != nil {
					p.Error = err.Error()
				}
				preds[i] = p
			}
		}()
	}
	for i := range pages {
		next <- i
	}
	close(next)
	wg.Wait()
	wall := time.Since(start)
	cpu := cpuTime() - cpu0

	res := result{preds: preds}
	res.pagesPerSec = float64(len(pages)) / wall.Seconds()
	res.cpuMsPerPage = float64(cpu.Milliseconds()) / float64(len(pages))
	for _, p := range preds {
		if p.Error != "" {
			res.errors++
		}
		if p.Text == "" {
			res.empty++
		}
	}
	slices.Sort(durs)
	if len(durs) > 0 {
		res.p50 = durs[len(durs)/2]
		res.p99 = durs[len(durs)*99/100]
		res.max = durs[len(durs)-1]
	}
	return res
}

// cpuTime is the process's user plus system CPU time so far.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// readPages loads a JSONL or JSONL.gz file of pages.
func readPages(path string, limit int) ([]page, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("read pages: %w", err)
	}
	defer f.Close()
	br := bufio.NewReaderSize(f, 1<<20)
	var r io.Reader = br
	if magic, _ := br.Peek(2); len(magic) == 2 && magic[0] == 0x1f && magic[1] == 0x8b {
		gz, err := gzip.NewReader(br)
		if err != nil {
			return nil, fmt.Errorf("read pages %s: %w", path, err)
		}
		defer gz.Close()
		r = gz
	}
	dec := json.NewDecoder(r)
	var pages []page
	for line := 1; limit <= 0 || len(pages) < limit; line++ {
		var p page
		if err := dec.Decode(&p); err != nil {
			if errors.Is(err, io.EOF) {
				break
			}
			return nil, fmt.Errorf("read pages %s record %d: %w", path, line, err)
		}
		pages = append(pages, p)
	}
	return pages, nil
}

// writePredictions writes preds as JSONL; with datesOnly just id and date.
func writePredictions(path string, preds []prediction, datesOnly bool) error {
	f, err := os.Create(path)
	if err != nil {
		return fmt.Errorf("write predictions: %w", err)
	}
	w := bufio.NewWriter(f)
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	for _, p := range preds {
		if datesOnly {
			p = prediction{ID: p.ID, Published: p.Published, PublishedFrom: p.PublishedFrom, Extra: p.Extra}
		}
		if err := enc.Encode(p); err != nil {
			f.Close()
			return fmt.Errorf("write predictions %s: %w", path, err)
		}
	}
	if err := w.Flush(); err != nil {
		f.Close()
		return fmt.Errorf("write predictions %s: %w", path, err)
	}
	return f.Close()
}
