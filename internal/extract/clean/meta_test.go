package clean

import (
	"strings"
	"testing"
)

func TestParseByline(t *testing.T) {
	tests := []struct {
		in              string
		authors, outlet string
		poster, date    string
	}{
		{"by John Haltiwanger via jaxie - Newsweek *Friday, Dec 22 2017, 2:02am*", "John Haltiwanger", "Newsweek", "jaxie", "2017-12-22"},
		{"Submitted by Leith Fadel via Al-Masdar News,", "Leith Fadel", "Al-Masdar News", "", ""},
		{"By Jane Doe and Max Mustermann", "Jane Doe; Max Mustermann", "", "", ""},
		{"By Jane Doe, Max Mustermann & Ana de la Cruz", "Jane Doe; Max Mustermann; Ana de la Cruz", "", "", ""},
		{"Jane Doe, Reuters", "Jane Doe", "Reuters", "", ""},
		{"Von Anna Schmidt und Jan van der Berg (dpa)", "Anna Schmidt; Jan van der Berg", "dpa", "", ""},
		{"By Jane Doe, Senior Correspondent | The Daily Example | 13 December 2017", "Jane Doe", "The Daily Example", "", "2017-12-13"},
		{"Par Marie Dupont", "Marie Dupont", "", "", ""},
		{"Posted by Jane Doe on December 13, 2017", "Jane Doe", "", "", "2017-12-13"},
		{"By Jane Doe | Published Wednesday, December 13, 2017 10:02 am", "Jane Doe", "", "", "2017-12-13"},
	}
	for _, tt := range tests {
		b, ok := parseByline(tt.in)
		if !ok {
			t.Errorf("parseByline(%q): no byline", tt.in)
			continue
		}
		date := ""
		if b.hasDate {
			date = b.date.String()
		}
		got := strings.Join(b.authors, "; ") + " | " + b.outlet + " | " + b.poster + " | " + date
		want := tt.authors + " | " + tt.outlet + " | " + tt.poster + " | " + tt.date
		if got != want {
			t.Errorf("parseByline(%q) = %q, want %q", tt.in, got, want)
		}
	}
}

func TestParseBylineRejects(t *testing.T) {
	for _, in := range []string{
		"By contrast, the company said profits fell.",
		"By the numbers: what the budget means",
		"By Monday, the troops had left the base.",
		"Russia, Iran and Turkey",
		"Berlin, Germany",
		"by 2020 the plan had failed",
	} {
		if b, ok := parseByline(in); ok {
			t.Errorf("parseByline(%q) = %+v, want no byline", in, b)
		}
	}
}

func TestParseDateline(t *testing.T) {
	tests := []struct{ in, agency, date string }{
		{"ASTANA (Sputnik) - Russia sees no intentions", "Sputnik", ""},
		{"Berlin (dpa) – Die Regierung hat", "dpa", ""},
		{"WASHINGTON, Dec 13, 2017 (Reuters) - The U.S. said", "Reuters", "2017-12-13"},
		{"WASHINGTON — The president said", "", ""},
	}
	for _, tt := range tests {
		d, ok := parseDateline(tt.in)
		if !ok {
			t.Errorf("parseDateline(%q): none", tt.in)
			continue
		}
		date := ""
		if d.hasDate {
			date = d.date.String()
		}
		if d.agency != tt.agency || date != tt.date {
			t.Errorf("parseDateline(%q) = %q %q, want %q %q", tt.in, d.agency, date, tt.agency, tt.date)
		}
	}
	for _, in := range []string{
		"The Astana Format - Russia, Turkey and Iran - met.",
		"He said the war - which began in 2011 - is over.",
		"Russia, Turkey and Iran - as well as the Syrian government",
	} {
		if d, ok := parseDateline(in); ok {
			t.Errorf("parseDateline(%q) = %+v, want none", in, d)
		}
	}
}

func TestIsCrumbs(t *testing.T) {
	for _, in := range []string{"international / prose / post", "Home > Politics > Europe", "News | Syria"} {
		if !isCrumbs(in, 2) {
			t.Errorf("isCrumbs(%q) = false", in)
		}
	}
	for _, in := range []string{"Russia / US relations", "War and peace / a history of the Syrian conflict in ten chapters", "He said: yes / no."} {
		if isCrumbs(in, 2) {
			t.Errorf("isCrumbs(%q) = true", in)
		}
	}
}

func TestSiteAndName(t *testing.T) {
	tests := []struct{ url, site string }{
		{"http://www.newsweek.com/russia-756463", "newsweek.com"},
		{"https://news.bbc.co.uk/a", "bbc.co.uk"},
		{"jungledrum.lingama.net/news/story-3068.html", "lingama.net"},
		{"http://127.0.0.1/x", ""},
		{"not a url", ""},
	}
	for _, tt := range tests {
		if got := siteOf(tt.url); got != tt.site {
			t.Errorf("siteOf(%q) = %q, want %q", tt.url, got, tt.site)
		}
	}
	for _, p := range [][2]string{{"Newsweek", "newsweek.com"}, {"Al-Masdar News", "almasdarnews.com"}, {"Agence France-Presse", "afp.com"}} {
		if !nameMatchesSite(p[0], p[1]) {
			t.Errorf("nameMatchesSite(%q, %q) = false", p[0], p[1])
		}
	}
	if nameMatchesSite("Newsweek", "lingama.net") {
		t.Error("Newsweek matched lingama.net")
	}
}

func TestExportedHelpers(t *testing.T) {
	check(t, "Site", Site("https://www.newsweek.com/a"), "newsweek.com")
	check(t, "Language", Language("Die Bundesregierung hat am Montag angekündigt, dass der Mindestlohn im nächsten Jahr steigen wird, und die Gewerkschaften sind damit nicht zufrieden."), "de")
}
