package browser_test

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"
)

// The sample storyline's events, in the order the timeline must show them.
var sampleDates = []string{"2017-12-13", "2017-12-22", "2017-12-28", "2024-01-24", "undated"}

// Three of Maria Zakharova's quotations in the sample.
var zakharovaSaid = []string{
	"We see yesterday’s attempt to attack the Russian military at the Hmeymim base",
	"What causes the concern is that terrorists are getting new armaments",
	"Therefore, the facts indicate that the support of terrorist units",
}

// TestReaderJourney follows a reader through the site at desktop and phone
// widths: the home page, the sample's storyline (its timeline in date order,
// the quotations under their speakers), an event, Maria Zakharova's page, a
// search from the header and its first result's article. Every page is
// checked as tab.check says.
func TestReaderJourney(t *testing.T) {
	e := setup(t)
	for _, vp := range viewports {
		t.Run(vp.name, func(t *testing.T) {
			tb := e.newTab(t, vp)

			tb.visit(t, "/")
			href := eval[string](t, tb, `(() => {
  const a = [...document.querySelectorAll("ol.cards li.card h2 a")].find(a => a.textContent.includes("Syria"));
  return a ? a.getAttribute("href") : "";
})()`)
			if href == "" {
				t.Fatal("home: no card for the sample's storyline")
			}
			tb.shoot(t, "home")

			tb.follow(t, fmt.Sprintf(`ol.cards li.card h2 a[href=%q]`, href))
			if p := tb.path(t); p != href {
				t.Fatalf("followed the card to %s, want %s", p, href)
			}
			checkTimeline(t, tb)
			zakharova := checkSpeakers(t, tb)
			tb.shoot(t, "storyline")
			tb.shootFrom(t, "storyline-said", "#h-said")

			tb.follow(t, "ol.events li.event h3.evtitle a")
			if h1 := eval[string](t, tb, `document.querySelector("h1").textContent`); !strings.Contains(h1, "Syria") {
				t.Errorf("event page: h1 %q", h1)
			}
			tb.visit(t, href)

			tb.follow(t, fmt.Sprintf(`section.speaker h3 a[href=%q]`, zakharova))
			if h1 := eval[string](t, tb, `document.querySelector("h1").textContent`); h1 != "Maria Zakharova" {
				t.Errorf("entity page %s: h1 %q, want Maria Zakharova", zakharova, h1)
			}
			said := eval[string](t, tb, `document.querySelector("ol.quotes").textContent`)
			for _, s := range zakharovaSaid {
				if !strings.Contains(said, s) {
					t.Errorf("entity page %s lacks %q", zakharova, s)
				}
			}
			tb.shoot(t, "entity")

			// A search from the header's form, on the phone as on the desktop.
			if _, err := chromedp.RunResponse(tb.ctx, chromedp.SendKeys(chromedp.CSS("#top-q"), "Hmeymim"+kb.Enter, chromedp.NodeVisible)); err != nil {
				t.Fatalf("searching: %v", err)
			}
			tb.check(t)
			if p := tb.path(t); p != "/search?q=Hmeymim" {
				t.Errorf("the search went to %s", p)
			}
			hits := eval[[]string](t, tb, `[...document.querySelectorAll("ol.results > li > a")].map(a => a.textContent)`)
			marks := eval[[]string](t, tb, `[...document.querySelectorAll("ol.results mark")].map(m => m.textContent)`)
			if len(hits) == 0 {
				t.Fatal("search Hmeymim: no results")
			}
			if !slices.ContainsFunc(marks, func(m string) bool { return strings.EqualFold(m, "Hmeymim") }) {
				t.Errorf("search Hmeymim: no highlighted Hmeymim in the snippets (marks %q)", marks)
			}
			tb.shoot(t, "search")

			tb.follow(t, "ol.results > li:first-child > a")
			if !strings.HasPrefix(tb.path(t), "/articles/") {
				t.Fatalf("the first result led to %s", tb.path(t))
			}
			h1 := eval[string](t, tb, `document.querySelector("h1").textContent`)
			if title := strings.TrimSuffix(hits[0], "…"); !strings.HasPrefix(h1, title) {
				t.Errorf("the first result %q led to the article %q", hits[0], h1)
			}
			if body := eval[string](t, tb, `document.querySelector("section.body").textContent`); !strings.Contains(body, "Hmeymim") {
				t.Error("the article found for Hmeymim does not say Hmeymim")
			}
			tb.shoot(t, "article")
		})
	}
}

