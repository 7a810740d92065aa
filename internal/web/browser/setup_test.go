package browser_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"image/png"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/cdproto/log"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"

	"github.com/storyline-news/storyline/internal/api"
	"github.com/storyline-news/storyline/internal/ingest"
	"github.com/storyline-news/storyline/internal/news"
	"github.com/storyline-news/storyline/internal/pipeline"
	"github.com/storyline-news/storyline/internal/store"
	"github.com/storyline-news/storyline/internal/store/sqlite"
	"github.com/storyline-news/storyline/internal/watch"
	"github.com/storyline-news/storyline/internal/web"
)

var screenshots = flag.Bool("screenshots", false, "write PNGs of the pages to docs/screenshots/")

const (
	seedsDir       = "../../../testdata/seeds"
	screenshotsDir = "../../../docs/screenshots"
)

// pwn is what every hostile string tries to run: it sets the sentinel.
const pwn = "window.__pwned=1"

// hostileLine is one JSONL record whose title, outlet and text carry
// script in every form a page could let run.
func hostileLine() []byte {
	rec := map[string]string{
		"id":        "hostile-1",
		"url":       "https://evil.example/harbour?x=<script>" + pwn + "</script>",
		"title":     `Harbour of Port Evalia closed <script>` + pwn + `</script><img src=x onerror="` + pwn + `"><svg onload="` + pwn + `">`,
		"published": "2020-03-04",
		"outlet":    `<svg onload="` + pwn + `">Evalia Gazette`,
		"text": `The harbour authority of Port Evalia closed the northern quay on Tuesday after inspectors found cracks in the pier.

<script>` + pwn + `</script> was written on a sign near the quay, and <img src=x onerror="` + pwn + `"> on another, inspectors said.

"<svg onload=` + pwn + `> We will reopen the quay when it is safe," said John Harrowgate, the harbour master of Port Evalia.

Readers were told to visit <a href="javascript:` + pwn + `">the harbour page</a> or javascript:` + pwn + ` for updates about the ferries of Port Evalia.`,
	}
	b, err := json.Marshal(rec)
	if err != nil {
		panic(err)
	}
	return append(b, '\n')
}

// env is what every test shares: one store, one server, one Chromium.
type env struct {
	dir     string
	st      store.Store
	srv     *httptest.Server
	browser context.Context // a chromedp context whose target is the first tab
	cancel  []context.CancelFunc
	axe     string // axe.min.js
	hostile int64  // the hostile article's id
}

var (
	setupOnce sync.Once
	shared    *env
	setupErr  error
)

func TestMain(m *testing.M) {
	flag.Parse()
	code := m.Run()
	if shared != nil {
		shared.close()
	}
	os.Exit(code)
}

func (e *env) close() {
	for i := len(e.cancel) - 1; i >= 0; i-- {
		e.cancel[i]()
	}
	if e.srv != nil {
		e.srv.Close()
	}
	if e.st != nil {
		e.st.Close()
	}
	// Chromium's children may still write in its profile for a moment.
	for range 50 {
		if os.RemoveAll(e.dir) == nil {
			return
		}
		time.Sleep(100 * time.Millisecond)
	}
}

// tools finds Chromium and axe.min.js. What is missing makes the test fail
// under CI (STORYLINE_CI=1) and skip elsewhere.
func tools(t *testing.T) (chromium, axe string) {
	t.Helper()
	var missing []string
	chromium = findChromium()
	if chromium == "" {
		missing = append(missing, "Chromium (set STORYLINE_CHROMIUM, or install /usr/bin/chromium: apt-get install chromium)")
	}
	axe = os.Getenv("STORYLINE_AXE")
	if axe == "" {
		missing = append(missing, "axe-core (set STORYLINE_AXE to axe.min.js: npm install axe-core; .ci/run does both)")
	} else if _, err := os.Stat(axe); err != nil {
		missing = append(missing, fmt.Sprintf("axe-core: STORYLINE_AXE: %v", err))
	}
	if len(missing) == 0 {
		return chromium, axe
	}
	msg := "browser tests need " + strings.Join(missing, " and ")
	if os.Getenv("STORYLINE_CI") == "1" {
		t.Fatal(msg + " (STORYLINE_CI=1: failing rather than skipping)")
	}
	t.Skip(msg)
	return "", ""
}

