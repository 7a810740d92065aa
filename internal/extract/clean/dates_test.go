package clean

import (
	"testing"
	"time"
)

func TestDateFromText(t *testing.T) {
	tests := []struct {
		in, want string
	}{
		// English month names, with weekday, time and emphasis
		{"by X - Outlet *Friday, Dec 22 2017, 2:02am*", "2017-12-22"},
		{"December 13, 2017", "2017-12-13"},
		{"Dec. 13th, 2017 at 5:02 pm", "2017-12-13"},
		{"Sept. 5, 2019", "2019-09-05"},
		{"13 December, 2017", "2017-12-13"},
		{"1st March 2020", "2020-03-01"},
		{"posted 12:00 a.m. never; May 3, 2021 12:30 p.m.", "2021-05-03"},
		// ISO forms
		{"2017-12-13", "2017-12-13"},
		{"date 2024-01-24 https://example.com/20240124/x.html", "2024-01-24"},
		{"2017-12-13T10:00:00+01:00", "2017-12-13T10:00:00+01:00"},
		{"2017-12-13T10:00:00.123Z", "2017-12-13T10:00:00Z"},
		{"2017-12-13 08:15 UTC", "2017-12-13T08:15:00Z"},
		{"Thu, 28 Dec 2017 16:51:00 +0000", "2017-12-28T16:51:00Z"},
		{"Thu, 28 Dec 2017 16:51:00 -0500", "2017-12-28T16:51:00-05:00"},
		// numeric
		{"Thu, 12/28/2017 - 16:51 Permalink", "2017-12-28"},
		{"28/12/2017", "2017-12-28"},
		{"28.12.2017", "2017-12-28"},
		{"Stand: 28.04.2020 18:00 Uhr", "2020-04-28"},
		{"23.09.22", "2022-09-23"},
		{"02-01-2022", "2022-01-02"},
		// an ambiguous slash date gives way to an unambiguous one after it
		{"05/06/2017 or June 7, 2017", "2017-06-07"},
		{"05/06/2017", "2017-05-06"},
		// German, French, Spanish, Italian, Portuguese, Dutch
		{"13. Dezember 2017 um 14:30 Uhr", "2017-12-13"},
		{"Mi, 18. Oktober 2023", "2023-10-18"},
		{"3. März 2021", "2021-03-03"},
		{"1er janvier 2018", "2018-01-01"},
		{"mercredi 11 septembre 2019", "2019-09-11"},
		{"13 de diciembre de 2017", "2017-12-13"},
		{"Sábado 23 de abril del 2022", "2022-04-23"},
		{"5 maggio 2020", "2020-05-05"},
		{"5 de março de 2020", "2020-03-05"},
		{"5 maart 2020", "2020-03-05"},
	}
	for _, tt := range tests {
		got, ok := DateFromText(tt.in)
		if !ok || got != tt.want {
			t.Errorf("DateFromText(%q) = %q, %v; want %q", tt.in, got, ok, tt.want)
		}
	}
}

func TestDateFromTextRejects(t *testing.T) {
	for _, in := range []string{
		"",
		"December 2017",                   // no day
		"On December 27, militants fired", // no year
		"in 2017 and 2018",
		"version 1.2.2017.3",
		"31.02.2017",       // no such day
		"13/13/2017",       // no such month
		"December 7, 1941", // before any web news
		"call 030 1234 5678",
		"15:00 pm on 1.2.3",
		"may 5, 2017 is lower-case 'may'",
		"Mar 32, 2017",
	} {
		if got, ok := DateFromText(in); ok {
			t.Errorf("DateFromText(%q) = %q, want no date", in, got)
		}
	}
}

func TestDateFromTextTimeBounds(t *testing.T) {
	// An impossible time leaves the date without a time.
	if got, _ := DateFromText("2017-12-13 25:61"); got != "2017-12-13" {
		t.Errorf("got %q", got)
	}
}

func TestDateFromURL(t *testing.T) {
	tests := []struct{ in, want string }{
		{"https://sputnikglobe.example/20240124/russia-1116345092.html", "2024-01-24"},
		{"https://example.com/2017/12/22/story/", "2017-12-22"},
		{"https://example.com/news/2017-12-22-story", "2017-12-22"},
		{"https://example.de/aktuelles/08112021-fachtag", "2021-11-08"},
		{"https://example.de/detail/~02-01-2022-land-zahlte", "2022-01-02"},
		{"https://example.com/a?date=2019_03_04", "2019-03-04"},
	}
	for _, tt := range tests {
		if got, ok := DateFromURL(tt.in); !ok || got != tt.want {
			t.Errorf("DateFromURL(%q) = %q, %v; want %q", tt.in, got, ok, tt.want)
		}
	}
	for _, in := range []string{
		"",
		"https://example.com/2017/12/story", // month only
		"https://example.com/2023/10/3-questions-for", // a number opening the slug
		"https://20171222.example.com/story",          // host
		"https://example.com/story-1116345092.html",   // an id
		"https://example.com/v20171222x",              // inside a word
		"https://example.com/12345678",
	} {
		if got, ok := DateFromURL(in); ok {
			t.Errorf("DateFromURL(%q) = %q, want no date", in, got)
		}
	}
}

func TestRelativeDate(t *testing.T) {
	ref := time.Date(2024, 1, 24, 15, 0, 0, 0, time.UTC)
	tests := []struct{ in, want string }{
		{"2 days ago", "2024-01-22"},
		{"Yesterday", "2024-01-23"},
		{"vor 3 Tagen", "2024-01-21"},
		{"il y a 1 semaine", "2024-01-17"},
		{"hace 2 días", "2024-01-22"},
		{"5 hours ago", "2024-01-24"},
	}
	for _, tt := range tests {
		if got, ok := relativeDate(tt.in, ref); !ok || got != tt.want {
			t.Errorf("relativeDate(%q) = %q, %v; want %q", tt.in, got, ok, tt.want)
		}
	}
	if got, ok := relativeDate("2 days ago", time.Time{}); ok {
		t.Errorf("relative date without a reference: %q", got)
	}
	if got, ok := relativeDate("We met 2 days ago in Berlin and talked for hours about it.", ref); ok {
		t.Errorf("relative date in a sentence: %q", got)
	}
}