// checkTimeline checks the storyline page's timeline drawn for this width
// and its list of events: the sample's events in date order, undated last.
func checkTimeline(t *testing.T, tb *tab) {
	t.Helper()
	type drawn struct {
		Class string   `json:"class"`
		Right float64  `json:"right"`
		Dates []string `json:"dates"`
	}
	tls := eval[[]drawn](t, tb, `[...document.querySelectorAll("svg.timeline")].filter(s => getComputedStyle(s).display !== "none").map(s => ({
  class: s.getAttribute("class"),
  right: s.getBoundingClientRect().right,
  dates: [...s.querySelectorAll("text.tl-date")].map(d => d.textContent.split(" ")[0]),
}))`)
	if len(tls) != 1 {
		t.Fatalf("storyline at %d px: %d timelines shown, want 1", tb.vp.width, len(tls))
	}
	tl := tls[0]
	if !slices.Equal(tl.Dates, sampleDates) {
		t.Errorf("storyline at %d px: timeline (%s) dates %q, want %q", tb.vp.width, tl.Class, tl.Dates, sampleDates)
	}
	if tl.Right > float64(tb.vp.width) {
		t.Errorf("storyline at %d px: timeline (%s) reaches %v px", tb.vp.width, tl.Class, tl.Right)
	}
	events := eval[[]string](t, tb, `[...document.querySelectorAll("ol.events > li.event")].map(li => {
  const m = li.querySelector("p.meta").textContent.match(/\d{4}-\d{2}-\d{2}/);
  return m ? m[0] : "undated";
})`)
	if !slices.Equal(events, sampleDates) {
		t.Errorf("storyline at %d px: events listed with dates %q, want %q", tb.vp.width, events, sampleDates)
	}
}

// checkSpeakers checks that Maria Zakharova's quotations are under her
// name, and only there, and returns the address of her page.
func checkSpeakers(t *testing.T, tb *tab) string {
	t.Helper()
	type speaker struct {
		Name    string   `json:"name"`
		Href    string   `json:"href"`
		Height  float64  `json:"height"`
		Quotes  []string `json:"quotes"`
		Credits []string `json:"credits"`
	}
	sps := eval[[]speaker](t, tb, `[...document.querySelectorAll("section.speaker")].map(s => {
  const h = s.querySelector("h3"), a = h.querySelector("a"), count = h.querySelector(".count");
  return {
    name: a ? a.textContent : h.textContent.replace(count ? count.textContent : "", "").trim(),
    href: a ? a.getAttribute("href") : "",
    height: s.getBoundingClientRect().height,
    quotes: [...s.querySelectorAll("ol.quotes > li blockquote")].map(b => b.textContent),
  };
})`)
	var hers *speaker
	for i, sp := range sps {
		if sp.Name == "Maria Zakharova" {
			hers = &sps[i]
			continue
		}
		for _, q := range sp.Quotes {
			for _, s := range zakharovaSaid {
				if strings.Contains(q, s) {
					t.Errorf("storyline: Maria Zakharova's %q is under %s", s, sp.Name)
				}
			}
		}
	}
	if hers == nil {
		t.Fatalf("storyline: no section for Maria Zakharova among %d speakers", len(sps))
	}
	if hers.Height == 0 {
		t.Errorf("storyline at %d px: Maria Zakharova's section is not shown", tb.vp.width)
	}
	if len(hers.Quotes) < 7 {
		t.Errorf("storyline: Maria Zakharova has %d quotations, want at least 7", len(hers.Quotes))
	}
	for _, s := range zakharovaSaid {
		if !slices.ContainsFunc(hers.Quotes, func(q string) bool { return strings.Contains(q, s) }) {
			t.Errorf("storyline: Maria Zakharova's section lacks %q", s)
		}
	}
	if !strings.HasPrefix(hers.Href, "/entities/") {
		t.Fatalf("storyline: Maria Zakharova's name links to %q", hers.Href)
	}
	return hers.Href
}

// TestHostileArticleInert reads every page the hostile article appears on:
// its own, its event's and storyline's, its outlet's and the search that
// finds it. Nothing of its markup may run (no dialog, no exception, no
// console error, window.__pwned undefined), nor become an element.
func TestHostileArticleInert(t *testing.T) {
	if *screenshots {
		t.Skip("-screenshots stores the sample alone")
	}
	e := setup(t)
	ctx := context.Background()
	a, err := e.st.Get(ctx, e.hostile)
	if err != nil {
		t.Fatal(err)
	}
	paths := []string{fmt.Sprintf("/articles/%d", a.ID)}
	if a.Event != 0 {
		paths = append(paths, fmt.Sprintf("/events/%d", a.Event))
	} else {
		t.Error("the hostile article is in no event")
	}
	if a.Storyline != 0 {
		paths = append(paths, fmt.Sprintf("/storylines/%d", a.Storyline))
	}
	paths = append(paths, "/", "/storylines")
	t.Logf("the hostile article's pages: %s", strings.Join(paths, " "))
	for _, vp := range viewports {
		t.Run(vp.name, func(t *testing.T) {
			tb := e.newTab(t, vp)
			for _, p := range paths {
				tb.visit(t, p)
				tb.inert(t)
			}
			// Its outlet's page, through the link on its article.
			tb.visit(t, paths[0])
			tb.follow(t, `article.article header p.meta a[href^="/outlets/"]`)
			tb.inert(t)
			// The search that finds it, and the result followed.
			tb.visit(t, "/search?q=Evalia")
			tb.inert(t)
			if n := eval[int](t, tb, `document.querySelectorAll("ol.results > li").length`); n != 1 {
				t.Errorf("search Evalia: %d results, want 1", n)
			}
			tb.follow(t, "ol.results > li:first-child > a")
			tb.inert(t)
			if p := tb.path(t); p != paths[0] {
				t.Errorf("the search result led to %s, want %s", p, paths[0])
			}
			// Nothing runs later either (an onload or onerror fires late).
			time.Sleep(300 * time.Millisecond)
			tb.check(t)
		})
	}
}

