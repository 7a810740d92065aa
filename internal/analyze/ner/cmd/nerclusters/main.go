// Command nerclusters derives the word clusters of the named-entity tagger
// from unlabelled news text: JSON lines files (optionally gzipped) whose
// "text" field holds an article.
//
//	go run ./internal/analyze/ner/cmd/nerclusters -out clusters.txt FILE.jsonl[.gz] ...
package main

import (
	"bufio"
	"compress/gzip"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"strconv"
	"strings"

	"github.com/storyline-news/storyline/internal/analyze/ner"
)

func main() {
	out := flag.String("out", "", "cluster file to write (gzipped when it ends in .gz)")
	sizes := flag.String("sizes", "64,256,1024", "comma-separated class counts, one clustering each")
	minCount := flag.Int64("min", 3, "cluster words seen at least this often")
	iters := flag.Int("iters", 15, "most exchange passes per clustering")
	lower := flag.Bool("lower", false, "fold words to lower case (the tagger looks a word up as written, then in lower case)")
	flag.Parse()
	if *out == "" || flag.NArg() == 0 {
		fmt.Fprintln(os.Stderr, "usage: nerclusters -out FILE [-sizes 64,256,1024] JSONL...")
		os.Exit(2)
	}
	if err := run(*out, *sizes, *minCount, *iters, *lower, flag.Args()); err != nil {
		slog.Error("nerclusters", "err", err)
		os.Exit(1)
	}
}

func run(out, sizeList string, minCount int64, iters int, lower bool, paths []string) error {
	var sizes []int
	for _, s := range strings.Split(sizeList, ",") {
		n, err := strconv.Atoi(strings.TrimSpace(s))
		if err != nil || n < 2 {
			return fmt.Errorf("bad size %q", s)
		}
		sizes = append(sizes, n)
	}
	c := ner.NewClusterCorpus()
	c.Lower = lower
	for _, p := range paths {
		n, err := addFile(c, p)
		if err != nil {
			return err
		}
		fmt.Fprintf(os.Stderr, "%s: %d texts\n", p, n)
	}
	f, err := os.Create(out)
	if err != nil {
		return err
	}
	var w io.Writer = f
	var zw *gzip.Writer
	if strings.HasSuffix(out, ".gz") {
		zw, _ = gzip.NewWriterLevel(f, gzip.BestCompression)
		w = zw
	}
	if err := c.BuildClusters(w, sizes, minCount, iters, os.Stderr); err != nil {
		f.Close()
		return err
	}
	if zw != nil {
		if err := zw.Close(); err != nil {
			f.Close()
			return err
		}
	}
	return f.Close()
}

func addFile(c *ner.ClusterCorpus, path string) (int, error) {
	f, err := os.Open(path)
	if err != nil {
		return 0, err
	}
	defer f.Close()
	var r io.Reader = f
	if strings.HasSuffix(path, ".gz") {
		zr, err := gzip.NewReader(f)
		if err != nil {
			return 0, fmt.Errorf("%s: %w", path, err)
		}
		r = zr
	}
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 1<<20), 64<<20)
	n := 0
	for line := 1; sc.Scan(); line++ {
		var rec struct {
			Text string `json:"text"`
		}
		if err := json.Unmarshal(sc.Bytes(), &rec); err != nil {
			return n, fmt.Errorf("%s line %d: %w", path, line, err)
		}
		if rec.Text != "" {
			c.Add(rec.Text)
			n++
		}
	}
	if err := sc.Err(); err != nil {
		return n, fmt.Errorf("%s: %w", path, err)
	}
	return n, nil
}
