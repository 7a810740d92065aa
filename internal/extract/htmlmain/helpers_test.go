package htmlmain

import (
	"strings"
	"testing"

	"golang.org/x/net/html"
)

func parseT(t *testing.T, doc string) *html.Node {
	t.Helper()
	root, err := Parse(doc)
	if err != nil {
		t.Fatal(err)
	}
	return root
}

func TestCleanTitle(t *testing.T) {
	for _, c := range []struct{ title, site, url, want string }{
		{"Bridge reopens | The Courier", "The Courier", "", "Bridge reopens"},
		{"Bridge reopens - courier.example.com", "", "https://www.courier.example.com/a", "Bridge reopens"},
		{"Courier - Bridge reopens", "", "https://courier.example.com/a", "Bridge reopens"},
		{"Bridge reopens – Riverside Courier Online", "Riverside Courier", "", "Bridge reopens"},
		{"Berlin - Berliner Zeitung", "", "https://berliner-zeitung.example/a", "Berlin - Berliner Zeitung"}, // one short word would be left
		{"Short news | Site", "Site", "", "Short news"},
		{"Site", "Site", "", "Site"}, // nothing else left: keep
		{"Q&A - The year ahead - News", "", "https://example.com/", "Q&A - The year ahead - News"}, // no site named
		{"  spaced \n title  ", "", "", "spaced title"},
	} {
		if got := cleanTitle(c.title, c.site, c.url); got != c.want {
			t.Errorf("cleanTitle(%q, %q, %q) = %q, want %q", c.title, c.site, c.url, got, c.want)
		}
	}
}

func TestPreferHeading(t *testing.T) {
	for _, c := range []struct {
		title string
		h1s   []string
		want  string
	}{
		{"Transport: Ferry service ends after forty years", []string{"Ferry service ends after forty years"}, "Ferry service ends after forty years"},
		{"HARBOUR WEEK PROGRAMME", []string{"Harbour Week Programme"}, "Harbour Week Programme"},
		{"Keep the whole headline here", []string{"whole"}, "Keep the whole headline here"},                                 // too short
		{"A short word inside the longer headline", []string{"word inside the"}, "A short word inside the longer headline"}, // inside, not an end
		{"Lentil soup (with lemon and cumin)", []string{"Lentil soup"}, "Lentil soup (with lemon and cumin)"},               // small part, no separator
		{"Easy Weekday Lentil Soup Recipe", []string{"Weekday Lentil Soup Recipe"}, "Weekday Lentil Soup Recipe"},
		{"Headline", nil, "Headline"},
	} {
		if got := preferHeading(c.title, c.h1s); got != c.want {
			t.Errorf("preferHeading(%q, %q) = %q, want %q", c.title, c.h1s, got, c.want)
		}
	}
}

func TestCleanAuthors(t *testing.T) {
	for _, c := range []struct{ in, site, want string }{
		{"By Jane Doe", "", "Jane Doe"},
		{"Von Max Muster; Erika Muster am", "", "Max Muster; Erika Muster"},
		{"Par Jean Dupont", "", "Jean Dupont"},
		{"Zum Profil von jdoe jdoe", "", "jdoe"},
		{"Ann Example; PhD", "", "Ann Example"},
		{"Rob Smith; Example News", "Example News", "Rob Smith"},
		{"Example News", "Example News", "Example News"}, // the site alone stays: it is the only author given
		{"Name", "", ""},
		{"Jane Doe; jane doe", "", "Jane Doe"},
		{"Di Maria", "", "Di Maria"},
	} {
		if got := strings.Join(cleanAuthors(c.in, c.site), "; "); got != c.want {
			t.Errorf("cleanAuthors(%q, %q) = %q, want %q", c.in, c.site, got, c.want)
		}
	}
}

func TestOwnSpelling(t *testing.T) {
	src := `<html><head><meta name="author" content="jane_doe"></head><body>
<script type="application/ld+json">{"author":{"url":"https://x.example/author/max-k","name":"Max K."}}</script>
<p class="byline">Written by A. B. Cooper and karl.mustermann</p>
<a href="/author/anna-berg">Anna Berg</a>
</body></html>`
	root := parseT(t, src)
	runes := []rune(bylineText(root))
	lower := lowerRunes(runes)
	for _, c := range []struct{ name, want string }{
		{"Max K", "Max K."},
		{"A B Cooper", "A. B. Cooper"},
		{"Karl Mustermann", "karl.mustermann"},
		{"Jane Doe", "jane_doe"},   // only spelling the page has
		{"Anna Berg", "Anna Berg"}, // link outside a byline: unchanged
		{"Nobody Here", "Nobody Here"},
	} {
		if got, _ := ownSpelling(c.name, runes, lower); got != c.want {
			t.Errorf("ownSpelling(%q) = %q, want %q", c.name, got, c.want)
		}
	}
}

