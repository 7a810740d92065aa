// Command evalquotes runs the quote extractor over a PolNeAR-style JSONL
// file (/work/shared/data/quotes-polnear) and writes predictions in the
// format of score_quotes.py (code point offsets), together with a plain
// baseline (quotation marks plus the nearest "said") in a second file, and
// prints the extractor's speed. With -score it also runs the scorer on both.
//
//	go run ./internal/analyze/quote/cmd/evalquotes \
//	    -data /work/shared/data/quotes-polnear/dev.jsonl.gz -out pred.jsonl -score
package main

import (
	"bufio"
	"compress/gzip"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"runtime/pprof"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/storyline-news/storyline/internal/analyze/ner"
	"github.com/storyline-news/storyline/internal/analyze/quote"
	"github.com/storyline-news/storyline/internal/analyze/text"
)

type article struct {
	ID    string `json:"id"`
	Date  string `json:"date"`
	Text  string `json:"text"`
	Attrs []struct {
		Source  *struct{ Text string } `json:"source"`
		Cue     *struct{ Text string } `json:"cue"`
		Content struct{ Text string }  `json:"content"`
	} `json:"attributions"`
}

type predQuote struct {
	Start        int      `json:"start"`
	End          int      `json:"end"`
	Spans        [][2]int `json:"spans,omitempty"`
	Speaker      string   `json:"speaker,omitempty"`
	SpeakerStart *int     `json:"speaker_start,omitempty"`
	SpeakerEnd   *int     `json:"speaker_end,omitempty"`
	Direct       bool     `json:"direct"`
}

type predArticle struct {
	ID     string      `json:"id"`
	Quotes []predQuote `json:"quotes"`
}

func main() {
	data := flag.String("data", "/work/shared/data/quotes-polnear/dev.jsonl.gz", "gold JSONL(.gz) file")
	out := flag.String("out", "pred.jsonl", "predictions of the extractor")
	base := flag.String("baseline", "", "predictions of the baseline (default: OUT with .baseline before the extension)")
	beliefs := flag.Bool("beliefs", true, "also attributions of beliefs and intentions (PolNeAR counts them)")
	useNER := flag.Bool("ner", true, "entity mentions from the ner tagger (false: the name heuristic)")
	score := flag.Bool("score", false, "run score_quotes.py on both prediction files")
	scorer := flag.String("scorer", "", "path of score_quotes.py (default: ../../tools/score_quotes.py from -data)")
	speechOnly := flag.Bool("speech-only", false, "score with --speech-only")
	cpuprofile := flag.String("cpuprofile", "", "write a CPU profile of the extraction to this file")
	show := flag.String("show", "", "print the quotes of the article with this id, with its gold attributions, and stop")
	flag.Parse()
	if *show != "" {
		if err := showArticle(*data, *show, *beliefs); err != nil {
			fmt.Fprintln(os.Stderr, "evalquotes:", err)
			os.Exit(1)
		}
		return
	}
	if *cpuprofile != "" {
		f, err := os.Create(*cpuprofile)
		if err != nil {
			fmt.Fprintln(os.Stderr, "evalquotes:", err)
			os.Exit(1)
		}
		if err := pprof.StartCPUProfile(f); err != nil {
			fmt.Fprintln(os.Stderr, "evalquotes:", err)
			os.Exit(1)
		}
		defer pprof.StopCPUProfile()
	}
	if *base == "" {
		ext := filepath.Ext(*out)
		*base = strings.TrimSuffix(*out, ext) + ".baseline" + ext
	}
	if err := run(*data, *out, *base, *beliefs, *useNER); err != nil {
		fmt.Fprintln(os.Stderr, "evalquotes:", err)
		os.Exit(1)
	}
	if *score {
		pprof.StopCPUProfile()
		sc := *scorer
		if sc == "" {
			sc = filepath.Join(filepath.Dir(*data), "..", "..", "tools", "score_quotes.py")
		}
		for _, p := range []string{*out, *base} {
			args := []string{sc, *data, p}
			if *speechOnly {
				args = append(args, "--speech-only")
			}
			fmt.Printf("\n== python3 %s\n", strings.Join(args, " "))
			cmd := exec.Command("python3", args...)
			cmd.Stdout, cmd.Stderr = os.Stdout, os.Stderr
			if err := cmd.Run(); err != nil {
				fmt.Fprintln(os.Stderr, "evalquotes: scorer:", err)
				os.Exit(1)
			}
		}
	}
}

