package cli

import (
	"context"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"

	"github.com/storyline-news/storyline/internal/queue"
)

// queueFlags are the flags naming the work queue.
type queueFlags struct {
	url, prefix *string
}

// addQueueFlags adds --queue (env STORYLINE_QUEUE) and --queue-prefix
// (env STORYLINE_QUEUE_PREFIX) to a command's flags.
func addQueueFlags(fs *flag.FlagSet, usage string) queueFlags {
	prefix := os.Getenv("STORYLINE_QUEUE_PREFIX")
	if prefix == "" {
		prefix = queue.DefaultPrefix
	}
	return queueFlags{
		url:    fs.String("queue", os.Getenv("STORYLINE_QUEUE"), usage+" (env STORYLINE_QUEUE)"),
		prefix: fs.String("queue-prefix", prefix, "`name` of the queue's streams and buckets: one per deployment (env STORYLINE_QUEUE_PREFIX)"),
	}
}

// set says whether a queue was named.
func (f queueFlags) set() bool { return *f.url != "" }

// connect connects to the queue, logging at level to w.
func (f queueFlags) connect(ctx context.Context, name string, w io.Writer, level slog.Level) (*queue.Queue, error) {
	log := slog.New(slog.NewTextHandler(w, &slog.HandlerOptions{Level: level}))
	host, _ := os.Hostname()
	q, err := queue.Connect(ctx, *f.url, queue.Options{Prefix: *f.prefix, Name: fmt.Sprintf("storyline %s %s[%d]", name, host, os.Getpid()), Log: log})
	if err != nil {
		return nil, err
	}
	return q, nil
}