func TestPageSpellingOrder(t *testing.T) {
	root := parseT(t, `<p class="byline">By Ann Lee, Bob Ray and Cy Doe</p>`)
	for _, in := range [][]string{{"Cy Doe", "Ann Lee", "Bob Ray"}, {"Bob Ray", "Cy Doe", "Ann Lee"}, {"Zed Zo", "Bob Ray", "Ann Lee", "Abe Ab"}} {
		got := strings.Join(pageSpelling(in, root), "; ")
		want := "Ann Lee; Bob Ray; Cy Doe"
		if len(in) == 4 {
			want = "Ann Lee; Bob Ray; Abe Ab; Zed Zo"
		}
		if got != want {
			t.Errorf("pageSpelling(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestFindDate(t *testing.T) {
	for _, c := range []struct {
		name, doc, url, lang, want, from string
	}{
		{"meta with zone", `<meta property="article:published_time" content="2020-05-06T07:08:09+02:00"><p>x</p>`, "", "", "2020-05-06T07:08:09+02:00", "meta"},
		{"url wins over meta", `<meta property="article:published_time" content="2020-05-07"><p>x</p>`, "https://n.example/2020/05/06/story", "", "2020-05-06", "url"},
		{"slug number is no day", `<meta property="article:published_time" content="2023-10-31"><p>x</p>`, "https://n.example/2023/10/5-tips-for-you/", "", "2023-10-31", "meta"},
		{"json-ld", `<script type="application/ld+json">{"@type":"NewsArticle","datePublished":"2019-11-12"}</script><p>x</p>`, "", "", "2019-11-12", "jsonld"},
		{"time element", `<body><article><time datetime="2018-03-04">4 March</time><p>text</p></article></body>`, "", "", "2018-03-04", "time"},
		{"copyright year is no date", `<body><p>Some text.</p><footer>© 2016 Someone</footer></body>`, "", "", "", ""},
		{"month and year are no date", `<body><p class="date">Heft 03/2020</p></body>`, "", "de", "", ""},
		{"first of month written out", `<body><p class="date">1. März 2020</p></body>`, "", "de", "2020-03-01", "text"},
		{"time range is no zone", `<body><div class="date">7.2.23, 14:00-15:30 Uhr</div></body>`, "", "de", "2023-02-07", "text"},
		{"day first for German", `<body><div class="date">6. 3. 2022</div></body>`, "", "de", "2022-03-06", "text"},
		{"utc in the page's own zone", `<meta property="article:published_time" content="2023-11-09T02:11:03+00:00"><meta property="article:modified_time" content="2023-11-08T22:40:00-05:00"><p>x</p>`, "", "", "2023-11-08T21:11:03-05:00", "meta"},
		{"utc midnight is a date", `<meta property="article:published_time" content="2023-11-09T00:00:00Z"><meta property="article:modified_time" content="2023-11-08T22:40:00-05:00"><p>x</p>`, "", "", "2023-11-09T00:00:00Z", "meta"},
		{"utc stays utc on a page of utc", `<meta property="article:published_time" content="2023-11-09T02:11:03Z"><p>x</p>`, "", "", "2023-11-09T02:11:03Z", "meta"},
		{"a labelled date wins", `<meta property="article:published_time" content="2021-10-15"><body><p>Erschienen am: 13.10.2021</p></body>`, "", "de", "2021-10-13", "text"},
	} {
		t.Run(c.name, func(t *testing.T) {
			doc := c.doc
			if c.lang != "" {
				doc = `<html lang="` + c.lang + `">` + doc
			}
			root := parseT(t, doc)
			got, from := findDate(root, c.url, c.url)
			if got != c.want || from != c.from {
				t.Errorf("findDate = %q from %q, want %q from %q", got, from, c.want, c.from)
			}
		})
	}
}

func TestRenderText(t *testing.T) {
	for _, c := range []struct{ doc, want string }{
		{"<p>one <b>two</b> three</p><p>four</p>", "one two three\n\nfour"},
		{"<p>see<a>this</a>page</p>", "see this page"}, // trafilatura trims around kept inline elements
		{"<p>a 40 m<sup>2</sup> flat</p>", "a 40 m2 flat"},
		{"<p>a<br>b<br><br>c</p>", "a\nb\n\nc"},
		{"<ul><li>x</li><li>y</li></ul>", "x\n\ny"},
		{"<table><tr><td>a</td><td>b</td></tr><tr><td>c</td></tr></table>", "a b\n\nc"},
		{"<pre>line 1\n  line 2</pre>", "line 1\nline 2"},
		{"<p>zero\u200bwidth and\u00a0nbsp</p>", "zerowidth and nbsp"},
		{"<p>end.</p><script>var x</script><style>p{}</style>", "end."},
		{"<p>word<a>link</a>.</p>", "word link."},
	} {
		root := parseT(t, c.doc)
		if got := renderText(root); got != c.want {
			t.Errorf("renderText(%q) = %q, want %q", c.doc, got, c.want)
		}
	}
	if got := renderText(nil); got != "" {
		t.Errorf("renderText(nil) = %q", got)
	}
}

func TestDeclaredLanguage(t *testing.T) {
	for _, c := range []struct{ doc, want string }{
		{`<html lang="de-CH"><p>x</p></html>`, "de"},
		{`<html lang="EN"><p>x</p></html>`, "en"},
		{`<html lang="x-klingon"><p>x</p></html>`, ""},
		{`<p>x</p>`, ""},
	} {
		if got := declaredLanguage(parseT(t, c.doc)); got != c.want {
			t.Errorf("declaredLanguage(%q) = %q, want %q", c.doc, got, c.want)
		}
	}
}

func TestCountNodesStopsAtLimit(t *testing.T) {
	root := parseT(t, strings.Repeat("<i>x</i>", 1000))
	if n := countNodes(root, 50); n != 50 {
		t.Errorf("countNodes with limit 50 = %d", n)
	}
	if n := countNodes(root, 1<<30); n < 2000 {
		t.Errorf("countNodes = %d, want at least 2000", n)
	}
}