func findChromium() string {
	if p := os.Getenv("STORYLINE_CHROMIUM"); p != "" {
		return p
	}
	if _, err := os.Stat("/usr/bin/chromium"); err == nil {
		return "/usr/bin/chromium"
	}
	if p, err := exec.LookPath("chromium"); err == nil {
		return p
	}
	return ""
}

// setup returns the shared env, built on first use.
func setup(t *testing.T) *env {
	t.Helper()
	chromium, axe := tools(t)
	setupOnce.Do(func() {
		shared = &env{}
		setupErr = shared.start(chromium, axe)
	})
	if setupErr != nil {
		t.Fatal(setupErr)
	}
	return shared
}

func (e *env) start(chromium, axePath string) error {
	axe, err := os.ReadFile(axePath)
	if err != nil {
		return err
	}
	e.axe = string(axe)
	if e.dir, err = os.MkdirTemp("", "storyline-browser"); err != nil {
		return err
	}
	if err := e.ingest(); err != nil {
		return fmt.Errorf("ingest: %w", err)
	}
	wopts := web.Options{
		API: api.New(e.st, api.Options{}),
		Now: func() time.Time { return time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC) },
	}
	if f, ok := e.st.(store.Following); ok {
		// The feeds and watchlists pages with their forms, and a row each.
		if _, err := f.AddFeed(context.Background(), store.Feed{URL: "https://news.example/feed.xml", Title: "Example News",
			Every: 15 * time.Minute, Created: time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)}); err != nil {
			return err
		}
		if _, err := f.AddWatch(context.Background(), watch.Watchlist{Name: "Syria", Query: "Syria", Secret: "00"}); err != nil {
			return err
		}
		wopts.Writes = &web.Writes{Store: f, CheckToken: func(context.Context, string) (string, error) { return "", errors.New("no token") }}
	}
	w, err := web.New(e.st, wopts)
	if err != nil {
		return err
	}
	e.srv = httptest.NewServer(w)

	profile := filepath.Join(e.dir, "profile")
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(chromium),
		chromedp.UserDataDir(profile),
		chromedp.NoSandbox,
		chromedp.DisableGPU,
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-sync", true),
		chromedp.WindowSize(1280, 800),
	)
	actx, cancel := chromedp.NewExecAllocator(context.Background(), opts...)
	e.cancel = append(e.cancel, cancel)
	bctx, cancel := chromedp.NewContext(actx)
	e.cancel = append(e.cancel, cancel)
	// The first action starts Chromium, which lives as long as bctx: it
	// must run on bctx itself, not on a shorter context.
	if err := chromedp.Do(bctx, chromedp.Navigate("about:blank")); err != nil {
		return fmt.Errorf("starting %s: %w", chromium, err)
	}
	e.browser = bctx
	return nil
}

// ingest stores the seeds and the hostile JSONL line through the pipeline,
// as storyline ingest does.
func (e *env) ingest() error {
	jsonl := filepath.Join(e.dir, "hostile.jsonl")
	if err := os.WriteFile(jsonl, hostileLine(), 0o644); err != nil {
		return err
	}
	st, err := sqlite.Open(filepath.Join(e.dir, "test.db"))
	if err != nil {
		return err
	}
	e.st = st
	ctx := context.Background()
	r, _, err := pipeline.New(ctx, st, 1, 0, pipeline.All)
	if err != nil {
		return err
	}
	// Screenshots show the sample alone; the hostile article is for the
	// tests that look for what it could run.
	inputs, want := []string{seedsDir, jsonl}, 6
	if *screenshots {
		inputs, want = []string{seedsDir}, 5
	}
	sum, err := r.Run(ctx, func(ctx context.Context, emit func(news.Document) error, fail func(error)) error {
		return ingest.Scan(ctx, inputs, ingest.Options{}, emit, func(ie *ingest.Error) { fail(ie) })
	})
	if err != nil {
		return err
	}
	if sum.Failed > 0 || sum.Inserted != want {
		return fmt.Errorf("ingested %+v, want %d articles", sum, want)
	}
	return st.Each(ctx, store.Query{}, func(a *news.Article) error {
		if a.SourceID == "hostile-1" {
			e.hostile = a.ID
		}
		return nil
	})
}

