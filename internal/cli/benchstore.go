package cli

import (
	"bufio"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/storyline-news/storyline/internal/cluster"
	clustersynth "github.com/storyline-news/storyline/internal/cluster/synth"
	"github.com/storyline-news/storyline/internal/pipeline"
	"github.com/storyline-news/storyline/internal/store/sqlite"
)

// benchStore fills a store with n synthetic articles and their events and
// storylines (rows as ingest writes them, without running the stages),
// then runs the read commands on it in child processes, as a user would,
// and reports when each printed its first line, when it ended and its peak
// memory.
func benchStore(e *env, n int, keep string) error {
	dir, err := os.MkdirTemp("", "storyline-bench-store")
	if err != nil {
		return err
	}
	defer os.RemoveAll(dir)
	path := filepath.Join(dir, "bench.db")
	if keep != "" {
		path = keep
	}
	if !fileExists(path) {
		start := time.Now()
		if err := fillStore(e.ctx, path, n); err != nil {
			return err
		}
		fmt.Fprintf(e.stderr, "filled %s with %d articles in %s\n", path, n, time.Since(start).Round(time.Second))
	}
	fi, err := os.Stat(path)
	if err != nil {
		return err
	}
	exe, err := os.Executable()
	if err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "store of %d articles, %.0f MiB\n", n, float64(fi.Size())/(1<<20))
	fmt.Fprintf(e.stdout, "%-28s %12s %10s %10s\n", "command", "first line", "total", "peak RSS")
	for _, args := range [][]string{
		{"events", "-n", "50"},
		{"storylines", "-n", "50"},
		{"events", "-n", "0"},
		{"storyline", "1"},
		{"list", "-n", "50"},
	} {
		first, total, rss, err := timeChild(e.ctx, exe, append(args, "--db", path))
		if err != nil {
			return fmt.Errorf("%s: %w", strings.Join(args, " "), err)
		}
		fmt.Fprintf(e.stdout, "%-28s %10.0fms %8.0fms %7.0f MiB\n", strings.Join(args, " "), ms(first), ms(total), rss)
	}
	return nil
}

func ms(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }

// timeChild runs the storyline binary with args and returns when its first
// line of output came, when it ended, and its peak resident memory in MiB.
func timeChild(ctx context.Context, exe string, args []string) (first, total time.Duration, rssMiB float64, err error) {
	cmd := exec.CommandContext(ctx, exe, args...)
	out, err := cmd.StdoutPipe()
	if err != nil {
		return 0, 0, 0, err
	}
	var stderr strings.Builder
	cmd.Stderr = &stderr
	start := time.Now()
	if err := cmd.Start(); err != nil {
		return 0, 0, 0, err
	}
	br := bufio.NewReader(out)
	if _, err := br.ReadString('\n'); err == nil {
		first = time.Since(start)
	}
	io.Copy(io.Discard, br)
	if err := cmd.Wait(); err != nil {
		return 0, 0, 0, fmt.Errorf("%v: %s", err, stderr.String())
	}
	total = time.Since(start)
	if ru, ok := cmd.ProcessState.SysUsage().(*syscall.Rusage); ok {
		rssMiB = float64(ru.Maxrss) / 1024 // KiB on Linux
	}
	return first, total, rssMiB, nil
}

// fillStore writes n articles, one event per three and one storyline per
// four events, with texts of a typical length.
func fillStore(ctx context.Context, path string, n int) error {
	st, err := sqlite.Open(path)
	if err != nil {
		return err
	}
	defer st.Close()
	db := st.DB()
	const perEvent, perStory, chunk = 3, 4, 20000
	para := strings.Repeat("The council met on Tuesday to discuss the budget and the new bridge. ", 12)
	day := func(i int) string {
		return time.Date(2015, 1, 1, 0, 0, 0, 0, time.UTC).AddDate(0, 0, i/(perEvent*300)).Format("2006-01-02")
	}
	now := time.Now().UTC().Format(time.RFC3339)
	for lo := 0; lo < n; lo += chunk {
		tx, err := db.BeginTx(ctx, nil)
		if err != nil {
			return err
		}
		art, err := tx.PrepareContext(ctx, `INSERT INTO articles (id, key, source_id, url, outlet, title, text,
			published, language, content_hash, ingested_at, updated_at, event_id, storyline_id, duplicate_of)
			VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)`)
		if err != nil {
			tx.Rollback()
			return err
		}
		ev, _ := tx.PrepareContext(ctx, `INSERT INTO events (id, title, first_day, last_day, articles, originals,
			storyline_id, outlets, key_terms, key_entities) VALUES (?,?,?,?,?,?,?,?,?,?)`)
		sl, _ := tx.PrepareContext(ctx, `INSERT INTO storylines (id, title, first_day, last_day, articles, events,
			outlets, key_entities) VALUES (?,?,?,?,?,?,?,?)`)
		for i := lo; i < min(lo+chunk, n); i++ {
			id := int64(i + 1)
			evID := int64(i/perEvent + 1)
			slID := (evID-1)/perStory + 1
			h := sha256.Sum256([]byte(strconv.Itoa(i)))
			url := fmt.Sprintf("https://outlet%d.example/news/%d", i%50, i)
			dup := int64(0)
			if i%perEvent == 2 && i%5 == 0 {
				dup = id - 1
			}
			if _, err := art.ExecContext(ctx, id, "url:"+url[8:], strconv.Itoa(i), url, fmt.Sprintf("Outlet %d", i%50),
				fmt.Sprintf("Council debates budget, bridge %d", i), para, day(i), "en", hex.EncodeToString(h[:16]),
				now, now, evID, slID, dup); err != nil {
				tx.Rollback()
				return err
			}
			if i%perEvent == perEvent-1 || i == n-1 {
				if _, err := ev.ExecContext(ctx, evID, fmt.Sprintf("Council debates budget, bridge %d", i), day(i-i%perEvent), day(i),
					i%perEvent+1, i%perEvent+1, slID, `["Outlet 1","Outlet 2"]`, `["council","budget"]`, `["Springfield"]`); err != nil {
					tx.Rollback()
					return err
				}
				if evID%perStory == 0 || i == n-1 {
					first := (slID-1)*perStory + 1
					var evs []string
					for k := first; k <= evID; k++ {
						evs = append(evs, strconv.FormatInt(k, 10))
					}
					if _, err := sl.ExecContext(ctx, slID, "Council debates budget", day(int(first-1)*perEvent), day(i),
						int(evID-first+1)*perEvent, "["+strings.Join(evs, ",")+"]", `["Outlet 1"]`, `["Springfield"]`); err != nil {
						tx.Rollback()
						return err
					}
				}
			}
		}
		if err := tx.Commit(); err != nil {
			return err
		}
	}
	return nil
}

