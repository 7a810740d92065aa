package pipeline

import (
	"net/url"
	"sort"
	"strings"

	"github.com/storyline-news/storyline/internal/news"
)

// trackingParams are query parameters that say how a reader arrived, not
// which page they read.
var trackingParams = map[string]bool{
	"fbclid": true, "gclid": true, "dclid": true, "gclsrc": true, "msclkid": true, "yclid": true,
	"mc_cid": true, "mc_eid": true, "igshid": true, "_ga": true, "_gl": true, "ocid": true,
	"cmpid": true, "smid": true, "ref_src": true, "twclid": true, "wt.mc_id": true, "s_cid": true,
}

// NormalizeURL returns the form of a web address that identifies the page:
// scheme and host lower-cased, the default port, the fragment and tracking
// parameters (utm_*, fbclid, gclid ...) removed, the remaining parameters
// sorted. It returns "" for anything that is not an http(s) address.
func NormalizeURL(raw string) string {
	u, err := url.Parse(strings.TrimSpace(raw))
	if err != nil || u.Host == "" {
		return ""
	}
	u.Scheme = strings.ToLower(u.Scheme)
	if u.Scheme != "http" && u.Scheme != "https" {
		return ""
	}
	host := strings.ToLower(u.Hostname())
	if p := u.Port(); p != "" && !(u.Scheme == "http" && p == "80") && !(u.Scheme == "https" && p == "443") {
		host += ":" + p
	}
	u.Host, u.User, u.Fragment, u.RawFragment = host, nil, "", ""
	if u.Path == "" {
		u.Path = "/"
	}
	q := u.Query()
	for k := range q {
		lk := strings.ToLower(k)
		if strings.HasPrefix(lk, "utm_") || trackingParams[lk] {
			delete(q, k)
		}
	}
	keys := make([]string, 0, len(q))
	for k := range q {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	var b strings.Builder
	for _, k := range keys {
		vs := q[k]
		sort.Strings(vs)
		for _, v := range vs {
			if b.Len() > 0 {
				b.WriteByte('&')
			}
			b.WriteString(url.QueryEscape(k) + "=" + url.QueryEscape(v))
		}
	}
	u.RawQuery = b.String()
	return u.String()
}

// siteOf is a host without the prefixes one site serves its pages under.
func siteOf(host string) string {
	for _, p := range []string{"www.", "m.", "amp.", "mobile."} {
		host = strings.TrimPrefix(host, p)
	}
	return host
}

// Identity returns the key of the article a document is a version of:
//   - its normalised canonical URL, when an HTML page names one on its own
//     site (a canonical link to another site is the copy's claim about its
//     original: trusted, it would make the copy overwrite the original);
//   - else the normalised address it was fetched from;
//   - else its input's own id within its source.
//
// The scheme is left out: the http and https addresses of a page are one
// article.
func Identity(d news.Document, a *news.Article) string {
	fetched := NormalizeURL(d.URL)
	var canon string
	if d.Format == news.FormatHTML {
		// Only a page declares its canonical address; an address a plain
		// text mentions may be anyone's.
		canon = NormalizeURL(a.URL)
	}
	if canon != "" && fetched != "" {
		cu, _ := url.Parse(canon)
		fu, _ := url.Parse(fetched)
		// A canonical link to the site's front page (a common template
		// error) would make every page of the site one article.
		if siteOf(cu.Host) != siteOf(fu.Host) || (cu.Path == "/" && fu.Path != "/") {
			canon = ""
		}
	}
	switch {
	case canon != "":
		return "url:" + stripScheme(canon)
	case fetched != "":
		return "url:" + stripScheme(fetched)
	}
	if d.Source != "" {
		return "id:" + d.Source + "\x00" + d.SourceID
	}
	return "id:" + d.SourceID
}

func stripScheme(u string) string {
	_, rest, _ := strings.Cut(u, "://")
	return rest
}