// viewport is a window size the pages are read at.
type viewport struct {
	name          string
	width, height int64
	mobile        bool
}

var viewports = []viewport{
	{"desktop", 1280, 800, false},
	{"phone", 390, 844, true},
}

// tab is one browser tab of the shared Chromium, with what it saw go wrong.
type tab struct {
	e   *env
	ctx context.Context
	vp  viewport

	mu       sync.Mutex
	problems []string // dialogs, exceptions, console and log errors
}

// newTab opens a tab at vp's size that records every dialog (and closes
// it), uncaught exception, console.error and error in the browser log.
func (e *env) newTab(t *testing.T, vp viewport) *tab {
	t.Helper()
	ctx, cancel := chromedp.NewContext(e.browser)
	ctx, cancelTimeout := context.WithTimeout(ctx, 90*time.Second)
	t.Cleanup(func() { cancelTimeout(); cancel() })
	tb := &tab{e: e, ctx: ctx, vp: vp}
	dialogs := make(chan struct{}, 16)
	if err := chromedp.Listen(ctx, func(ev any) {
		switch ev := ev.(type) {
		case *page.EventJavascriptDialogOpening:
			tb.problem("JavaScript dialog (%s) opened: %q", ev.Type, ev.Message)
			select {
			case dialogs <- struct{}{}:
			default:
			}
		case *runtime.EventExceptionThrown:
			d := ev.ExceptionDetails
			text := d.Text
			if d.Exception != nil {
				text += " " + d.Exception.Description
			}
			tb.problem("uncaught exception: %s (%s:%d)", text, d.URL, d.LineNumber)
		case *runtime.EventConsoleAPICalled:
			if ev.Type == runtime.ConsoleAPICalledTypeError || ev.Type == runtime.ConsoleAPICalledTypeAssert {
				var args []string
				for _, a := range ev.Args {
					args = append(args, strings.Trim(string(a.Value), `"`)+a.Description)
				}
				tb.problem("console.%s: %s", ev.Type, strings.Join(args, " "))
			}
		case *log.EventEntryAdded:
			en := ev.Entry
			// Chromium asks every site for /favicon.ico, which Storyline
			// does not serve; nothing on a page asks for it.
			if en.Level == log.EntryLevelError && !strings.HasSuffix(en.URL, "/favicon.ico") {
				tb.problem("browser log (%s): %s %s", en.Source, en.Text, en.URL)
			}
		}
	}); err != nil {
		t.Fatal(err)
	}
	// A dialog blocks the page until it is closed: close each one.
	go func() {
		for {
			select {
			case <-ctx.Done():
				return
			case <-dialogs:
				chromedp.Call(ctx, page.HandleJavaScriptDialog, page.HandleJavaScriptDialogParams{Accept: false})
			}
		}
	}()
	if _, err := chromedp.Call(ctx, emulation.SetDeviceMetricsOverride, emulation.SetDeviceMetricsOverrideParams{
		Width: vp.width, Height: vp.height, DeviceScaleFactor: 1, Mobile: vp.mobile,
	}); err != nil {
		t.Fatal(err)
	}
	return tb
}

func (tb *tab) problem(format string, args ...any) {
	tb.mu.Lock()
	tb.problems = append(tb.problems, fmt.Sprintf(format, args...))
	tb.mu.Unlock()
}