// benchOpen feeds a stream recombined from the texts of sources (package
// cluster/synth) to one clusterer; at each size it saves the clusterer's
// snapshot into a store as ingest does, and reopens it in a child process
// (bench open1), which reports what opening took.
func benchOpen(e *env, sources []string, sizes string, seed uint64) error {
	var ns []int
	for _, s := range strings.Split(sizes, ",") {
		n, err := strconv.Atoi(strings.TrimSpace(s))
		if err != nil || n <= 0 {
			return fmt.Errorf("bad -n %q", s)
		}
		ns = append(ns, n)
	}
	if len(sources) == 1 && strings.HasPrefix(sources[0], "open1=") {
		return benchOpenOne(e, strings.TrimPrefix(sources[0], "open1="))
	}
	docs, err := readDocs(e.ctx, sources)
	if err != nil {
		return err
	}
	var texts []string
	for _, d := range docs {
		texts = append(texts, d.Content)
	}
	g, err := clustersynth.New(texts, seed)
	if err != nil {
		return err
	}
	exe, err := os.Executable()
	if err != nil {
		return err
	}
	dir, err := os.MkdirTemp("", "storyline-bench-open")
	if err != nil {
		return err
	}
	defer os.RemoveAll(dir)
	c := cluster.New(cluster.DefaultConfig())
	fmt.Fprintf(e.stdout, "%10s %12s %10s %10s %10s %10s\n", "articles", "snapshot", "MiB/1k art", "save", "open", "open RSS")
	added := 0
	for _, n := range ns {
		for ; added < n; added++ {
			a := g.Next()
			c.Add(cluster.Doc{ID: a.ID, Title: a.Title, Text: a.Text, Published: a.Published})
		}
		path := filepath.Join(dir, fmt.Sprintf("open-%d.db", n))
		st, err := sqlite.Open(path)
		if err != nil {
			return err
		}
		t0 := time.Now()
		err = st.SaveClusterSnapshot(e.ctx, 0, func(w io.Writer) error { _, err := c.WriteTo(w); return err })
		save := time.Since(t0)
		st.Close()
		if err != nil {
			return err
		}
		cmd := exec.CommandContext(e.ctx, exe, "bench", "open", "-n", "1", "open1="+path)
		var stderr strings.Builder
		cmd.Stderr = &stderr
		out, err := cmd.Output()
		if err != nil {
			return fmt.Errorf("open1: %v: %s", err, stderr.String())
		}
		var bytes int64
		var openMS float64
		fmt.Sscan(string(out), &bytes, &openMS)
		var rss float64
		if ru, ok := cmd.ProcessState.SysUsage().(*syscall.Rusage); ok {
			rss = float64(ru.Maxrss) / 1024
		}
		fmt.Fprintf(e.stdout, "%10d %10.1fMiB %10.2f %8.1fs %8.1fs %7.0f MiB\n", n, float64(bytes)/(1<<20),
			float64(bytes)/(1<<20)/float64(n)*1000, save.Seconds(), openMS/1000, rss)
		os.Remove(path)
	}
	return nil
}

// benchOpenOne opens the clusterer state of the store at path and prints
// the snapshot's size and the milliseconds opening took.
func benchOpenOne(e *env, path string) error {
	st, err := sqlite.Open(path)
	if err != nil {
		return err
	}
	defer st.Close()
	k, err := pipeline.LoadClusters(e.ctx, st)
	if err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "%d %.1f\n", k.Opened.SnapshotBytes, ms(k.Opened.Elapsed))
	return nil
}
