package feeds

import (
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"net/url"
	"strings"
	"time"

	"golang.org/x/net/html/charset"
)

// Subscription is one feed of a subscription list.
type Subscription struct {
	URL     string // the feed's address (OPML xmlUrl)
	Title   string
	HTMLURL string // the site's address (OPML htmlUrl); "" when unknown
}

// maxOPMLBytes bounds an OPML file read: even lists of thousands of feeds
// take a few megabytes.
const maxOPMLBytes = MaxBytes

// ReadOPML reads a subscription list exported by a feed reader: every
// <outline> with an xmlUrl, at any depth (readers nest feeds in category
// outlines), whose type is rss, atom or absent. Feeds listed twice are
// read once, with the first title found; an xmlUrl that is not an http or
// https URL is left out, since a subscription is fetched over HTTP. After
// an XML syntax error it returns the subscriptions read before it with the
// error.
func ReadOPML(r io.Reader) ([]Subscription, error) {
	lr := &io.LimitedReader{R: r, N: maxOPMLBytes + 1}
	d := xml.NewDecoder(lr)
	// Not strict: exports are known to hold raw "&" in URLs. encoding/xml
	// expands no entity beyond the five XML ones in either mode.
	d.Strict = false
	d.CharsetReader = charset.NewReaderLabel
	var subs []Subscription
	seen := map[string]bool{}
	root := true
	for {
		tok, err := d.Token()
		if lr.N <= 0 {
			return subs, fmt.Errorf("opml: more than %d bytes", maxOPMLBytes)
		}
		if err == io.EOF {
			if root {
				return nil, errors.New("opml: empty")
			}
			return subs, nil
		}
		if err != nil {
			return subs, fmt.Errorf("opml: %w", err)
		}
		se, ok := tok.(xml.StartElement)
		if !ok {
			continue
		}
		if root {
			if !strings.EqualFold(se.Name.Local, "opml") {
				return nil, fmt.Errorf("opml: root element is <%s>, not <opml>", truncate(se.Name.Local, 64))
			}
			root = false
			continue
		}
		if !strings.EqualFold(se.Name.Local, "outline") {
			continue
		}
		s, typ := outline(se.Attr)
		if s.URL == "" || seen[s.URL] || !isWebURL(s.URL) {
			continue
		}
		if typ = strings.ToLower(typ); typ != "" && typ != "rss" && typ != "atom" {
			continue // "link", "include" (another OPML file), "song" ...
		}
		seen[s.URL] = true
		subs = append(subs, s)
	}
}

// outline reads an <outline>'s attributes. Attribute names are matched
// without case: exports write xmlUrl, xmlURL and xmlurl.
func outline(attrs []xml.Attr) (s Subscription, typ string) {
	var text string
	for _, a := range attrs {
		v := strings.TrimSpace(a.Value)
		switch strings.ToLower(a.Name.Local) {
		case "xmlurl":
			s.URL = v
		case "htmlurl":
			s.HTMLURL = v
		case "title":
			s.Title = oneLine(v)
		case "text":
			text = oneLine(v)
		case "type":
			typ = v
		}
	}
	if s.Title == "" {
		s.Title = text
	}
	return s, typ
}

// isWebURL reports an absolute http or https URL.
func isWebURL(s string) bool {
	u, err := url.Parse(s)
	return err == nil && (u.Scheme == "http" || u.Scheme == "https") && u.Host != ""
}

// now is time.Now, fixed by tests.
var now = time.Now

// opmlDoc is an OPML 2.0 document as WriteOPML writes it.
type opmlDoc struct {
	XMLName xml.Name `xml:"opml"`
	Version string   `xml:"version,attr"`
	Head    struct {
		Title       string `xml:"title"`
		DateCreated string `xml:"dateCreated"`
	} `xml:"head"`
	Body struct {
		Outlines []opmlOutline `xml:"outline"`
	} `xml:"body"`
}

type opmlOutline struct {
	Type    string `xml:"type,attr"`
	Text    string `xml:"text,attr"`
	Title   string `xml:"title,attr,omitempty"`
	XMLURL  string `xml:"xmlUrl,attr"`
	HTMLURL string `xml:"htmlUrl,attr,omitempty"`
}

// rfc822 is the date form OPML asks for (RFC 822, with a four-digit year).
const rfc822 = "Mon, 02 Jan 2006 15:04:05 GMT"

// WriteOPML writes subs as an OPML 2.0 subscription list titled title, one
// outline of type rss a feed, as feed readers import it. An outline's text,
// which OPML requires, is the feed's title, else its URL.
func WriteOPML(w io.Writer, title string, subs []Subscription) error {
	doc := opmlDoc{Version: "2.0"}
	doc.Head.Title = title
	doc.Head.DateCreated = now().UTC().Format(rfc822)
	doc.Body.Outlines = make([]opmlOutline, 0, len(subs))
	for _, s := range subs {
		text := s.Title
		if text == "" {
			text = s.URL
		}
		doc.Body.Outlines = append(doc.Body.Outlines, opmlOutline{
			Type: "rss", Text: text, Title: s.Title, XMLURL: s.URL, HTMLURL: s.HTMLURL,
		})
	}
	if _, err := io.WriteString(w, xml.Header); err != nil {
		return err
	}
	enc := xml.NewEncoder(w)
	enc.Indent("", "  ")
	if err := enc.Encode(doc); err != nil {
		return err
	}
	_, err := io.WriteString(w, "\n")
	return err
}
