package cli

import (
	"context"
	"fmt"
	"runtime"

	"github.com/storyline-news/storyline/internal/ingest"
	"github.com/storyline-news/storyline/internal/news"
	"github.com/storyline-news/storyline/internal/pipeline"
	"github.com/storyline-news/storyline/internal/store"
)

func init() {
	register("ingest", "read articles from files, directories or stdin into the store", runIngest)
}

const ingestAbout = `Reads each PATH (a file, a directory walked recursively, or - for stdin),
detects its format from the content (plain text, HTML, JSONL, RSS/Atom, WARC,
ARC; any of them gzip-compressed), extracts clean text and metadata, finds
entities, quotations and claims, places each article among duplicates,
events and storylines, and stores it all, a batch per transaction.

An article is identified by its normalised address (the page's canonical
link on its own site, else the address it came from; scheme, host case,
fragment and tracking parameters such as utm_* do not count), else by its
input's own id within its input. The same content again stores nothing new;
other content for a known article (a corrected headline included) becomes a
revision, placed again. The same text at another address is a new article,
linked to the original as a copy.

Nothing is cut: a document is read whole up to --max-doc-bytes, and a longer
one fails with "too large", as does a plain text over the extraction limit.
Bad items are reported with their input and position and the run goes on;
the exit status is 1 if any item failed.`

func runIngest(e *env, args []string) error {
	fs := flags(e, "ingest", "[flags] PATH...", ingestAbout)
	db := dbFlag(fs)
	workers := fs.Int("workers", runtime.GOMAXPROCS(0), "extraction goroutines")
	batch := fs.Int("batch", 256, "articles per transaction")
	maxDoc := fs.Int64("max-doc-bytes", 16<<20, "largest single document accepted; a larger one fails with \"too large\"")
	quiet := fs.Bool("q", false, "no progress, only the summary")
	stages := stageFlags(fs)
	qf := addQueueFlags(fs, "publish to the work queue at this NATS `URL` for storyline worker to store, instead of storing")
	wait := fs.Bool("wait", false, "with --queue: wait until the workers have stored what was published, and print the counts")
	if err := parse(fs, args); err != nil {
		return err
	}
	if fs.NArg() == 0 {
		fs.Usage()
		return errUsage
	}
	if qf.set() {
		return queueIngest(e, qf, fs.Args(), ingest.Options{Stdin: e.stdin, MaxDocBytes: *maxDoc}, *quiet, *wait)
	}
	st, err := openStore(e.ctx, *db)
	if err != nil {
		return err
	}
	defer st.Close()

	paths := fs.Args()
	// The entity table and the clusterer are rebuilt from the store first.
	r, err := newRunner(e.ctx, st, *workers, *batch, stages())
	if err != nil {
		return err
	}
	var prog *progress
	if !*quiet {
		prog = newProgress(e.stderr, ingest.Size(paths))
	}
	r.OnResult = func(d news.Document, o store.Outcome, err error) {
		if err != nil {
			// Errors are printed as they happen so a long run shows them early.
			prog.clearLine()
			fmt.Fprintf(e.stderr, "error: %v\n", err)
		}
		if prog != nil {
			prog.docs.Add(1)
			if err != nil {
				prog.failed.Add(1)
			}
		}
	}
	opt := ingest.Options{Stdin: e.stdin, MaxDocBytes: *maxDoc}
	if prog != nil {
		opt.OnRead = func(n int64) { prog.read.Add(n) }
	}
	sum, err := r.Run(e.ctx, func(ctx context.Context, emit func(news.Document) error, fail func(error)) error {
		return ingest.Scan(ctx, paths, opt, emit, func(ie *ingest.Error) { fail(ie) })
	})
	if prog != nil {
		prog.finish()
	}
	printSummary(e, sum)
	if err != nil {
		return err
	}
	if sum.Failed > 0 {
		return exitError(1)
	}
	return nil
}

func printSummary(e *env, sum pipeline.Summary) {
	rate := float64(sum.Total()) / max(sum.Elapsed.Seconds(), 1e-9)
	fmt.Fprintf(e.stderr, "%d documents in %.1fs (%.0f/s): %d ingested, %d unchanged, %d revisions, %d failed\n",
		sum.Total(), sum.Elapsed.Seconds(), rate, sum.Inserted, sum.Unchanged, sum.Revised, sum.Failed)
	for _, line := range pipeline.ErrorCounts(sum.Errors) {
		fmt.Fprintf(e.stderr, "  failed: %s\n", line)
	}
}
