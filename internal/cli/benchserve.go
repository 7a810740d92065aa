package cli

import (
	"bufio"
	"context"

	"fmt"
	"io"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"slices"
	"sort"
	"strings"
	"sync"
	"sync/atomic"
	"time"
	"unicode"

	"github.com/storyline-news/storyline/internal/store/sqlite"
	"github.com/storyline-news/storyline/internal/synth"
)

// benchPool loads the texts to recombine: sources when given, else the
// sample built into the binary.
func benchPool(ctx context.Context, sources []string) (*synth.Pool, error) {
	if len(sources) > 0 {
		return loadPool(ctx, sources)
	}
	tmp, err := os.MkdirTemp("", "storyline-bench-pool")
	if err != nil {
		return nil, err
	}
	defer os.RemoveAll(tmp)
	dir, err := writeSample(tmp)
	if err != nil {
		return nil, err
	}
	return loadPool(ctx, []string{dir})
}

// benchStorePath returns the store a bench runs on, filled with n articles
// recombined from sources unless it exists: keep, or else a file in a
// temporary directory (named after pattern) that cleanup removes.
func benchStorePath(e *env, pattern string, n int, keep string, sources []string, seed uint64) (path string, pool *synth.Pool, cleanup func(), err error) {
	dir, err := os.MkdirTemp("", pattern)
	if err != nil {
		return "", nil, nil, err
	}
	cleanup = func() { os.RemoveAll(dir) }
	path = filepath.Join(dir, "bench.db")
	if keep != "" {
		path = keep
	}
	if pool, err = benchPool(e.ctx, sources); err == nil {
		err = ensureStore(e, path, n, pool, seed)
	}
	if err != nil {
		cleanup()
		return "", nil, nil, err
	}
	return path, pool, cleanup, nil
}

// ensureStore fills the store at path unless it exists; the fill goes to a
// side file renamed at the end, so that an interrupted fill is not taken
// for a store next time.
func ensureStore(e *env, path string, n int, pool *synth.Pool, seed uint64) error {
	if fileExists(path) {
		return nil
	}
	part := path + ".part"
	for _, p := range []string{part, part + "-wal", part + "-shm"} {
		os.Remove(p)
	}
	start := time.Now()
	if err := fillStore(e.ctx, part, n, pool, seed); err != nil {
		return err
	}
	if err := os.Rename(part, path); err != nil {
		return err
	}
	fmt.Fprintf(e.stderr, "filled %s with %d articles in %s\n", path, n, time.Since(start).Round(time.Second))
	return nil
}

// benchTarget is one kind of request of the load.
type benchTarget struct {
	name, path string
}

