package feeds

import (
	"bytes"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"
)

// TestReadOPML reads exports shaped as feed readers write them: feeds
// nested in categories, listed twice, beside outlines that are no feed.
func TestReadOPML(t *testing.T) {
	for _, tc := range []struct {
		file string
		want []Subscription
	}{
		{"feedly.opml", []Subscription{
			{"https://gazette.example.org/feed/", "Example Gazette", "https://gazette.example.org"},
			{"https://courier.example.net/rss?section=news&format=full", "Valley Courier", "https://courier.example.net/"},
			{"https://quotidien.example.fr/atom.xml", "Le Quotidien d'Exemple", "https://quotidien.example.fr/"},
		}},
		{"thunderbird.opml", []Subscription{
			{"https://herald.example.com/feed.xml", "Coast Herald", "https://herald.example.com/"},
			{"https://rdf.example.org/index.rdf", "RDF Weekly", "https://rdf.example.org/"},
		}},
		{"miniflux.opml", []Subscription{
			{"https://json.example.org/feed.json", "Example JSON News", "https://json.example.org/"},
			{"https://talk.example.org/podcast.rss", "Harbour Talk", ""},
		}},
	} {
		t.Run(tc.file, func(t *testing.T) {
			f, err := os.Open(filepath.Join("testdata", "opml", tc.file))
			if err != nil {
				t.Fatal(err)
			}
			defer f.Close()
			got, err := ReadOPML(f)
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(got, tc.want) {
				t.Errorf("got  %+v\nwant %+v", got, tc.want)
			}
		})
	}
}

func TestReadOPMLErrors(t *testing.T) {
	for _, tc := range []struct {
		in, err string
		n       int // subscriptions read before the error
	}{
		{"", "opml: empty", 0},
		{`<?xml version="1.0"?><rss><channel/></rss>`, "root element is <rss>, not <opml>", 0},
		{`<opml><body><outline xmlUrl="https://a.example/f"/><outline xmlUrl="https://b.example/f" <`, "opml: XML syntax error", 1},
		{`<opml><body><outline xmlUrl="https://a.example/f"/>`, "opml: XML syntax error on line 1: unexpected EOF", 1},
		{"<opml>" + strings.Repeat(" ", maxOPMLBytes) + "</opml>", "more than", 0},
	} {
		got, err := ReadOPML(strings.NewReader(tc.in))
		if err == nil || !strings.Contains(err.Error(), tc.err) || len(got) != tc.n {
			t.Errorf("%.60q: %d subscriptions, err %v; want %d, %q", tc.in, len(got), err, tc.n, tc.err)
		}
	}
}

// TestReadOPMLLenient: what real exports get wrong is read anyway.
func TestReadOPMLLenient(t *testing.T) {
	in := `<?xml version="1.0" encoding="ISO-8859-1"?>
<OPML version="1.1"><body>
<outline text="Caf` + "\xe9" + ` News" xmlURL=" https://cafe.example.org/rss?a=1&b=2 " type="RSS"/>
<outline text="Script" xmlUrl="javascript:alert(1)"/>
<outline text="Local file" xmlUrl="file:///etc/passwd"/>
<outline text="Empty" xmlUrl=""/>
</body></OPML>`
	got, err := ReadOPML(strings.NewReader(in))
	want := []Subscription{{URL: "https://cafe.example.org/rss?a=1&b=2", Title: "Café News"}}
	if err != nil || !reflect.DeepEqual(got, want) {
		t.Errorf("got %+v, err %v; want %+v", got, err, want)
	}
}

func TestWriteOPML(t *testing.T) {
	defer func(f func() time.Time) { now = f }(now)
	now = func() time.Time { return time.Date(2024, 3, 7, 11, 30, 0, 0, time.FixedZone("CET", 3600)) }
	subs := []Subscription{
		{URL: "https://gazette.example.org/feed/", Title: "Example Gazette", HTMLURL: "https://gazette.example.org/"},
		{URL: "https://x.example/rss?a=1&b=<2>", Title: `Tom & "Jerry" <News>`},
		{URL: "https://untitled.example/feed"},
	}
	var b bytes.Buffer
	if err := WriteOPML(&b, "Storyline & friends", subs); err != nil {
		t.Fatal(err)
	}
	want := `<?xml version="1.0" encoding="UTF-8"?>
<opml version="2.0">
  <head>
    <title>Storyline &amp; friends</title>
    <dateCreated>Thu, 07 Mar 2024 10:30:00 GMT</dateCreated>
  </head>
  <body>
    <outline type="rss" text="Example Gazette" title="Example Gazette" xmlUrl="https://gazette.example.org/feed/" htmlUrl="https://gazette.example.org/"></outline>
    <outline type="rss" text="Tom &amp; &#34;Jerry&#34; &lt;News&gt;" title="Tom &amp; &#34;Jerry&#34; &lt;News&gt;" xmlUrl="https://x.example/rss?a=1&amp;b=&lt;2&gt;"></outline>
    <outline type="rss" text="https://untitled.example/feed" xmlUrl="https://untitled.example/feed"></outline>
  </body>
</opml>
`
	if got := b.String(); got != want {
		t.Errorf("got\n%s\nwant\n%s", got, want)
	}
	back, err := ReadOPML(&b)
	if err != nil {
		t.Fatal(err)
	}
	// The untitled feed comes back titled with its URL, as OPML's text.
	subs[2].Title = subs[2].URL
	if !reflect.DeepEqual(back, subs) {
		t.Errorf("round trip %+v\nwant       %+v", back, subs)
	}
}

// TestOPMLRoundTrip: a real-world export, written and read again, keeps
// every feed.
func TestOPMLRoundTrip(t *testing.T) {
	for _, file := range []string{"feedly.opml", "thunderbird.opml", "miniflux.opml"} {
		data, err := os.ReadFile(filepath.Join("testdata", "opml", file))
		if err != nil {
			t.Fatal(err)
		}
		subs, err := ReadOPML(bytes.NewReader(data))
		if err != nil {
			t.Fatal(err)
		}
		var b bytes.Buffer
		if err := WriteOPML(&b, file, subs); err != nil {
			t.Fatal(err)
		}
		back, err := ReadOPML(&b)
		if err != nil || !reflect.DeepEqual(back, subs) {
			t.Errorf("%s: round trip %+v, err %v\nwant %+v", file, back, err, subs)
		}
	}
}
