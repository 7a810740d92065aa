package clean

import (
	"net/url"
	"strings"

	"golang.org/x/net/publicsuffix"
)

// siteOf returns the registrable domain of a URL ("newsweek.com" for
// "http://www.newsweek.com/a"), or "" when the URL has no usable host.
func siteOf(raw string) string {
	if raw == "" || len(raw) > 4096 {
		return ""
	}
	if !strings.Contains(raw, "://") {
		raw = "http://" + raw
	}
	u, err := url.Parse(raw)
	if err != nil {
		return ""
	}
	host := strings.TrimSuffix(strings.ToLower(u.Hostname()), ".")
	if host == "" || !strings.Contains(host, ".") || strings.Trim(host, "0123456789.:[]") == "" {
		return "" // no host, or an IP address
	}
	d, err := publicsuffix.EffectiveTLDPlusOne(host)
	if err != nil {
		return ""
	}
	return d
}

// nameMatchesSite reports whether an outlet name and a registrable domain
// are the same publisher: "Newsweek" and "newsweek.com", "Al-Masdar News"
// and "almasdarnews.com", "Sky" and "skynews.com".
func nameMatchesSite(name, site string) bool {
	n := foldKey(name)
	if n == "" || site == "" {
		return false
	}
	label := site
	if i := strings.IndexByte(site, '.'); i > 0 {
		label = site[:i]
	}
	label = foldKey(label)
	if n == label {
		return true
	}
	if len(n) >= 4 && len(label) >= 4 && (strings.HasPrefix(label, n) || strings.HasPrefix(n, label)) {
		return true
	}
	// Initials: "Agence France-Presse" and "afp.com".
	var ini strings.Builder
	for _, w := range strings.FieldsFunc(name, func(r rune) bool { return r == ' ' || r == '-' }) {
		ini.WriteString(foldKey(w[:1]))
	}
	return len(label) >= 2 && ini.Len() >= 2 && ini.String() == label
}
