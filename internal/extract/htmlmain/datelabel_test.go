package htmlmain

import (
	"testing"
	"time"
)

func TestLabelledDate(t *testing.T) {
	for _, c := range []struct{ name, doc, want string }{
		{"german label", `<html lang="de"><body><span>Erschienen am:</span> <h2>13.10.2021</h2></body></html>`, "2021-10-13"},
		{"english month first", `<html lang="en"><body><p>Published November 9, 2023 5:00am EST</p></body></html>`, "2023-11-09"},
		{"english slashed month first", `<html lang="en"><body><p>Published: 11/09/2023</p></body></html>`, "2023-11-09"},
		{"french slashed is day first", `<html lang="fr"><body><p>Publié le 02/11/2023 à 14h49</p></body></html>`, "2023-11-02"},
		{"weekday before the date", `<html lang="de"><body><p>Veröffentlicht am Mi., 02.11.2023</p></body></html>`, "2023-11-02"},
		{"label inside a word is none", `<html lang="de"><body><p>Erscheinungsdatum: 14.08.2017</p></body></html>`, ""},
		{"bare Datum is none", `<html lang="de"><body><p>Datum: 31/08/2019 Uhrzeit: ab Mitternacht</p></body></html>`, ""},
		{"teasers with their own days", `<html lang="de"><body><p>A veröffentlicht am Januar 20, 2022</p><p>B veröffentlicht am Januar 24, 2022</p></body></html>`, ""},
		{"the same day twice", `<body><p>Published 3 May 2021</p><p>Published on 3 May 2021</p></body>`, "2021-05-03"},
		{"a later date is not the label's", `<body><p>Published by the editors of the weekly review, 3 May 2021</p></body>`, ""},
		{"scripts are not text", `<body><script>var s = "Published 3 May 2021";</script><p>x</p></body>`, ""},
	} {
		t.Run(c.name, func(t *testing.T) {
			got, ok := labelledDate(parseT(t, c.doc))
			if got != c.want || ok != (c.want != "") {
				t.Errorf("labelledDate = %q, %v; want %q", got, ok, c.want)
			}
		})
	}
}

// FuzzDateRules runs the labelled-date and page-zone readers on arbitrary
// pages: they must not panic, a labelled date must be a calendar day and a
// page zone a real offset.
func FuzzDateRules(f *testing.F) {
	for _, s := range []string{
		`<p>Erschienen am: 13.10.2021</p>`,
		`<p>Publié le 02/11/2023 à 14h49</p>`,
		`<p>Published November 9, 2023</p><p>Published 3 May 2021</p>`,
		`<meta content="2023-11-08T22:40:00-05:00"><time datetime="2020-12-24T23:59:50+02:00">x</time>`,
		`<p>2023-11-08T22:40:00+99:99 Veröffentlicht am 31.02.2021</p>`,
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, doc string) {
		root, err := Parse(doc)
		if err != nil {
			return
		}
		if day, ok := labelledDate(root); ok {
			if _, err := time.Parse("2006-01-02", day); err != nil {
				t.Fatalf("labelledDate = %q, not a day", day)
			}
		}
		if zone, ok := pageZone(root); ok {
			if _, off := time.Date(2020, 1, 1, 0, 0, 0, 0, zone).Zone(); off < -14*3600 || off > 14*3600 {
				t.Fatalf("pageZone offset %d", off)
			}
		}
	})
}
