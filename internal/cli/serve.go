package cli

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/storyline-news/storyline/internal/api"
	"github.com/storyline-news/storyline/internal/ingest"
	"github.com/storyline-news/storyline/internal/news"
	"github.com/storyline-news/storyline/internal/pipeline"
	"github.com/storyline-news/storyline/internal/store"
	"github.com/storyline-news/storyline/internal/store/postgres"
	"github.com/storyline-news/storyline/internal/store/sqlite"
	"github.com/storyline-news/storyline/internal/web"
)

func init() {
	register("serve", "serve the storylines as web pages (read-only); --demo serves the sample", runServe)
}

// The server's limits: a slow or idle client cannot hold a connection.
const (
	serveReadHeaderTimeout = 5 * time.Second
	serveReadTimeout       = 10 * time.Second
	serveWriteTimeout      = 30 * time.Second
	serveIdleTimeout       = 60 * time.Second
	serveMaxHeaderBytes    = 16 << 10
	serveShutdownTimeout   = 10 * time.Second
	serveUploadTimeout     = 5 * time.Minute
)

func runServe(e *env, args []string) error {
	fs := flags(e, "serve", "[flags]", `Serves the store as web pages: storylines, their events and timelines, who
said what, figures compared, articles, entities, outlets and search. The
store is opened read-only (read-write with --uploads, for the JSON API's
uploads); a PostgreSQL database (--db postgres://...) is served through one
pool for reads and writes. With --demo, the sample built into the binary is ingested into a
temporary store, removed on exit. The JSON API is served under /api/v1/.
Stop with Ctrl-C: requests under way finish first.`)
	addr := fs.String("addr", "127.0.0.1:8080", "`address` to listen on")
	db := dbFlag(fs)
	demo := fs.Bool("demo", false, "serve the sample built into the binary, from a temporary store")
	uploads := fs.Bool("uploads", false, "take writes with a token (storyline token create): documents at POST /api/v1/documents, and feeds and watchlists on their pages; opens the store read-write")
	auth := fs.String("auth", "none", "`reads` of the JSON API: none (open to all) or read (a bearer token from 'storyline token create')")
	follow := fs.Bool("follow", true, "poll the store's feeds in the background (storyline feeds add), as storyline follow does; opens the store read-write when it has feeds")
	base := fs.String("base-url", "", "the server's public `URL`, for links in watchlist feeds and webhooks (default: http:// and the address listened on)")
	fetchOpts := fetchFlags(fs)
	if err := parse(fs, args); err != nil {
		return err
	}
	if err := noArgs(fs); err != nil {
		return err
	}
	if *auth != "none" && *auth != "read" {
		return usageErrorf("--auth is none or read, not %q", *auth)
	}
	var st store.Store
	var pg store.Full // the PostgreSQL store, which serves reads and writes alike
	if *demo {
		tmp, err := os.MkdirTemp("", "storyline-serve")
		if err != nil {
			return err
		}
		defer os.RemoveAll(tmp)
		s, err := demoStore(e, tmp)
		if err != nil {
			return err
		}
		defer s.Close()
		st = s
	} else if postgres.IsURL(*db) {
		s, err := openStore(e.ctx, *db)
		if err != nil {
			return err
		}
		defer s.Close()
		st, pg = s, s
	} else {
		if err := mustExist(*db); err != nil {
			return err
		}
		s, err := sqlite.OpenForServing(*db)
		if err != nil {
			return err
		}
		defer s.Close()
		st = s
	}
	log := slog.New(slog.NewTextHandler(e.stderr, nil))
	// Uploads and polling write through one pipeline.Writer on a second,
	// writable handle: the pages keep their read-only one.
	var writer *pipeline.Writer
	var ws store.Full
	if !*demo && (*uploads || *follow && hasFeeds(e, st)) {
		s := pg
		if s == nil {
			var err error
			if s, err = openExisting(e.ctx, *db); err != nil {
				return err
			}
			defer s.Close()
		}
		ws, writer = s, pipeline.NewWriter(s, pipeline.All)
		defer writer.Close(context.WithoutCancel(e.ctx))
	}
	// Unless --uploads, the API serves reads and refuses uploads; the
	// pages only ever read.
	apiOpts := api.Options{Logger: log, RequireReadToken: *auth == "read"}
	if t, ok := st.(api.Tokens); ok {
		apiOpts.Tokens = t
	}
	if *uploads {
		apiOpts.Ingest = api.WriterIngester(writer)
	}
	webOpts := web.Options{Log: log, API: api.New(st, apiOpts), BaseURL: strings.TrimSuffix(*base, "/")}
	if ws != nil && *uploads {
		webOpts.Writes = &web.Writes{Store: ws, CheckToken: func(ctx context.Context, token string) (string, error) {
			return ws.CheckToken(ctx, api.HashToken(token))
		}}
	}
	h, err := web.New(st, webOpts)
	if err != nil {
		return err
	}
	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		return err
	}
	srv := &http.Server{
		Handler:           h,
		ReadHeaderTimeout: serveReadHeaderTimeout,
		ReadTimeout:       serveReadTimeout,
		WriteTimeout:      serveWriteTimeout,
		IdleTimeout:       serveIdleTimeout,
		MaxHeaderBytes:    serveMaxHeaderBytes,
		ErrorLog:          slog.NewLogLogger(slog.NewTextHandler(e.stderr, nil), slog.LevelWarn),
	}
	if *uploads {
		// An upload's body takes longer to arrive, and its documents to
		// ingest, than any page.
		srv.ReadTimeout, srv.WriteTimeout = serveUploadTimeout, serveUploadTimeout
	}
	fmt.Fprintf(e.stdout, "Serving on http://%s/ (Ctrl-C stops)\n", ln.Addr())
	if ws != nil && *follow {
		b := *base
		if b == "" {
			b = "http://" + ln.Addr().String()
		}
		f := newFollower(ws, writer, fetchOpts(), b, log)
		fmt.Fprintln(e.stdout, "Following the store's feeds in the background")
		go f.loop(e, followCheck)
	}
	done := make(chan error, 1)
	go func() { done <- srv.Serve(ln) }()
	select {
	case err := <-done:
		return err
	case <-e.ctx.Done():
	}
	ctx, cancel := context.WithTimeout(context.Background(), serveShutdownTimeout)
	defer cancel()
	if err := srv.Shutdown(ctx); err != nil {
		return fmt.Errorf("shutdown: %w", err)
	}
	if err := <-done; !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	return nil
}

// demoStore ingests the embedded sample into a new store under tmp.
func demoStore(e *env, tmp string) (store.Store, error) {
	dir, err := writeSample(tmp)
	if err != nil {
		return nil, err
	}
	st, err := sqlite.Open(filepath.Join(tmp, "demo.db"))
	if err != nil {
		return nil, err
	}
	r, err := newRunner(e.ctx, st, 0, 0, pipeline.All)
	if err == nil {
		var sum pipeline.Summary
		sum, err = r.Run(e.ctx, func(ctx context.Context, emit func(news.Document) error, fail func(error)) error {
			return ingest.Scan(ctx, []string{dir}, ingest.Options{}, emit, func(ie *ingest.Error) { fail(ie) })
		})
		if err == nil && sum.Failed > 0 {
			err = fmt.Errorf("sample: %d of %d articles failed", sum.Failed, sum.Total())
		}
	}
	if err != nil {
		st.Close()
		return nil, err
	}
	return st, nil
}

// hasFeeds reports whether the store has subscriptions to poll.
func hasFeeds(e *env, st store.Store) bool {
	f, ok := st.(store.Following)
	if !ok {
		return false
	}
	all, err := f.Feeds(e.ctx)
	return err == nil && len(all) > 0
}
