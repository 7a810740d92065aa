package cli

import (
	"errors"
	"fmt"
	"strconv"
	"text/tabwriter"

	"github.com/storyline-news/storyline/internal/store"
	"github.com/storyline-news/storyline/internal/watch"
)

func init() {
	register("watch", "add, list or remove watchlists: alerts on new articles and quotations", runWatch)
}

const watchAbout = `Manages watchlists. A watchlist follows a full-text query, an entity (by
name or id) or a storyline; the articles stored after it is made that match
(and, for an entity or a storyline, its quotations) become hits, listed in
an Atom feed at /watchlists/ID.atom of storyline serve and, with
--webhook, POSTed as JSON signed with HMAC-SHA256 (header
X-Storyline-Signature: "t=UNIX,v1=HEX" over "UNIX.BODY", with the secret
printed by watch add), retried with backoff. storyline follow matches and
delivers after each pass.

  watch add --query "…" | --entity NAME | --storyline ID [--webhook URL] [--name NAME]
  watch list              each watchlist with its criterion, hits and webhook
  watch remove ID`

func runWatch(e *env, args []string) error {
	fs := flags(e, "watch", "add … | list | remove ID [flags]", watchAbout)
	db := dbFlag(fs)
	query := fs.String("query", "", "add: full-text query (words, \"phrases\", prefix*)")
	entity := fs.String("entity", "", "add: an entity's name or id")
	storyline := fs.Int64("storyline", 0, "add: a storyline id")
	webhook := fs.String("webhook", "", "add: `URL` to POST new hits to")
	name := fs.String("name", "", "add: a label")
	if err := parse(fs, args); err != nil {
		return err
	}
	sub, rest, err := subcommand(fs, []sub{{"add", 0, ""}, {"list", 0, ""}, {"remove", 1, "watchlist id"}})
	if err != nil {
		return err
	}
	switch sub {
	case "add":
		st, err := openStore(e.ctx, *db)
		if err != nil {
			return err
		}
		defer st.Close()
		secret, err := watch.NewSecret()
		if err != nil {
			return err
		}
		w := watch.Watchlist{Name: *name, Query: *query, Entity: *entity, Storyline: *storyline, Webhook: *webhook, Secret: secret}
		if err := w.Validate(); err != nil {
			return usageErrorf("add: %v", err)
		}
		w, err = st.AddWatch(e.ctx, w)
		if err != nil {
			return err
		}
		fmt.Fprintf(e.stdout, "watchlist %d: %s; feed at /watchlists/%d.atom\n", w.ID, w.Describe(), w.ID)
		if w.Webhook != "" {
			fmt.Fprintf(e.stdout, "webhook secret (check X-Storyline-Signature with it): %s\n", w.Secret)
		}
		return nil
	case "list":
		st, err := openReadOnly(e.ctx, *db)
		if err != nil {
			return err
		}
		defer st.Close()
		ws, err := st.Watchlists(e.ctx)
		if err != nil {
			return err
		}
		if len(ws) == 0 {
			fmt.Fprintln(e.stdout, "no watchlists (storyline watch add --query … makes one)")
			return nil
		}
		tw := tabwriter.NewWriter(e.stdout, 0, 4, 2, ' ', 0)
		fmt.Fprintln(tw, "ID\tNAME\tWATCHES\tLATEST HIT\tWEBHOOK\tLAST DELIVERY")
		for _, w := range ws {
			hits, err := st.Hits(e.ctx, w.ID, 1)
			if err != nil {
				return err
			}
			latest := "none yet"
			if len(hits) > 0 {
				latest = when(hits[0].Found)
			}
			hook, last := "-", "-"
			if w.Webhook != "" {
				hook = w.Webhook
				ds, err := st.Deliveries(e.ctx, w.ID, 1)
				if err != nil {
					return err
				}
				if len(ds) > 0 {
					last = fmt.Sprintf("%s (%d attempts)", ds[0].State, ds[0].Attempts)
					if ds[0].LastError != "" {
						last += ": " + clip(oneLine(ds[0].LastError), 60)
					}
				}
			}
			fmt.Fprintf(tw, "%d\t%s\t%s\t%s\t%s\t%s\n", w.ID, orDash(w.Name), w.Describe(), latest, hook, last)
		}
		return tw.Flush()
	}
	id, err := strconv.ParseInt(rest[0], 10, 64)
	if err != nil || id <= 0 {
		return usageErrorf("remove: %q is not a watchlist id (see storyline watch list)", rest[0])
	}
	st, err := openExisting(e.ctx, *db)
	if err != nil {
		return err
	}
	defer st.Close()
	if err := st.RemoveWatch(e.ctx, id); errors.Is(err, store.ErrNotFound) {
		return fmt.Errorf("no watchlist %d", id)
	} else if err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "watchlist %d removed\n", id)
	return nil
}
