package clean

import (
	"strings"
	"testing"
	"time"
)

const para1 = "The government announced on Monday that it would raise the minimum wage by five percent from next year."
const para2 = "Unions welcomed the decision but said it came too late for many workers who had struggled for years."

func TestArticleHints(t *testing.T) {
	// Body text only: the title, date, outlet and URL come from the hints.
	h := Hints{URL: "https://www.example-news.com/2021/03/04/wage-rise", Title: "Wage rise announced",
		Outlet: "Example News", Authors: []string{" Jane  Doe "}, From: "jsonl"}
	r := Article(para1+"\n\n"+para2, h)
	check(t, "title", r.Title+" / "+r.TitleFrom, "Wage rise announced / jsonl")
	check(t, "text", r.Text, para1+"\n\n"+para2)
	check(t, "authors", strings.Join(r.Authors, ";")+" / "+r.AuthorsFrom, "Jane Doe / jsonl")
	check(t, "outlet", r.Outlet+" / "+r.OutletFrom, "Example News / jsonl")
	check(t, "url", r.URL+" / "+r.URLFrom, h.URL+" / jsonl")
	check(t, "published", r.Published+" / "+r.PublishedFrom, "2021-03-04 / url")
	check(t, "republished", r.RepublishedBy, "")

	// A stated date beats the hint; the hint beats the URL.
	h.Published = "Thu, 04 Mar 2021 09:30:00 +0100"
	r = Article(para1, h)
	check(t, "hint date", r.Published+" / "+r.PublishedFrom, "2021-03-04T09:30:00+01:00 / jsonl")
	r = Article("Wage rise announced\n\nMarch 5, 2021\n\n"+para1, h)
	check(t, "header date", r.Published+" / "+r.PublishedFrom, "2021-03-05 / header")
	check(t, "title from text", r.Title+" / "+r.TitleFrom, "Wage rise announced / text")
	check(t, "header text", r.Text, para1)
}

func TestArticleNeverInventsDate(t *testing.T) {
	r := Article("A headline\n\n"+para1+" It happened on December 27, as officials said.\n\n"+para2, Hints{})
	check(t, "published", r.Published+"|"+r.PublishedFrom, "|")
}

func TestArticleRelativeDate(t *testing.T) {
	in := "A headline\n\n2 days ago\n\n" + para1
	r := Article(in, Hints{})
	check(t, "no reference", r.Published, "")
	r = Article(in, Hints{Reference: time.Date(2024, 1, 24, 10, 0, 0, 0, time.UTC)})
	check(t, "relative", r.Published+" / "+r.PublishedFrom, "2024-01-22 / relative")
	check(t, "text", r.Text, para1)
}

func TestArticleRepublished(t *testing.T) {
	// The outlet named by the byline is not the site the page is on.
	r := Article("A headline\n\nBy Jane Doe, Reuters\n\n"+para1, Hints{URL: "https://www.aggregator.example.org/p/123"})
	check(t, "outlet", r.Outlet+" / "+r.OutletFrom, "Reuters / byline")
	check(t, "republished", r.RepublishedBy, "example.org")
	// A trailing original URL on another site than the page.
	r = Article("A headline\n\n"+para1+"\n\nSource: https://www.original-paper.com/story/1", Hints{URL: "https://copycat.net/x"})
	check(t, "url", r.URL+" / "+r.URLFrom, "https://www.original-paper.com/story/1 / footer")
	check(t, "outlet", r.Outlet+" / "+r.OutletFrom, "original-paper.com / url")
	check(t, "republished", r.RepublishedBy, "copycat.net")
	check(t, "text", r.Text, para1)
	// The outlet's own page is no republication.
	r = Article("A headline\n\nBy Jane Doe - Example News\n\n"+para1, Hints{URL: "https://examplenews.com/a"})
	check(t, "own site", r.RepublishedBy, "")
}

func TestArticleTitleRules(t *testing.T) {
	// A first line that is body text is no title.
	r := Article(para1+"\n\n"+para2, Hints{})
	check(t, "title", r.Title, "")
	check(t, "text", r.Text, para1+"\n\n"+para2)
	// A repeated headline, a read-time line and image alt words go.
	r = Article("Wage rise announced\n\nWage rise announced\nUS troops\n3 min read\n"+para1, Hints{})
	check(t, "title", r.Title, "Wage rise announced")
	check(t, "text", r.Text, para1)
	// A byline first (under a dropped date line) is a byline, not a title.
	r = Article("Updated: November 11, 2011 20:09 IST\n\nBy Jane Doe - Example News\n12 July, 2019\n\n"+para1, Hints{})
	check(t, "title", r.Title, "")
	check(t, "outlet", r.Outlet, "Example News")
	check(t, "text", r.Text, para1)
}

func TestArticleMarkdownHeadings(t *testing.T) {
	r := Article("# Wage rise announced\n\n"+para1+"\n\n## What comes next\n\n"+para2, Hints{})
	check(t, "title", r.Title, "Wage rise announced")
	check(t, "text", r.Text, para1+"\n\nWhat comes next\n\n"+para2)
}

func TestArticleLanguage(t *testing.T) {
	de := "Die Bundesregierung hat am Montag angekündigt, dass der Mindestlohn im nächsten Jahr um fünf Prozent steigen wird. Die Gewerkschaften begrüßten die Entscheidung, sagten aber, sie komme für viele Beschäftigte zu spät."
	fr := "Le gouvernement a annoncé lundi que le salaire minimum augmenterait de cinq pour cent l'année prochaine. Les syndicats ont salué la décision, mais ont dit qu'elle arrivait trop tard pour les travailleurs."
	ru := "Правительство объявило в понедельник, что минимальная заработная плата в следующем году вырастет на пять процентов."
	// An English report of results with few function words: the trigram
	// profiles read the Italian club names as Italian.
	results := "SOCCER - ITALIAN SERIE A RESULTS .\nResults on Sunday :\nBologna 1 Sampdoria 2\nCagliari 0 Lazio 0\nFiorentina 3 Piacenza 1\nNapoli 2 Reggiana 0\nPerugia 1 Udinese 1\nVicenza 2 Verona 0"
	for _, tt := range []struct{ text, want string }{{de, "de"}, {fr, "fr"}, {para1 + " " + para2, "en"}, {ru, "ru"}, {"Short.", ""}, {results, ""}} {
		check(t, "language", Article(tt.text, Hints{Title: "x"}).Language, tt.want)
	}
}

func TestArticleBoundsInput(t *testing.T) {
	huge := strings.Repeat("word ", MaxInput/5+1000)
	r := Article(huge, Hints{})
	if len(r.Text) > MaxInput {
		t.Errorf("text of %d bytes from a capped input", len(r.Text))
	}
	r = Article("bad \xff\xfe utf-8 "+para1, Hints{})
	if !strings.Contains(r.Text, "\uFFFD") {
		t.Errorf("invalid UTF-8 not replaced: %q", r.Text)
	}
}