// takeProblems returns what went wrong since the last call.
func (tb *tab) takeProblems() []string {
	tb.mu.Lock()
	defer tb.mu.Unlock()
	p := tb.problems
	tb.problems = nil
	return p
}

// visit opens path and checks the page (see check).
func (tb *tab) visit(t *testing.T, path string) {
	t.Helper()
	res, err := chromedp.RunResponse(tb.ctx, chromedp.Navigate(tb.e.srv.URL+path))
	if err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	if res.Status != 200 {
		t.Fatalf("%s: status %d", path, res.Status)
	}
	tb.check(t)
}

// follow clicks the element sel (CSS), which must lead to another page of
// the site, and checks that page.
func (tb *tab) follow(t *testing.T, sel string) {
	t.Helper()
	from := tb.path(t)
	res, err := chromedp.RunResponse(tb.ctx, chromedp.Click(chromedp.CSS(sel), chromedp.NodeVisible))
	if err != nil {
		t.Fatalf("%s: following %s: %v", from, sel, err)
	}
	if res.Status != 200 {
		t.Fatalf("%s: following %s: status %d at %s", from, sel, res.Status, res.URL)
	}
	tb.check(t)
}

// path is the current page's path and query.
func (tb *tab) path(t *testing.T) string {
	t.Helper()
	return eval[string](t, tb, `location.pathname + location.search`)
}

func eval[T any](t *testing.T, tb *tab, js string) T {
	t.Helper()
	v, err := chromedp.Run(tb.ctx, chromedp.Evaluate[T](js))
	if err != nil {
		t.Fatalf("%s: evaluating %.60q: %v", tb.e.srv.URL, js, err)
	}
	return v
}

// check runs on every page visited: nothing ran that should not have, no
// error reached the console, nothing overflows a phone's width, and axe-core
// finds no serious or critical violation.
func (tb *tab) check(t *testing.T) {
	t.Helper()
	p := tb.path(t)
	if eval[bool](t, tb, `document.documentElement.scrollWidth > window.innerWidth`) {
		over := eval[[]string](t, tb, overflowJS)
		t.Errorf("%s at %d px: the page is wider than the window (scrollWidth %d > innerWidth %d); too wide: %s",
			p, tb.vp.width, eval[int](t, tb, `document.documentElement.scrollWidth`), eval[int](t, tb, `window.innerWidth`), strings.Join(over, "; "))
	}
	tb.axe(t, p)
	if eval[bool](t, tb, `typeof window.__pwned !== "undefined"`) {
		t.Errorf("%s: window.__pwned is set: markup from an article ran", p)
	}
	for _, pr := range tb.takeProblems() {
		t.Errorf("%s at %d px: %s", p, tb.vp.width, pr)
	}
}

// overflowJS lists the deepest elements that reach past the window's right
// edge.
const overflowJS = `(() => {
  const w = window.innerWidth, out = [];
  for (const el of document.querySelectorAll("body *")) {
    const r = el.getBoundingClientRect();
    if (r.right > w + 0.5 && ![...el.children].some(c => c.getBoundingClientRect().right > w + 0.5)) {
      let name = el.tagName.toLowerCase() + (el.id ? "#" + el.id : "") + (el.className && typeof el.className === "string" ? "." + el.className.trim().split(/\s+/).join(".") : "");
      out.push(name + " (right " + Math.round(r.right) + ")");
      if (out.length >= 5) break;
    }
  }
  return out;
})()`

type violation struct {
	ID      string   `json:"id"`
	Impact  string   `json:"impact"`
	Help    string   `json:"help"`
	Count   int      `json:"count"`
	Targets []string `json:"targets"`
}

// axe fails the test on every serious or critical violation axe-core finds
// on the page.
func (tb *tab) axe(t *testing.T, path string) {
	t.Helper()
	for _, v := range tb.axeRun(t, path) {
		if v.Impact == "serious" || v.Impact == "critical" {
			t.Errorf("%s at %d px: axe %s (%s): %s; %d nodes, first: %s", path, tb.vp.width, v.ID, v.Impact, v.Help, v.Count, strings.Join(v.Targets, " | "))
		} else {
			t.Logf("%s at %d px: axe %s (%s, not failing): %s; %d nodes", path, tb.vp.width, v.ID, v.Impact, v.Help, v.Count)
		}
	}
}