// inert checks that the page holds no element or attribute that the
// hostile article's markup could have made, and that its text is shown as
// written.
func (tb *tab) inert(t *testing.T) {
	t.Helper()
	p := tb.path(t)
	bad := eval[[]string](t, tb, `(() => {
  const out = [];
  for (const el of document.querySelectorAll("script, iframe, object, embed, img[src='x'], main svg[onload], main img")) out.push(el.outerHTML.slice(0, 80));
  for (const el of document.querySelectorAll("*")) {
    for (const at of el.attributes) {
      if (/^on/i.test(at.name)) out.push(el.tagName + " " + at.name + "=" + at.value);
      if (/^(href|src|action|formaction|xlink:href)$/i.test(at.name) && /^\s*javascript:/i.test(at.value)) out.push(el.tagName + " " + at.name + "=" + at.value);
    }
  }
  return out;
})()`)
	for _, b := range bad {
		t.Errorf("%s: an element the hostile article made: %s", p, b)
	}
	if strings.HasPrefix(p, "/articles/") {
		text := eval[string](t, tb, `document.querySelector("main").textContent`)
		for _, s := range []string{"<script>" + pwn + "</script>", `<img src=x onerror="` + pwn + `">`} {
			if !strings.Contains(text, s) {
				t.Errorf("%s: the text %q is not shown as written", p, s)
			}
		}
	}
}

// TestDetectorsWork shows that check would see what it looks for: a dialog,
// an uncaught exception, a console error and the sentinel, each made on
// purpose in a page of the site.
func TestDetectorsWork(t *testing.T) {
	e := setup(t)
	tb := e.newTab(t, viewports[0])
	tb.visit(t, "/")
	if _, err := chromedp.Run(tb.ctx, chromedp.Evaluate[chromedp.Void](`
setTimeout(() => { throw new Error("probe exception") }, 0);
console.error("probe console error");
setTimeout(() => alert("probe dialog"), 0);`)); err != nil {
		t.Fatal(err)
	}
	want := []string{"probe exception", "probe console error", "probe dialog"}
	var got []string
	for deadline := time.Now().Add(5 * time.Second); time.Now().Before(deadline); time.Sleep(50 * time.Millisecond) {
		got = append(got, tb.takeProblems()...)
		all := strings.Join(got, "\n")
		if !slices.ContainsFunc(want, func(w string) bool { return !strings.Contains(all, w) }) {
			break
		}
	}
	all := strings.Join(got, "\n")
	for _, w := range want {
		if !strings.Contains(all, w) {
			t.Errorf("the tab did not report %q; it reported:\n%s", w, all)
		}
	}
	// The dialog was closed: the page answers again.
	if v := eval[int](t, tb, `1 + 1`); v != 2 {
		t.Errorf("1 + 1 = %d", v)
	}
	// axe-core sees a button without a name.
	eval[bool](t, tb, `(() => { document.querySelector("main").append(document.createElement("button")); return true })()`)
	if vs := tb.axeRun(t, "/"); !slices.ContainsFunc(vs, func(v violation) bool { return v.ID == "button-name" && v.Impact == "critical" }) {
		t.Errorf("axe-core did not report the nameless button: %+v", vs)
	}
	// The Content-Security-Policy forbids inline script: an injected one
	// does not run, and the browser reports it.
	eval[bool](t, tb, `(() => { const s = document.createElement("script"); s.textContent = "`+pwn+`"; document.body.append(s); return true })()`)
	time.Sleep(100 * time.Millisecond)
	if eval[bool](t, tb, `typeof window.__pwned !== "undefined"`) {
		t.Error("an inline script ran despite the Content-Security-Policy")
	}
	if pr := tb.takeProblems(); len(pr) == 0 {
		t.Error("the blocked inline script was not reported")
	} else {
		t.Logf("reported: %s", strings.Join(pr, "; "))
	}
}

// TestFollowPages opens the feeds and watchlists pages, forms and all, at
// each viewport: axe-core checks them as every visited page.
func TestFollowPages(t *testing.T) {
	e := setup(t)
	for _, vp := range viewports {
		t.Run(vp.name, func(t *testing.T) {
			tb := e.newTab(t, vp)
			tb.visit(t, "/feeds")
			tb.visit(t, "/watchlists")
		})
	}
}