// benchServe fills (or reuses) a store of n articles, starts `storyline
// serve` on it in a child process, as a user would, and runs a closed-loop
// load on loopback: clients goroutines, each sending the next request of
// the fixed list as soon as the last one is answered, for d. It reports
// per kind of request the latency percentiles, requests per second and
// errors, and the server's peak resident memory.
func benchServe(e *env, n int, keep string, sources []string, seed uint64, clients int, d time.Duration) error {
	path, pool, cleanup, err := benchStorePath(e, "storyline-bench-serve", n, keep, sources, seed)
	if err != nil {
		return err
	}
	defer cleanup()
	targets, err := serveTargets(e.ctx, path, pool, seed)
	if err != nil {
		return err
	}
	fi, err := os.Stat(path)
	if err != nil {
		return err
	}
	exe, err := os.Executable()
	if err != nil {
		return err
	}
	cmd := exec.CommandContext(e.ctx, exe, "serve", "--db", path, "--addr", "127.0.0.1:0")
	out, err := cmd.StdoutPipe()
	if err != nil {
		return err
	}
	var stderr strings.Builder
	cmd.Stderr = &stderr
	if err := cmd.Start(); err != nil {
		return err
	}
	stopped := false
	stop := func() (float64, error) {
		stopped = true
		cmd.Process.Signal(os.Interrupt)
		err := cmd.Wait()
		return childRSSMB(cmd.ProcessState), err
	}
	defer func() {
		if !stopped {
			stop()
		}
	}()
	line, err := bufio.NewReader(out).ReadString('\n')
	if err != nil {
		return fmt.Errorf("serve: %v: %s", err, stderr.String())
	}
	go io.Copy(io.Discard, out)
	base, _, ok := strings.Cut(strings.TrimPrefix(line, "Serving on "), " ")
	if !ok || !strings.HasPrefix(base, "http://") {
		return fmt.Errorf("serve printed %q", line)
	}
	base = strings.TrimSuffix(base, "/")
	client := &http.Client{Timeout: time.Minute, Transport: &http.Transport{MaxIdleConnsPerHost: clients}}

	fmt.Fprintf(e.stdout, "store of %d articles, %.0f MiB; %s; %d CPUs (GOMAXPROCS %d), shared with other jobs\n",
		n, float64(fi.Size())/(1<<20), base, runtime.NumCPU(), runtime.GOMAXPROCS(0))
	// Alone: each kind in turn with one client, the first request (cold
	// caches of the server process) apart.
	alone := make([]benchStats, len(targets))
	for i, t := range targets {
		deadline := time.Now().Add(3 * time.Second)
		for k := 0; k < 11 && (k < 2 || time.Now().Before(deadline)); k++ {
			lat, bytes, err := benchGet(client, base+t.path)
			if k == 0 {
				alone[i].first = lat
			} else {
				alone[i].add(lat, bytes, err)
			}
		}
	}
	// Under load.
	loaded := make([]benchStats, len(targets))
	var mu sync.Mutex
	var next atomic.Int64 // the clients take the kinds in turn
	var wg sync.WaitGroup
	start := time.Now()
	end := start.Add(d)
	for c := 0; c < clients; c++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			local := make([]benchStats, len(targets))
			for time.Now().Before(end) {
				i := int(next.Add(1)-1) % len(targets)
				lat, bytes, err := benchGet(client, base+targets[i].path)
				local[i].add(lat, bytes, err)
			}
			mu.Lock()
			for i := range local {
				loaded[i].merge(&local[i])
			}
			mu.Unlock()
		}()
	}
	wg.Wait()
	elapsed := time.Since(start)
	rss, err := stop()
	if err != nil {
		return fmt.Errorf("serve: %v: %s", err, stderr.String())
	}
	fmt.Fprintf(e.stdout, "\nalone: one client, up to 10 requests of each kind after a first (cold) one\n")
	fmt.Fprintf(e.stdout, "under load: %d clients for %s, each sending the next kind of the list in turn\n\n", clients, d)
	fmt.Fprintf(e.stdout, "| request | first | alone p50 | load p50 | p95 | p99 | req/s | errors | KiB |\n")
	fmt.Fprintf(e.stdout, "|---|---:|---:|---:|---:|---:|---:|---:|---:|\n")
	var total, errs int
	for i, t := range targets {
		a, l := &alone[i], &loaded[i]
		total += len(l.lat)
		errs += l.errs + a.errs
		fmt.Fprintf(e.stdout, "| %s | %.1f | %.1f | %.1f | %.1f | %.1f | %.1f | %d | %.0f |\n", t.name, ms(a.first), a.pct(50),
			l.pct(50), l.pct(95), l.pct(99), float64(len(l.lat))/elapsed.Seconds(), l.errs+a.errs, l.meanKiB())
	}
	fmt.Fprintf(e.stdout, "\n%d requests in %s: %.1f req/s; %d errors; serve peak RSS %.0f MiB\n",
		total, elapsed.Round(time.Millisecond), float64(total)/elapsed.Seconds(), errs, rss)
	for i, t := range targets {
		if s := alone[i].firstErr + loaded[i].firstErr; s != "" {
			fmt.Fprintf(e.stdout, "%s: %s\n", t.name, s)
		}
	}
	fmt.Fprintln(e.stdout, "\nrequests:")
	for _, t := range targets {
		fmt.Fprintf(e.stdout, "  %-24s %s\n", t.name, t.path)
	}
	return nil
}