// axeRun injects axe-core into the page through the DevTools protocol
// (Runtime.evaluate, which the page's Content-Security-Policy does not
// govern), runs it, and returns its violations.
func (tb *tab) axeRun(t *testing.T, path string) []violation {
	t.Helper()
	if _, err := chromedp.Run(tb.ctx, chromedp.Evaluate[chromedp.Void](tb.e.axe)); err != nil {
		t.Fatalf("%s: injecting axe-core: %v", path, err)
	}
	type result struct {
		Passes     int         `json:"passes"`
		Violations []violation `json:"violations"`
	}
	r, err := chromedp.Run(tb.ctx, chromedp.Evaluate[result](`axe.run(document).then(r => ({
  passes: r.passes.length,
  violations: r.violations.map(v => ({
    id: v.id, impact: v.impact || "", help: v.help, count: v.nodes.length,
    targets: v.nodes.slice(0, 3).map(n => n.target.flat().join(" ")),
  })),
}))`, chromedp.EvalAwaitPromise))
	if err != nil {
		t.Fatalf("%s: axe.run: %v", path, err)
	}
	if r.Passes == 0 {
		t.Fatalf("%s: axe.run checked nothing", path)
	}
	return r.Violations
}

// shoot writes docs/screenshots/NAME-WIDTH.png when -screenshots is given:
// the page from its top, at most a screen and a bit of it.
func (tb *tab) shoot(t *testing.T, name string) { tb.shootFrom(t, name, "") }

// shootFrom is shoot from the top of the element sel (CSS) when sel is
// not empty.
func (tb *tab) shootFrom(t *testing.T, name, sel string) {
	t.Helper()
	if !*screenshots {
		return
	}
	maxHeight := map[bool]float64{false: 880, true: 1400}[tb.vp.mobile]
	// Screenshots show the page as a reader first sees it.
	eval[bool](t, tb, `(() => { window.scrollTo(0, 0); document.activeElement && document.activeElement.blur(); return true })()`)
	top := 0.0
	if sel != "" {
		top = eval[float64](t, tb, fmt.Sprintf(`Math.max(0, document.querySelector(%q).getBoundingClientRect().top + window.scrollY - 16)`, sel))
	}
	h := eval[float64](t, tb, `document.documentElement.scrollHeight`) - top
	h = min(max(h, 200), maxHeight)
	res, err := chromedp.Call(tb.ctx, page.CaptureScreenshot, page.CaptureScreenshotParams{
		Format:                page.CaptureScreenshotFormatPng,
		Clip:                  &page.Viewport{X: 0, Y: top, Width: float64(tb.vp.width), Height: h, Scale: 1},
		CaptureBeyondViewport: ptr(true),
		FromSurface:           ptr(true),
	})
	if err != nil {
		t.Fatalf("screenshot %s: %v", name, err)
	}
	// Chromium favours speed over size: encode again, as small as Go can.
	img, err := png.Decode(bytes.NewReader(res.Data))
	if err != nil {
		t.Fatalf("screenshot %s: %v", name, err)
	}
	var buf bytes.Buffer
	if err := (&png.Encoder{CompressionLevel: png.BestCompression}).Encode(&buf, img); err != nil {
		t.Fatal(err)
	}
	if err := os.MkdirAll(screenshotsDir, 0o755); err != nil {
		t.Fatal(err)
	}
	file := filepath.Join(screenshotsDir, fmt.Sprintf("%s-%d.png", name, tb.vp.width))
	if err := os.WriteFile(file, buf.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	t.Logf("wrote %s (%d KB)", file, buf.Len()/1024)
}

func ptr[T any](v T) *T { return &v }
