package web

import (
	"context"
	"flag"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"golang.org/x/net/html"

	"github.com/storyline-news/storyline/internal/ingest"
	"github.com/storyline-news/storyline/internal/news"
	"github.com/storyline-news/storyline/internal/pipeline"
	"github.com/storyline-news/storyline/internal/store"
	"github.com/storyline-news/storyline/internal/store/sqlite"
)

var update = flag.Bool("update", false, "rewrite the golden pages in testdata/")

const seedsDir = "../../testdata/seeds"

// hostile is an article whose every field tries to run script.
var hostile = news.Document{
	SourceID:  "hostile-1",
	Origin:    "hostile.jsonl:1",
	Source:    "hostile.jsonl",
	URL:       "javascript:alert(document.domain)",
	Format:    news.FormatText,
	Title:     `<script>alert(1)</script><img src=x onerror=alert(1)>`,
	Outlet:    `<b onmouseover=alert(1)>Evil Gazette</b>`,
	Authors:   []string{`<img src=x onerror=alert(1)>`},
	Published: "2020-03-04",
	HintFrom:  "jsonl",
	Content: `The harbour authority of Port Evalia closed the northern quay on Tuesday after inspectors found cracks in the pier.

<script>alert(1)</script> was written on a sign near the quay, and <img src=x onerror=alert(1)> on another, inspectors said.

"<script>alert(2)</script> We will reopen the quay when it is safe," said John Harrowgate, the harbour master of Port Evalia.

Readers were told to visit <a href="javascript:alert(1)">the harbour page</a> or javascript:alert(3) for updates about the ferries.`,
}

// copycat is the hostile article again at another outlet: a copy.
var copycat = news.Document{
	SourceID:  "copy-1",
	Origin:    "copycat.jsonl:1",
	Source:    "copycat.jsonl",
	URL:       "https://copycat.example/harbour",
	Format:    news.FormatText,
	Title:     "Port Evalia closes its northern quay",
	Outlet:    "Copycat Daily",
	Published: "2020-03-05",
	HintFrom:  "jsonl",
	Content:   hostile.Content,
}

var (
	once    sync.Once
	testSt  store.Store
	testErr error
	testDir string
)

func TestMain(m *testing.M) {
	flag.Parse()
	code := m.Run()
	if testSt != nil {
		testSt.Close()
	}
	if testDir != "" {
		os.RemoveAll(testDir)
	}
	os.Exit(code)
}

// sampleStore is a store with the seeds and the hostile article ingested
// through the pipeline, as storyline ingest does; built once.
func sampleStore(t *testing.T) store.Store {
	t.Helper()
	once.Do(func() {
		testDir, testErr = os.MkdirTemp("", "storyline-web-test")
		if testErr != nil {
			return
		}
		var st *sqlite.Store
		st, testErr = sqlite.Open(filepath.Join(testDir, "test.db"))
		if testErr != nil {
			return
		}
		testSt = st
		ctx := context.Background()
		r, _, err := pipeline.New(ctx, st, 1, 0, pipeline.All)
		if err != nil {
			testErr = err
			return
		}
		sum, err := r.Run(ctx, func(ctx context.Context, emit func(news.Document) error, fail func(error)) error {
			if err := ingest.Scan(ctx, []string{seedsDir}, ingest.Options{}, emit, func(ie *ingest.Error) { fail(ie) }); err != nil {
				return err
			}
			if err := emit(hostile); err != nil {
				return err
			}
			return emit(copycat)
		})
		if err == nil && (sum.Failed > 0 || sum.Inserted != 7) {
			err = fmt.Errorf("ingest: %+v", sum)
		}
		testErr = err
	})
	if testErr != nil {
		t.Fatal(testErr)
	}
	return testSt
}

func testServer(t *testing.T) *Server {
	t.Helper()
	s, err := New(sampleStore(t), Options{Now: func() time.Time { return time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC) }})
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func get(t *testing.T, h http.Handler, path string) (*http.Response, string) {
	t.Helper()
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, path, nil))
	res := rec.Result()
	b, _ := io.ReadAll(res.Body)
	return res, string(b)
}

// article finds the id of the stored article whose source id is src.
func articleID(t *testing.T, st store.Store, src string) int64 {
	t.Helper()
	var id int64
	st.Each(context.Background(), store.Query{}, func(a *news.Article) error {
		if a.SourceID == src {
			id = a.ID
		}
		return nil
	})
	if id == 0 {
		t.Fatalf("no article %s", src)
	}
	return id
}