func run(data, out, base string, beliefs, useNER bool) error {
	arts, err := load(data)
	if err != nil {
		return err
	}
	var tagger *ner.Model
	if useNER {
		if tagger, err = ner.Default(); err != nil {
			return err
		}
	}
	opt := quote.Options{Beliefs: beliefs}
	var preds, bpreds []predArticle
	var elapsed, tagTime time.Duration
	bytes := 0
	for _, a := range arts {
		t0 := time.Now()
		sents := text.Sentences(a.Text)
		var ments []quote.Mention
		if tagger != nil {
			for _, se := range tagger.DocumentEntities(sents, a.Text) {
				for _, e := range se {
					ments = append(ments, quote.Mention{Text: e.Text, Type: e.Type, Start: e.Start, End: e.End})
				}
			}
			if ments == nil {
				ments = []quote.Mention{}
			}
		}
		t1 := time.Now()
		qs := opt.ExtractSentences(a.Text, sents, a.Date, ments)
		elapsed += time.Since(t1)
		tagTime += t1.Sub(t0)
		bytes += len(a.Text)
		conv := codePoints(a.Text)
		p := predArticle{ID: a.ID, Quotes: []predQuote{}}
		for _, q := range qs {
			pq := predQuote{Start: conv(q.Start), End: conv(q.End), Speaker: q.Speaker, Direct: q.Direct}
			for _, s := range q.Pieces {
				pq.Spans = append(pq.Spans, [2]int{conv(s.Start), conv(s.End)})
			}
			if q.SpeakerStart >= 0 {
				s, e := conv(q.SpeakerStart), conv(q.SpeakerEnd)
				pq.SpeakerStart, pq.SpeakerEnd = &s, &e
			}
			p.Quotes = append(p.Quotes, pq)
		}
		preds = append(preds, p)
		bpreds = append(bpreds, baseline(a))
	}
	if err := write(out, preds); err != nil {
		return err
	}
	if err := write(base, bpreds); err != nil {
		return err
	}
	n := 0
	for _, p := range preds {
		n += len(p.Quotes)
	}
	fmt.Printf("%d articles (%.1f KB avg), %d quotes -> %s; baseline -> %s\n", len(arts),
		float64(bytes)/float64(max(1, len(arts)))/1024, n, out, base)
	how := "name heuristic"
	if useNER {
		how = "ner mentions"
	}
	fmt.Printf("quote extraction: %.3f ms/article, %.0f articles/s (%s; tokenising%s took %.3f ms/article more)\n",
		elapsed.Seconds()*1000/float64(max(1, len(arts))), float64(len(arts))/elapsed.Seconds(), how,
		map[bool]string{true: " and tagging", false: ""}[useNER], tagTime.Seconds()*1000/float64(max(1, len(arts))))
	return nil
}

// codePoints returns a converter from byte offsets of s to code point
// offsets, as score_quotes.py expects.
func codePoints(s string) func(int) int {
	m := make([]int, len(s)+1)
	n := 0
	for i := range s {
		for j := i; j < len(s) && (j == i || !utf8.RuneStart(s[j])); j++ {
			m[j] = n
		}
		n++
	}
	m[len(s)] = n
	return func(b int) int {
		if b < 0 {
			return 0
		}
		if b > len(s) {
			b = len(s)
		}
		return m[b]
	}
}

func load(path string) ([]article, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("open gold: %w", err)
	}
	defer f.Close()
	var r io.Reader = f
	if strings.HasSuffix(path, ".gz") {
		gz, err := gzip.NewReader(f)
		if err != nil {
			return nil, fmt.Errorf("gunzip %s: %w", path, err)
		}
		defer gz.Close()
		r = gz
	}
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 1<<20), 64<<20)
	var out []article
	line := 0
	for sc.Scan() {
		line++
		if strings.TrimSpace(sc.Text()) == "" {
			continue
		}
		var a article
		if err := json.Unmarshal(sc.Bytes(), &a); err != nil {
			return nil, fmt.Errorf("%s line %d: %w", path, line, err)
		}
		out = append(out, a)
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("read %s: %w", path, err)
	}
	return out, nil
}

func write(path string, preds []predArticle) error {
	f, err := os.Create(path)
	if err != nil {
		return fmt.Errorf("create predictions: %w", err)
	}
	w := bufio.NewWriter(f)
	enc := json.NewEncoder(w)
	for _, p := range preds {
		if err := enc.Encode(p); err != nil {
			f.Close()
			return fmt.Errorf("write %s: %w", path, err)
		}
	}
	if err := w.Flush(); err != nil {
		f.Close()
		return fmt.Errorf("write %s: %w", path, err)
	}
	return f.Close()
}

// showArticle prints one article's predicted quotes and its gold
// attributions, for looking at errors.
func showArticle(data, id string, beliefs bool) error {
	arts, err := load(data)
	if err != nil {
		return err
	}
	for _, a := range arts {
		if a.ID != id {
			continue
		}
		for _, q := range (quote.Options{Beliefs: beliefs}).Extract(a.Text, a.Date, nil) {
			fmt.Printf("PRED direct=%v cue=%q speaker=%q mention=%q role=%q on=%s\n     %q\n", q.Direct, q.Cue, q.Speaker,
				q.SpeakerMention, q.Role, q.SaidOn, q.Text)
		}
		for _, g := range a.Attrs {
			src, cue := "", ""
			if g.Source != nil {
				src = g.Source.Text
			}
			if g.Cue != nil {
				cue = g.Cue.Text
			}
			fmt.Printf("GOLD cue=%q source=%q\n     %q\n", cue, src, g.Content.Text)
		}
		return nil
	}
	return fmt.Errorf("no article %q in %s", id, data)
}
