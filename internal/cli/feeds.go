package cli

import (
	"errors"
	"fmt"
	"os"
	"strconv"
	"text/tabwriter"
	"time"

	"github.com/storyline-news/storyline/internal/feeds"
	"github.com/storyline-news/storyline/internal/store"
)

func init() {
	register("feeds", "add, list, remove, import or export the feeds storyline follow polls", runFeeds)
}

const feedsAbout = `Manages the subscriptions that storyline follow (and storyline serve) poll.

  feeds add URL        subscribes to an RSS 2.0/1.0, Atom or JSON feed, or a
                       news sitemap or sitemap index (told apart by content at
                       the first poll); the URL is checked now, fetched later
  feeds list           each feed with its last poll, last new item, items
                       stored and queued, errors and last error, next poll
  feeds remove ID      unsubscribes; the articles stored from it stay
  feeds import FILE    subscribes to every feed of an OPML file ("-" reads
                       standard input), as feed readers export them
  feeds export         writes the subscriptions as OPML to standard output`

func runFeeds(e *env, args []string) error {
	fs := flags(e, "feeds", "add URL | list | remove ID | import FILE | export [flags]", feedsAbout)
	db := dbFlag(fs)
	every := fs.Duration("every", feeds.DefaultEvery, "add, import: how often to poll (at least 1m; the feed's ttl and Cache-Control can only lengthen it)")
	title := fs.String("title", "", "add: a name for the feed (else the feed's own title)")
	private := fs.Bool("allow-private", false, "add, import: the feed and its pages may be on loopback or private addresses (an intranet, a test server); others are refused")
	if err := parse(fs, args); err != nil {
		return err
	}
	sub, rest, err := subcommand(fs, []sub{{"add", 1, "feed URL"}, {"list", 0, ""}, {"remove", 1, "feed id"},
		{"import", 1, "OPML file"}, {"export", 0, ""}})
	if err != nil {
		return err
	}
	if *every < feeds.MinEvery {
		return usageErrorf("--every %s is too often: at least %s", *every, feeds.MinEvery)
	}
	var st store.Full
	switch sub {
	case "add", "import":
		st, err = openStore(e.ctx, *db) // subscribing may come before any article
	case "list", "export":
		st, err = openReadOnly(e.ctx, *db)
	default:
		st, err = openExisting(e.ctx, *db)
	}
	if err != nil {
		return err
	}
	defer st.Close()
	switch sub {
	case "add":
		u, err := feeds.SubscriptionURL(rest[0])
		if err != nil {
			return err
		}
		f, err := st.AddFeed(e.ctx, store.Feed{URL: u, Title: *title, Every: *every, AllowPrivate: *private, Created: time.Now()})
		if errors.Is(err, store.ErrExists) {
			return fmt.Errorf("already subscribed to %s", u)
		}
		if err != nil {
			return err
		}
		fmt.Fprintf(e.stdout, "feed %d: %s, every %s\n", f.ID, f.URL, f.Every)
		if f.AllowPrivate {
			fmt.Fprintln(e.stdout, "private addresses allowed for this feed")
		}
		return nil
	case "list":
		return listFeeds(e, st)
	case "remove":
		id, err := strconv.ParseInt(rest[0], 10, 64)
		if err != nil || id <= 0 {
			return usageErrorf("remove: %q is not a feed id (see storyline feeds list)", rest[0])
		}
		if err := st.RemoveFeed(e.ctx, id); errors.Is(err, store.ErrNotFound) {
			return fmt.Errorf("no feed %d", id)
		} else if err != nil {
			return err
		}
		fmt.Fprintf(e.stdout, "feed %d removed\n", id)
		return nil
	case "import":
		return importOPML(e, st, rest[0], *every, *private)
	}
	all, err := st.Feeds(e.ctx)
	if err != nil {
		return err
	}
	subs := make([]feeds.Subscription, len(all))
	for i, f := range all {
		subs[i] = feeds.Subscription{URL: f.URL, Title: f.Title}
	}
	return feeds.WriteOPML(e.stdout, "Storyline subscriptions", subs)
}

func importOPML(e *env, st store.Full, path string, every time.Duration, private bool) error {
	in := e.stdin
	if path != "-" {
		f, err := os.Open(path)
		if err != nil {
			return err
		}
		defer f.Close()
		in = f
	}
	subs, err := feeds.ReadOPML(in)
	if err != nil {
		return fmt.Errorf("%s: %w", path, err)
	}
	added, known, bad := 0, 0, 0
	for _, s := range subs {
		u, err := feeds.SubscriptionURL(s.URL)
		if err != nil {
			bad++
			fmt.Fprintf(e.stderr, "%s: %v\n", path, err)
			continue
		}
		_, err = st.AddFeed(e.ctx, store.Feed{URL: u, Title: s.Title, Every: every, AllowPrivate: private, Created: time.Now()})
		switch {
		case errors.Is(err, store.ErrExists):
			known++
		case err != nil:
			return err
		default:
			added++
		}
	}
	fmt.Fprintf(e.stdout, "%s: %d feeds added, %d already subscribed, %d refused\n", path, added, known, bad)
	return nil
}

func listFeeds(e *env, st store.Full) error {
	all, err := st.Feeds(e.ctx)
	if err != nil {
		return err
	}
	if len(all) == 0 {
		fmt.Fprintln(e.stdout, "no feeds (storyline feeds add URL subscribes to one)")
		return nil
	}
	tw := tabwriter.NewWriter(e.stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "ID\tURL\tEVERY\tLAST POLL\tLAST NEW\tSTORED\tQUEUED\tERRORS\tNEXT POLL\tLAST ERROR")
	for _, f := range all {
		lastErr := "-"
		if f.Failures > 0 || f.LastError != "" {
			lastErr = clip(oneLine(f.LastError), 80)
		}
		fmt.Fprintf(tw, "%d\t%s\t%s\t%s\t%s\t%d\t%d\t%d\t%s\t%s\n", f.ID, f.URL, f.Every, when(f.LastPoll),
			when(f.LastNew), f.Stored, f.Open, f.Errors, when(f.NextPoll), lastErr)
	}
	return tw.Flush()
}

func when(t time.Time) string {
	if t.IsZero() {
		return "never"
	}
	return t.Local().Format("2006-01-02 15:04:05")
}
