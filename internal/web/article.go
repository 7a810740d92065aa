package web

import (
	"net/http"
	"strconv"
	"strings"

	"github.com/storyline-news/storyline/internal/news"
	"github.com/storyline-news/storyline/internal/store"
)

type metaField struct {
	Name, Value, From string
	Link              bool // Value is an address to link to
}

type quoteRow struct {
	Index            int
	Q                news.Quote
	SpeakerID        int64
	Speaker          string
	Found            bool
	Date             string
	DirectOrReported string
}

type articlePage struct {
	A         *news.Article
	Title     string
	Meta      []metaField
	Paras     []para
	Quotes    []quoteRow
	Entities  []news.Entity
	Original  *news.Article
	Copies    []*news.Article
	Event     *store.EventRow
	Storyline *store.StorylineRow
	RawPath   string
	Revisions []store.RevisionRow
}

// maxCopies caps the copies an article page lists.
const maxCopies = 100

func (s *Server) article(r *http.Request) (*view, error) {
	id, err := pathID(r)
	if err != nil {
		return nil, err
	}
	ctx := r.Context()
	a, err := s.st.Get(ctx, id)
	if err != nil {
		return nil, err
	}
	ents := s.entities(ctx)
	ents.loadNamed(a)
	p := articlePage{A: a, Title: titleOrLead(a), RawPath: "/articles/" + strconv.FormatInt(a.ID, 10) + "/raw"}
	p.Meta = articleMeta(a)
	qs, found := quoteSpans(a.Text, a.Quotes)
	p.Paras = markText(a.Text, qs, entitySpans(a.Text, a.Entities))
	for i, q := range a.Quotes {
		sid, name := ents.speaker(q)
		kind := "reported"
		if q.Direct {
			kind = "direct"
		}
		if !q.IsSpeech() {
			kind = "belief or intention" // "Trump wants to …": ascribed, not said
		}
		p.Quotes = append(p.Quotes, quoteRow{Index: i, Q: q, SpeakerID: sid, Speaker: name, Found: found[i], Date: dateOrUndated(q.SaidOn), DirectOrReported: kind})
	}
	p.Entities = a.Entities
	for i, en := range p.Entities {
		if c := ents.get(en.ID); c != nil {
			p.Entities[i].Name = c.Name
		}
	}
	if a.DuplicateOf != 0 {
		if o, err := s.st.Get(ctx, a.DuplicateOf); err == nil {
			p.Original = o
		} else if !isNotFound(err) {
			return nil, err
		}
	}
	if p.Copies, err = s.articles(ctx, store.Query{DuplicateOf: a.ID, Limit: maxCopies}); err != nil {
		return nil, err
	}
	if a.Event != 0 {
		ev, err := s.st.Event(ctx, a.Event)
		switch {
		case err == nil:
			p.Event = &ev
		case !isNotFound(err):
			return nil, err
		}
	}
	if p.Revisions, err = s.st.Revisions(ctx, a.ID); err != nil {
		return nil, err
	}
	if a.Storyline != 0 {
		sl, err := s.st.Storyline(ctx, a.Storyline)
		switch {
		case err == nil:
			p.Storyline = &sl
		case !isNotFound(err):
			return nil, err
		}
	}
	return &view{name: "article", title: p.Title, data: p}, nil
}

// articleMeta lists an article's metadata, each field with where it came
// from.
func articleMeta(a *news.Article) []metaField {
	m := []metaField{
		{Name: "Outlet", Value: a.Outlet, From: a.OutletFrom},
		{Name: "Republished by", Value: a.RepublishedBy},
		{Name: "Title", Value: a.Title, From: a.TitleFrom},
		{Name: "Authors", Value: strings.Join(a.Authors, "; "), From: a.AuthorsFrom},
		{Name: "Published", Value: a.Published, From: a.PublishedFrom},
		{Name: "Language", Value: a.Language},
		{Name: "Site name", Value: a.SiteName},
		{Name: "Address", Value: a.URL, Link: webAddress(a.URL)},
		{Name: "Read from", Value: a.FetchedURL, Link: webAddress(a.FetchedURL)},
		{Name: "Source id", Value: a.SourceID},
		{Name: "Revision", Value: strconv.Itoa(a.Revision)},
	}
	out := m[:0]
	for _, f := range m {
		if f.Value != "" && !(f.Name == "Read from" && f.Value == a.URL) {
			out = append(out, f)
		}
	}
	return out
}

// webAddress reports whether an address is a web page's, to link to; any
// other (javascript:, data:, a file name) is shown as text only.
func webAddress(u string) bool {
	l := strings.ToLower(u)
	return strings.HasPrefix(l, "https://") || strings.HasPrefix(l, "http://")
}

// raw serves an article's raw input as a download, never rendered: plain
// text, not sniffed, as an attachment.
func (s *Server) raw(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	var d news.Document
	name := "article-" + strconv.FormatInt(id, 10)
	if rs := r.PathValue("rev"); rs != "" {
		rev, perr := strconv.Atoi(rs)
		if perr != nil || rev <= 0 {
			s.fail(w, r, errNotFound("no such revision"))
			return
		}
		d, err = s.st.RawRevision(r.Context(), id, rev)
		name += "-rev" + strconv.Itoa(rev)
	} else {
		d, err = s.st.Raw(r.Context(), id)
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if d.Format == news.FormatHTML {
		name += ".html"
	}
	name += ".txt"
	h := w.Header()
	h.Set("Content-Type", "text/plain; charset=utf-8")
	h.Set("Content-Disposition", `attachment; filename="`+name+`"`)
	h.Set("Cache-Control", "no-cache")
	// A sandbox on top of the site's policy: were a browser to display it
	// after all, it runs nothing.
	h.Set("Content-Security-Policy", ContentSecurityPolicy+"; sandbox")
	h.Set("Content-Length", strconv.Itoa(len(d.Content)))
	if r.Method != http.MethodHead {
		w.Write([]byte(d.Content))
	}
}
