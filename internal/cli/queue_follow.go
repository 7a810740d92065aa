package cli

import (
	"context"
	"fmt"
	"log/slog"
	"time"

	"github.com/storyline-news/storyline/internal/news"
	"github.com/storyline-news/storyline/internal/pipeline"
	"github.com/storyline-news/storyline/internal/queue"
	"github.com/storyline-news/storyline/internal/store"
)

// publishedOutcome is what the follower's poller hears of a document
// published to the queue: neither stored nor failed (its counts leave it
// out).
const publishedOutcome store.Outcome = -1

// followRequeue is how long a published item waits before it is fetched
// again if no worker stored it (storing it marks it stored).
const followRequeue = 30 * time.Minute

// publishFollowed makes f publish the documents it fetches to the work
// queue for storyline worker instead of storing them. The returned func
// closes the connection.
func publishFollowed(e *env, f *follower, st store.Following, qf queueFlags) (func(), error) {
	q, err := qf.connect(e.ctx, "follow", e.stderr, slog.LevelWarn)
	if err != nil {
		return nil, err
	}
	f.poll.Ingest = func(ctx context.Context, src pipeline.Source, onResult func(news.Document, store.Outcome, error)) (pipeline.Summary, error) {
		var sum pipeline.Summary
		start := time.Now()
		n := 0
		pub := q.NewPublisher(func(p queue.Published) {
			if p.Err != nil {
				sum.Failed++
				sum.Errors = append(sum.Errors, p.Err)
				onResult(p.Doc, 0, p.Err)
				return
			}
			n++
			if p.Doc.FeedItem != 0 {
				// Not stored yet: its next try is pushed past the time the
				// workers need, so that it is not fetched again at once.
				if err := st.ItemFailed(ctx, p.Doc.FeedItem, "published to the queue", time.Now().Add(followRequeue), false); err != nil {
					fmt.Fprintf(e.stderr, "follow: %v\n", err)
				}
			}
			onResult(p.Doc, publishedOutcome, nil)
		})
		err := src(ctx, func(d news.Document) error { return pub.Publish(ctx, d) }, func(err error) {
			sum.Failed++
			sum.Errors = append(sum.Errors, err)
			onResult(news.Document{}, 0, err)
		})
		if ferr := pub.Flush(ctx); err == nil {
			err = ferr
		}
		sum.Elapsed = time.Since(start)
		if n > 0 {
			fmt.Fprintf(e.stdout, "%s published %d documents to %s\n", time.Now().Format("15:04:05"), n, q.URL)
		}
		return sum, err
	}
	return q.Close, nil
}
