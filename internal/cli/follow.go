package cli

import (
	"context"
	"flag"
	"fmt"
	"log/slog"
	"strings"
	"time"

	"github.com/storyline-news/storyline/internal/feeds"
	"github.com/storyline-news/storyline/internal/fetch"
	"github.com/storyline-news/storyline/internal/pipeline"
	"github.com/storyline-news/storyline/internal/store"
)

func init() {
	register("follow", "poll the subscribed feeds, fetch and store their articles, alert watchlists", runFollow)
}

const followAbout = `Polls the feeds added with storyline feeds add, until stopped (Ctrl-C), or
once with --once (for cron). Each poll is a conditional GET; a feed's
ttl and Cache-Control max-age lengthen its interval, failures back off
exponentially with jitter, and 429/503 Retry-After is honoured. An item
that carries only a summary has its page fetched (robots.txt honoured, one
connection per host, a pause between requests to one host) and extracted
like any ingested HTML, the feed's title, date and authors kept as
evidence. New and changed items are stored through the same pipeline as
storyline ingest; an item that fails is retried later, never stored empty.
Addresses that resolve to loopback, private, link-local, multicast or
unspecified addresses are refused unless --allow-private. Watchlists
(storyline watch) are matched after each pass and their webhooks sent.`

// fetchFlags adds the flags of the polite HTTP client.
func fetchFlags(fs *flag.FlagSet) func() fetch.Options {
	contact := fs.String("contact", "", "contact `URL` or address sent in the User-Agent, so that site owners can reach you")
	allow := fs.Bool("allow-private", false, "allow feeds, pages and webhooks on loopback and private addresses")
	delay := fs.Duration("host-delay", time.Second, "least time between two requests to one host")
	timeout := fs.Duration("timeout", 30*time.Second, "time allowed for one request, body included")
	maxBody := fs.Int64("max-body", 16<<20, "largest response body in `bytes`")
	return func() fetch.Options {
		return fetch.Options{Contact: *contact, AllowPrivate: *allow, HostDelay: *delay, Timeout: *timeout, MaxBody: *maxBody}
	}
}

func runFollow(e *env, args []string) error {
	fs := flags(e, "follow", "[flags]", followAbout)
	db := dbFlag(fs)
	once := fs.Bool("once", false, "poll each feed once, store what is new, send alerts, and exit")
	base := fs.String("base-url", "http://127.0.0.1:8080", "the address storyline serve answers on, for the links in webhook payloads")
	every := fs.Duration("check", followCheck, "how often to look for feeds, items and deliveries that are due")
	opts := fetchFlags(fs)
	qf := addQueueFlags(fs, "publish fetched documents to the work queue at this NATS `URL` for storyline worker to store")
	if err := parse(fs, args); err != nil {
		return err
	}
	if err := noArgs(fs); err != nil {
		return err
	}
	st, err := openExisting(e.ctx, *db)
	if err != nil {
		return err
	}
	defer st.Close()
	log := slog.New(slog.NewTextHandler(e.stderr, &slog.HandlerOptions{Level: slog.LevelWarn}))
	w := pipeline.NewWriter(st, pipeline.All)
	defer w.Close(context.WithoutCancel(e.ctx))
	f := newFollower(st, w, opts(), *base, log)
	if qf.set() {
		closeQueue, err := publishFollowed(e, f, st, qf)
		if err != nil {
			return err
		}
		defer closeQueue()
	}
	if *once {
		return f.pass(e, true)
	}
	fmt.Fprintf(e.stdout, "following %s (Ctrl-C stops)\n", dbName(*db))
	return f.loop(e, *every)
}

// followCheck is how often a follower looks for work that is due.
const followCheck = 5 * time.Second

// loop runs passes every check until the context ends. A failed pass (the
// store busy, a full disk) is reported and tried again at the next check:
// everything it did not finish is still queued in the store.
func (f *follower) loop(e *env, check time.Duration) error {
	t := time.NewTicker(check)
	defer t.Stop()
	for {
		if err := f.pass(e, false); err != nil && e.ctx.Err() == nil {
			fmt.Fprintf(e.stderr, "follow: %v (trying again in %s)\n", err, check)
		}
		select {
		case <-e.ctx.Done():
			return nil
		case <-t.C:
		}
	}
}

// follower is one process's poller and alerts over a store.
type follower struct {
	poll   *feeds.Poller
	alerts *feeds.Alerts
}

func newFollower(st store.Full, w *pipeline.Writer, opt fetch.Options, base string, log *slog.Logger) *follower {
	client := fetch.New(opt)
	opt.AllowPrivate = true
	return &follower{
		poll:   &feeds.Poller{Store: st, Client: client, Private: fetch.New(opt), Ingest: w.Run, Log: log},
		alerts: &feeds.Alerts{Store: st, Client: client, Base: strings.TrimSuffix(base, "/")},
	}
}

// run polls what is due (every feed when all), stores the queue, and
// sends the alerts.
func (f *follower) run(ctx context.Context, all bool) (feeds.Stats, feeds.AlertStats, error) {
	var st feeds.Stats
	var err error
	if all {
		st, err = f.poll.PollAll(ctx)
	} else {
		st, err = f.poll.PollDue(ctx)
	}
	if err != nil {
		return st, feeds.AlertStats{}, err
	}
	d, err := f.poll.Drain(ctx)
	st.Add(d)
	if err != nil {
		return st, feeds.AlertStats{}, err
	}
	a, err := f.alerts.Run(ctx)
	return st, a, err
}

// pass runs once and reports what it did (always with --once, else only
// when something happened).
func (f *follower) pass(e *env, once bool) error {
	st, a, err := f.run(e.ctx, once)
	if once || st.Polled > 0 || st.Inserted+st.Revised+st.Failed > 0 || a.Hits+a.Delivered+a.Failed > 0 {
		fmt.Fprintf(e.stdout, "%s polled %d feeds (%d not modified, %d failed): %d new and %d changed items; "+
			"%d pages fetched (%d failed); stored %d new, %d revised, %d unchanged; %d items not stored (%d given up); "+
			"%d watchlist hits, %d webhooks sent (%d failed)\n",
			time.Now().Format("15:04:05"), st.Polled, st.NotModified, st.PollErrors, st.NewItems, st.ChangedItems,
			st.Fetched, st.FetchErrors, st.Inserted, st.Revised, st.Unchanged, st.Failed, st.GaveUp,
			a.Hits, a.Delivered, a.Failed+a.GaveUp)
	}
	return err
}