// benchGet sends one GET and reads the whole answer; anything but 200 is
// an error.
func benchGet(c *http.Client, u string) (time.Duration, int, error) {
	t0 := time.Now()
	resp, err := c.Get(u)
	if err != nil {
		return time.Since(t0), 0, err
	}
	n, err := io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	lat := time.Since(t0)
	if err == nil && resp.StatusCode != http.StatusOK {
		err = fmt.Errorf("status %d", resp.StatusCode)
	}
	return lat, int(n), err
}

type benchStats struct {
	first    time.Duration
	lat      []time.Duration
	bytes    int
	errs     int
	firstErr string
}

func (s *benchStats) add(lat time.Duration, bytes int, err error) {
	if err != nil {
		s.errs++
		if s.firstErr == "" {
			s.firstErr = err.Error()
		}
		return
	}
	s.lat = append(s.lat, lat)
	s.bytes += bytes
}

func (s *benchStats) merge(o *benchStats) {
	s.lat = append(s.lat, o.lat...)
	s.bytes += o.bytes
	s.errs += o.errs
	if s.firstErr == "" {
		s.firstErr = o.firstErr
	}
}

// pct is the p-th percentile latency in milliseconds (nearest rank).
func (s *benchStats) pct(p float64) float64 {
	if len(s.lat) == 0 {
		return 0
	}
	slices.Sort(s.lat)
	i := int(float64(len(s.lat))*p/100+0.999999) - 1
	return ms(s.lat[max(0, min(i, len(s.lat)-1))])
}

func (s *benchStats) meanKiB() float64 {
	if len(s.lat) == 0 {
		return 0
	}
	return float64(s.bytes) / float64(len(s.lat)) / 1024
}