func entityID(t *testing.T, st store.Store, name string) int64 {
	t.Helper()
	ents, err := st.Entities(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range ents {
		if e.Name == name {
			return e.ID
		}
	}
	t.Fatalf("no entity %q", name)
	return 0
}

// stored masks what differs from run to run: when a revision was stored.
var stored = regexp.MustCompile(`<time class="stored" datetime="[^"]*">[^<]*</time>`)

func TestPagesGolden(t *testing.T) {
	s := testServer(t)
	st := sampleStore(t)
	zakharova := entityID(t, st, "Maria Zakharova")
	pages := map[string]string{
		"home":            "/",
		"storylines":      "/storylines",
		"storyline":       "/storylines/1",
		"event":           "/events/2",
		"article-masdar":  fmt.Sprintf("/articles/%d", articleID(t, st, "001_003a54aaabd21a79.txt")),
		"article-hostile": fmt.Sprintf("/articles/%d", articleID(t, st, "hostile-1")),
		"entity":          fmt.Sprintf("/entities/%d", zakharova),
		"outlet":          "/outlets/Newsweek",
		"search":          "/search?q=Syria&limit=2",
		"search-empty":    "/search",
		"notfound":        "/articles/9999",
	}
	for name, path := range pages {
		t.Run(name, func(t *testing.T) {
			res, body := get(t, s, path)
			want := http.StatusOK
			if name == "notfound" {
				want = http.StatusNotFound
			}
			if res.StatusCode != want {
				t.Fatalf("%s: status %d, want %d\n%s", path, res.StatusCode, want, body)
			}
			if ct := res.Header.Get("Content-Type"); ct != "text/html; charset=utf-8" {
				t.Errorf("%s: Content-Type %q", path, ct)
			}
			if err := wellFormed(body); err != nil {
				t.Errorf("%s: %v", path, err)
			}
			checkGolden(t, name, stored.ReplaceAllString(body, `<time class="stored">STORED</time>`))
		})
	}
}

func checkGolden(t *testing.T, name, got string) {
	t.Helper()
	path := filepath.Join("testdata", name+".golden.html")
	if *update {
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (go test ./internal/web -update writes it)", err)
	}
	if got != string(want) {
		t.Errorf("%s differs from %s (go test ./internal/web -update rewrites it; review the diff):\n%s", name, path, firstDiff(string(want), got))
	}
}

func firstDiff(a, b string) string {
	al, bl := strings.Split(a, "\n"), strings.Split(b, "\n")
	for i := 0; i < len(al) || i < len(bl); i++ {
		var x, y string
		if i < len(al) {
			x = al[i]
		}
		if i < len(bl) {
			y = bl[i]
		}
		if x != y {
			return fmt.Sprintf("line %d:\nwant %s\ngot  %s", i+1, x, y)
		}
	}
	return ""
}

var voidElements = map[string]bool{"area": true, "base": true, "br": true, "col": true, "embed": true, "hr": true, "img": true,
	"input": true, "link": true, "meta": true, "source": true, "track": true, "wbr": true}

// wellFormed checks that every element is closed, in order: what a page
// made from templates can get wrong and a browser would silently repair.
func wellFormed(page string) error {
	z := html.NewTokenizer(strings.NewReader(page))
	var stack []string
	for {
		switch z.Next() {
		case html.ErrorToken:
			if z.Err() != io.EOF {
				return z.Err()
			}
			if len(stack) > 0 {
				return fmt.Errorf("unclosed %v", stack)
			}
			return nil
		case html.StartTagToken:
			name, _ := z.TagName()
			if !voidElements[string(name)] {
				stack = append(stack, string(name))
			}
		case html.EndTagToken:
			name, _ := z.TagName()
			if len(stack) == 0 || stack[len(stack)-1] != string(name) {
				return fmt.Errorf("</%s> closes %v", name, stack)
			}
			stack = stack[:len(stack)-1]
		}
	}
}

// TestCopies checks that a copy is folded under its original in its
// event, listed on the original's page, and on both outlets' pages.
func TestCopies(t *testing.T) {
	s := testServer(t)
	st := sampleStore(t)
	orig, cp := articleID(t, st, "hostile-1"), articleID(t, st, "copy-1")
	a, err := st.Get(context.Background(), cp)
	if err != nil {
		t.Fatal(err)
	}
	if a.DuplicateOf != orig {
		t.Fatalf("copy-1 is placed as a copy of %d, want %d", a.DuplicateOf, orig)
	}
	link := fmt.Sprintf(`<a href="/articles/%d">Port Evalia closes its northern quay</a>`, cp)
	_, body := get(t, s, fmt.Sprintf("/events/%d", a.Event))
	if i := strings.Index(body, "<details><summary>1 copy</summary>"); i < 0 || !strings.Contains(body[i:], link) {
		t.Errorf("event %d: the copy is not folded under its original", a.Event)
	}
	_, body = get(t, s, fmt.Sprintf("/articles/%d", orig))
	if !strings.Contains(body, link) {
		t.Error("the original's page does not list its copy")
	}
	_, body = get(t, s, fmt.Sprintf("/articles/%d", cp))
	if !strings.Contains(body, fmt.Sprintf(`A copy of <a href="/articles/%d">`, orig)) {
		t.Error("the copy's page does not name its original")
	}
	_, body = get(t, s, "/outlets/Copycat%20Daily")
	if i := strings.Index(body, "Its copies of others"); i < 0 || !strings.Contains(body[i:strings.Index(body, "Others’ copies of it")], link) {
		t.Error("the copying outlet's page does not list its copy")
	}
	_, body = get(t, s, "/outlets/"+url.PathEscape(hostile.Outlet))
	if i := strings.Index(body, "Others’ copies of it"); i < 0 || !strings.Contains(body[i:], link) {
		t.Error("the original outlet's page does not list the copy of it")
	}
}

func TestHeadersOnEveryRoute(t *testing.T) {
	s := testServer(t)
	paths := []string{"/", "/storylines", "/storylines/1", "/events/1", "/articles/1", "/articles/1/raw",
		"/articles/1/revisions/1/raw", "/entities/1", "/outlets/Sputnik", "/search?q=syria", stylePath,
		"/nope", "/articles/0", "/search?q=" + strings.Repeat("x", 600), "/api/v1/storylines"}
	for _, p := range paths {
		res, _ := get(t, s, p)
		for k, want := range map[string]string{
			"Content-Security-Policy": ContentSecurityPolicy,
			"X-Content-Type-Options":  "nosniff",
			"Referrer-Policy":         "no-referrer",
			"X-Frame-Options":         "DENY",
		} {
			if got := res.Header.Get(k); !strings.HasPrefix(got, want) {
				t.Errorf("%s: %s = %q, want %q", p, k, got, want)
			}
		}
	}
}

func TestStorylineEventsInDateOrderAndWhoSaidWhat(t *testing.T) {
	s := testServer(t)
	_, body := get(t, s, "/storylines/1")
	st := sampleStore(t)
	ctx := context.Background()
	// Events in the list and the timeline in date order, undated last.
	var last string
	var undated bool
	for _, m := range regexp.MustCompile(`<li class="event" id="event-(\d+)">`).FindAllStringSubmatch(body, -1) {
		var id int64
		fmt.Sscan(m[1], &id)
		ev, err := st.Event(ctx, id)
		if err != nil {
			t.Fatal(err)
		}
		switch {
		case ev.First == "":
			undated = true
		case undated || ev.First < last:
			t.Errorf("event %d (%s) after %s", id, ev.First, last)
		default:
			last = ev.First
		}
	}
	for _, class := range []string{"wide", "narrow"} {
		svg := body[strings.Index(body, `<svg class="timeline `+class+`"`):]
		svg = svg[:strings.Index(svg, "</svg>")]
		dates := regexp.MustCompile(`<text class="tl-date"[^>]*>([^ <]+)`).FindAllStringSubmatch(svg, -1)
		want := []string{"2017-12-13", "2017-12-22", "2017-12-28", "2024-01-24", "undated"}
		if len(dates) != len(want) {
			t.Fatalf("%s timeline: dates %v, want %v", class, dates, want)
		}
		for i, d := range dates {
			if d[1] != want[i] {
				t.Errorf("%s timeline: date %d: %s, want %s", class, i, d[1], want[i])
			}
		}
	}
	// Maria Zakharova's quotations under her name, in one section.
	i := strings.Index(body, `">Maria Zakharova</a> <span class="count">`)
	if i < 0 {
		t.Fatal("no section for Maria Zakharova")
	}
	section := body[i:]
	section = section[:strings.Index(section, "</section>")]
	for _, said := range []string{
		"We see yesterday’s attempt to attack the Russian military at the Hmeymim base",
		"What causes the concern is that terrorists are getting new armaments",
		"Therefore, the facts indicate that the support of terrorist units",
	} {
		if !strings.Contains(section, said) {
			t.Errorf("Maria Zakharova's section lacks %q", said)
		}
	}
	if n := strings.Count(section, "<li>"); n < 7 {
		t.Errorf("Maria Zakharova has %d quotations, want at least 7", n)
	}
	if !strings.Contains(body, "different figures") {
		t.Error("figures compared: no differing figures flagged")
	}
}

// TestHostileArticleInert checks that markup in an article's fields is
// shown as text: no element, attribute or script address of it survives.
func TestHostileArticleInert(t *testing.T) {
	s := testServer(t)
	st := sampleStore(t)
	id := articleID(t, st, "hostile-1")
	pages := []string{fmt.Sprintf("/articles/%d", id), "/", "/search?q=harbour", "/search?q=%3Cscript%3E",
		"/outlets/" + strings.ReplaceAll(hostile.Outlet, " ", "%20"), fmt.Sprintf("/events/%d", id)}
	a, err := st.Get(context.Background(), id)
	if err != nil {
		t.Fatal(err)
	}
	if a.Event != 0 {
		pages = append(pages, fmt.Sprintf("/events/%d", a.Event), fmt.Sprintf("/storylines/%d", a.Storyline))
	}
	for _, p := range pages {
		res, body := get(t, s, p)
		if res.StatusCode != http.StatusOK && res.StatusCode != http.StatusNotFound {
			t.Errorf("%s: status %d", p, res.StatusCode)
		}
		if err := inert(body); err != nil {
			t.Errorf("%s: %v", p, err)
		}
	}
	_, body := get(t, s, fmt.Sprintf("/articles/%d", id))
	for _, want := range []string{"&lt;script&gt;alert(1)&lt;/script&gt;", "&lt;img src=x onerror=alert(1)&gt;", "javascript:alert(3)"} {
		if !strings.Contains(body, want) {
			t.Errorf("article page does not show %s as text", want)
		}
	}
}

func inert(page string) error {
	doc, err := html.Parse(strings.NewReader(page))
	if err != nil {
		return err
	}
	var bad error
	var walk func(*html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.ElementNode {
			switch n.Data {
			case "script", "img", "iframe", "object", "embed", "b", "style":
				bad = fmt.Errorf("a <%s> element", n.Data)
			}
			for _, at := range n.Attr {
				v := strings.ToLower(strings.TrimSpace(at.Val))
				if strings.HasPrefix(at.Key, "on") || at.Key == "style" {
					bad = fmt.Errorf("<%s %s=%q>", n.Data, at.Key, at.Val)
				}
				if (at.Key == "href" || at.Key == "src" || at.Key == "action") && strings.HasPrefix(v, "javascript:") {
					bad = fmt.Errorf("<%s %s=%q>", n.Data, at.Key, at.Val)
				}
			}
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(doc)
	return bad
}

func TestRawIsADownload(t *testing.T) {
	s := testServer(t)
	st := sampleStore(t)
	id := articleID(t, st, "hostile-1")
	for _, p := range []string{fmt.Sprintf("/articles/%d/raw", id), fmt.Sprintf("/articles/%d/revisions/1/raw", id)} {
		res, body := get(t, s, p)
		if res.StatusCode != http.StatusOK {
			t.Fatalf("%s: status %d", p, res.StatusCode)
		}
		h := res.Header
		if h.Get("Content-Type") != "text/plain; charset=utf-8" || !strings.HasPrefix(h.Get("Content-Disposition"), "attachment;") ||
			h.Get("X-Content-Type-Options") != "nosniff" || !strings.Contains(h.Get("Content-Security-Policy"), "sandbox") {
			t.Errorf("%s: headers %v", p, h)
		}
		if body != hostile.Content {
			t.Errorf("%s: body is not the raw input:\n%s", p, body)
		}
	}
}

func TestUnknownIs404(t *testing.T) {
	s := testServer(t)
	for _, p := range []string{"/articles/9999", "/articles/9999/raw", "/articles/1/revisions/9/raw", "/storylines/9999",
		"/events/9999", "/entities/9999", "/outlets/Nobody", "/articles/abc", "/articles/-1", "/nope/%3Cscript%3Ealert(1)%3C/script%3E",
		"/outlets/%3Cscript%3Ealert(1)%3C%2Fscript%3E"} {
		res, body := get(t, s, p)
		if res.StatusCode != http.StatusNotFound {
			t.Errorf("%s: status %d, want 404", p, res.StatusCode)
		}
		if strings.Contains(body, "<script>") || strings.Contains(body, "alert(1)") {
			t.Errorf("%s: the page echoes the request", p)
		}
	}
}

func TestLimits(t *testing.T) {
	s := testServer(t)
	for _, p := range []string{
		"/search?q=" + strings.Repeat("syria+", 100),
		"/?x=" + strings.Repeat("a", MaxQueryBytes),
		"/search?q=syria&limit=1000",
		"/search?q=syria&limit=0",
		"/search?q=syria&from=yesterday",
		"/search?q=syria&entity=x",
		"/search?q=syria&outlet=" + strings.Repeat("o", MaxParamBytes+1),
		"/search?q=syria&cursor=garbage%3Cscript%3E",
	} {
		res, body := get(t, s, p)
		if res.StatusCode != http.StatusBadRequest {
			t.Errorf("%.60s: status %d, want 400", p, res.StatusCode)
		}
		if strings.Contains(body, "<script>") || strings.Contains(body, "syria+syria") {
			t.Errorf("%.60s: the page echoes the request", p)
		}
	}
}

func TestSearchPages(t *testing.T) {
	s := testServer(t)
	_, body := get(t, s, "/search?q=Zakharova")
	if !strings.Contains(body, "<mark>Zakharova</mark>") {
		t.Error("no highlighted match")
	}
	if !strings.Contains(body, `href="/search?outlet=Al-Masdar&#43;News&amp;q=Zakharova"`) {
		t.Error("no outlet facet link")
	}
	// Pages of one hit each follow one another without repeating.
	seen := map[string]bool{}
	next := "/search?q=Syria&limit=1"
	for n := 0; next != ""; n++ {
		if n > 10 {
			t.Fatal("pages do not end")
		}
		_, body := get(t, s, next)
		hit := regexp.MustCompile(`<ol class="results"><li><a href="(/articles/\d+)">`).FindStringSubmatch(body)
		if hit == nil {
			t.Fatalf("%s: no hit", next)
		}
		if seen[hit[1]] {
			t.Fatalf("%s repeated", hit[1])
		}
		seen[hit[1]] = true
		next = ""
		if m := regexp.MustCompile(`<a href="([^"]+)" rel="next">`).FindStringSubmatch(body); m != nil {
			next = html.UnescapeString(m[1])
		}
	}
	if len(seen) < 4 {
		t.Errorf("%d pages for Syria, want at least 4", len(seen))
	}
}

func TestHighlight(t *testing.T) {
	got := highlight("über Syria and Syria", [][2]int{{16, 21}, {6, 11}, {1, 3}, {18, 40}, {6, 8}})
	want := []snipPart{{Text: "über "}, {Text: "Syria", Mark: true}, {Text: " and "}, {Text: "Syria", Mark: true}}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("highlight: %v, want %v", got, want)
	}
}

func TestMarkText(t *testing.T) {
	text := "Maria Zakharova said: “We see it.”\n\nZakharova added more."
	a := &news.Article{Text: text, Quotes: []news.Quote{{Text: "“We see it.”"}}, Entities: []news.Entity{{Name: "Maria Zakharova", Type: "PER", Aliases: []string{"Zakharova"}, ID: 7}}}
	qs, found := quoteSpans(a.Text, a.Quotes)
	paras := markText(a.Text, qs, entitySpans(a.Text, a.Entities))
	if len(paras) != 2 || !found[0] {
		t.Fatalf("paras %+v, found %v", paras, found)
	}
	p0 := paras[0].Parts
	if len(p0) != 2 || p0[0].Spans[0].EntityID != 7 || p0[0].Spans[0].Text != "Maria Zakharova" || p0[1].Quote != 0 || !p0[1].Anchor {
		t.Errorf("first paragraph %+v", p0)
	}
	if sp := paras[1].Parts[0].Spans[0]; sp.Text != "Zakharova" || sp.EntityID != 7 {
		t.Errorf("second paragraph %+v", paras[1])
	}
}

// TestHomeActive checks that the home page shows only the storylines with
// news in the last 30 days when there are any, with a link to all.
func TestHomeActive(t *testing.T) {
	s, err := New(sampleStore(t), Options{Now: func() time.Time { return time.Date(2024, 2, 10, 0, 0, 0, 0, time.UTC) }})
	if err != nil {
		t.Fatal(err)
	}
	_, body := get(t, s, "/")
	if !strings.Contains(body, "1 storyline with news in the last 30 days") || !strings.Contains(body, `<a href="/storylines">All storylines</a>`) {
		t.Errorf("home on 2024-02-10 does not show the one active storyline with a link to all:\n%s", body)
	}
	if strings.Contains(body, "Port Evalia") || strings.Count(body, `<li class="card">`) != 1 {
		t.Error("home on 2024-02-10 shows the 2020 storyline")
	}
}
