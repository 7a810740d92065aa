package cli

import (
	"fmt"
	"log/slog"
	"time"

	"github.com/storyline-news/storyline/internal/ingest"
	"github.com/storyline-news/storyline/internal/news"
	"github.com/storyline-news/storyline/internal/pipeline"
	"github.com/storyline-news/storyline/internal/queue"
)

// queueIngest publishes what ingest reads to the work queue instead of
// storing it: storyline worker stores it. With wait, it waits until the
// placer has passed every document published and prints what the store
// made of them.
func queueIngest(e *env, qf queueFlags, paths []string, opt ingest.Options, quiet, wait bool) error {
	start := time.Now()
	q, err := qf.connect(e.ctx, "ingest", e.stderr, slog.LevelWarn)
	if err != nil {
		return err
	}
	defer q.Close()
	before, _, err := q.ReadState(e.ctx)
	if err != nil {
		return err
	}
	var prog *progress
	if !quiet {
		prog = newProgress(e.stderr, ingest.Size(paths))
		opt.OnRead = func(n int64) { prog.read.Add(n) }
	}
	var published, dups, failed int
	var last uint64
	report := func(err error) {
		failed++
		prog.clearLine()
		fmt.Fprintf(e.stderr, "error: %v\n", err)
		if prog != nil {
			prog.failed.Add(1)
		}
	}
	pub := q.NewPublisher(func(p queue.Published) {
		if prog != nil {
			prog.docs.Add(1)
		}
		switch {
		case p.Err != nil:
			report(p.Err)
		case p.Duplicate:
			dups++
		default:
			published++
		}
		if p.Err == nil {
			last = max(last, p.Seq)
		}
	})
	err = ingest.Scan(e.ctx, paths, opt, func(d news.Document) error { return pub.Publish(e.ctx, d) },
		func(ie *ingest.Error) { report(ie) })
	if ferr := pub.Flush(e.ctx); err == nil {
		err = ferr
	}
	if prog != nil {
		prog.finish()
	}
	fmt.Fprintf(e.stderr, "%d documents published to %s in %.1fs (%d already queued, %d failed)\n",
		published, q.URL, time.Since(start).Seconds(), dups, failed)
	if err != nil {
		return err
	}
	if wait && last > 0 {
		shown := time.Now()
		after, err := q.WaitPlaced(e.ctx, last, func(s queue.State) {
			if !quiet && time.Since(shown) >= 10*time.Second {
				shown = time.Now()
				fmt.Fprintf(e.stderr, "waiting for the workers: placed up to document %d of the queue, waiting for %d\n", min(s.Next-1, last), last)
			}
		})
		if err != nil {
			return fmt.Errorf("waiting for the placer: %w", err)
		}
		// The counts are the placer's since this command began: another
		// ingest placed meanwhile would be counted too. A document the
		// stream already held counts as unchanged, as ingest counts it.
		sum := pipeline.Summary{
			Inserted:  int(after.Inserted - before.Inserted),
			Unchanged: int(after.Unchanged-before.Unchanged) + dups,
			Revised:   int(after.Revised - before.Revised),
			Failed:    int(after.Failed-before.Failed) + failed,
			Elapsed:   time.Since(start),
		}
		printSummary(e, sum)
		if skipped := after.Skipped - before.Skipped; skipped > 0 {
			fmt.Fprintf(e.stderr, "  lost: %d documents left the queue without a result (see the workers' logs)\n", skipped)
			return exitError(1)
		}
		if sum.Failed > 0 {
			return exitError(1)
		}
		return nil
	}
	if failed > 0 {
		return exitError(1)
	}
	return nil
}