// serveTargets builds the fixed list of requests from what the store at
// path holds: its largest and a small storyline, an article, an event, the
// most and a less named entity, the most common outlet, and words of the
// recombined texts (a common word, a two-word phrase, a prefix) and the
// rarest entity's own word.
func serveTargets(ctx context.Context, path string, pool *synth.Pool, seed uint64) ([]benchTarget, error) {
	st, err := sqlite.OpenReadOnly(path)
	if err != nil {
		return nil, err
	}
	defer st.Close()
	db := st.DB()
	one := func(q string, dest ...any) error {
		if err := db.QueryRowContext(ctx, q).Scan(dest...); err != nil {
			return fmt.Errorf("%s: %w", q, err)
		}
		return nil
	}
	var huge, large, small, slArts, event, article, entTop, entMid, entRare int64
	var outlet, rareName string
	var hugeN, largeN, smallN, eventN, entTopN, entMidN, entRareN int
	if err := one(`SELECT id, articles FROM storylines ORDER BY articles DESC, id LIMIT 1`, &huge, &hugeN); err != nil {
		return nil, err
	}
	if err := one(`SELECT id, articles FROM storylines WHERE articles BETWEEN 1000 AND 5000 ORDER BY articles DESC, id LIMIT 1`, &large, &largeN); err != nil {
		large, largeN = huge, hugeN
	}
	if err := one(`SELECT id, articles FROM storylines ORDER BY abs(articles - 12), id DESC LIMIT 1`, &small, &smallN); err != nil {
		return nil, err
	}
	if err := one(`SELECT max(id) FROM articles`, &slArts); err != nil {
		return nil, err
	}
	article = slArts/2 + 1
	if err := one(`SELECT id, articles FROM events WHERE articles >= 4 AND merged_into = 0 ORDER BY id DESC LIMIT 1`, &event, &eventN); err != nil {
		return nil, err
	}
	if err := one(`SELECT id, articles FROM entities ORDER BY articles DESC, id LIMIT 1`, &entTop, &entTopN); err != nil {
		return nil, err
	}
	if err := one(`SELECT id, articles FROM entities ORDER BY articles DESC, id LIMIT 1 OFFSET 300`, &entMid, &entMidN); err != nil {
		return nil, err
	}
	if err := one(`SELECT id, name, articles FROM entities WHERE articles > 0 AND type = 'PER' ORDER BY articles, id LIMIT 1`, &entRare, &rareName, &entRareN); err != nil {
		return nil, err
	}
	if err := one(`SELECT outlet FROM articles WHERE id <= 20000 GROUP BY outlet ORDER BY count(*) DESC, outlet LIMIT 1`, &outlet); err != nil {
		return nil, err
	}
	rare := rareName[strings.LastIndexByte(rareName, ' ')+1:]
	common, phrase := commonWords(pool)
	prefix := common[:3] + "*"
	q := func(s string) string { return url.QueryEscape(s) }
	filter := "&outlet=" + q(outlet)
	dates := "&from=2019-01-01&to=2019-12-31"
	t := []benchTarget{
		{"home", "/"},
		{"search rare", "/search?q=" + q(rare)},
		{"search common", "/search?q=" + q(common)},
		{"search phrase", "/search?q=" + q(`"`+phrase+`"`)},
		{"search prefix", "/search?q=" + q(prefix)},
		{"search rare +outlet", "/search?q=" + q(rare) + filter},
		{"search common +outlet", "/search?q=" + q(common) + filter},
		{"search common +dates", "/search?q=" + q(common) + dates},
		{"search phrase +outlet+dates", "/search?q=" + q(`"`+phrase+`"`) + filter + dates},
		{fmt.Sprintf("storyline %d art.", hugeN), fmt.Sprintf("/storylines/%d", huge)},
		{fmt.Sprintf("storyline %d art.", largeN), fmt.Sprintf("/storylines/%d", large)},
		{fmt.Sprintf("storyline %d art.", smallN), fmt.Sprintf("/storylines/%d", small)},
		{fmt.Sprintf("event %d art.", eventN), fmt.Sprintf("/events/%d", event)},
		{"article", fmt.Sprintf("/articles/%d", article)},
		{fmt.Sprintf("entity %d art.", entTopN), fmt.Sprintf("/entities/%d", entTop)},
		{fmt.Sprintf("entity %d art.", entMidN), fmt.Sprintf("/entities/%d", entMid)},
		{fmt.Sprintf("entity %d art.", entRareN), fmt.Sprintf("/entities/%d", entRare)},
		{"outlet", "/outlets/" + url.PathEscape(outlet)},
		{"api search rare", "/api/v1/search?q=" + q(rare)},
		{"api search common", "/api/v1/search?q=" + q(common)},
		{"api search phrase +filters", "/api/v1/search?q=" + q(`"`+phrase+`"`) + filter + dates},
		{"api search prefix", "/api/v1/search?q=" + q(prefix)},
		{"api storylines", "/api/v1/storylines"},
		{fmt.Sprintf("api storyline %d art.", hugeN), fmt.Sprintf("/api/v1/storylines/%d", huge)},
		{fmt.Sprintf("api storyline %d art.", smallN), fmt.Sprintf("/api/v1/storylines/%d", small)},
		{"api event", fmt.Sprintf("/api/v1/events/%d", event)},
		{"api article", fmt.Sprintf("/api/v1/articles/%d", article)},
		{fmt.Sprintf("api entity %d art.", entTopN), fmt.Sprintf("/api/v1/entities/%d", entTop)},
		{"api entity quotes", fmt.Sprintf("/api/v1/entities/%d/quotes", entTop)},
		{"api entities", "/api/v1/entities?limit=100"},
		{"api outlet", "/api/v1/outlets/" + url.PathEscape(outlet)},
	}
	return t, nil
}

// commonWords returns the most frequent longer word of the pool's
// paragraphs and its most frequent pair of adjacent longer words.
func commonWords(p *synth.Pool) (word, phrase string) {
	words, pairs := map[string]int{}, map[string]int{}
	for _, para := range p.Paragraphs {
		ws := strings.FieldsFunc(strings.ToLower(para), func(r rune) bool { return !unicode.IsLetter(r) })
		for i, w := range ws {
			if len(w) < 5 {
				continue
			}
			words[w]++
			if i+1 < len(ws) && len(ws[i+1]) >= 4 {
				pairs[w+" "+ws[i+1]]++
			}
		}
	}
	return mostOf(words), mostOf(pairs)
}

func mostOf(m map[string]int) string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Slice(keys, func(i, j int) bool {
		if m[keys[i]] != m[keys[j]] {
			return m[keys[i]] > m[keys[j]]
		}
		return keys[i] < keys[j]
	})
	if len(keys) == 0 {
		return "news"
	}
	return keys[0]
}
