package fetch

import (
	"net/http"
	"strconv"
	"strings"
	"time"
)

// maxWait caps any duration a server dictates (Retry-After, max-age): the
// values are untrusted, and a year-long wait would silence a host for good.
const maxWait = 24 * time.Hour

// parseMaxAge returns the max-age of a Cache-Control header value, zero when
// it is absent or malformed or when no-store or no-cache forbid reuse.
func parseMaxAge(cc string) time.Duration {
	var age time.Duration
	for _, d := range strings.Split(cc, ",") {
		name, val, _ := strings.Cut(strings.TrimSpace(d), "=")
		switch strings.ToLower(strings.TrimSpace(name)) {
		case "no-store", "no-cache":
			return 0
		case "max-age":
			age = seconds(strings.Trim(strings.TrimSpace(val), `"`))
		}
	}
	return age
}

// parseRetryAfter returns the wait a Retry-After value asks for: delay
// seconds or an HTTP date; zero when absent, malformed or in the past.
func parseRetryAfter(v string, now time.Time) time.Duration {
	v = strings.TrimSpace(v)
	if v == "" {
		return 0
	}
	if d := seconds(v); d > 0 {
		return d
	}
	t, err := http.ParseTime(v)
	if err != nil {
		return 0
	}
	return min(max(t.Sub(now), 0), maxWait)
}

// seconds parses a non-negative count of seconds, capped at maxWait.
func seconds(v string) time.Duration {
	n, err := strconv.ParseInt(v, 10, 64)
	if err != nil || n < 0 {
		return 0
	}
	if n > int64(maxWait/time.Second) {
		return maxWait
	}
	return time.Duration(n) * time.Second
}

// defaultUserAgent is sent unless Options.UserAgent says otherwise.
const defaultUserAgent = "Storyline/1.0 (+https://github.com/storyline-news/storyline)"

// userAgent builds the User-Agent header: an explicit one as given, else
// the default with the contact, if any, in place of the project URL.
func userAgent(ua, contact string) string {
	ua = clean(ua)
	if ua != "" {
		return ua
	}
	if contact = clean(contact); contact != "" {
		return "Storyline/1.0 (+" + contact + ")"
	}
	return defaultUserAgent
}

// clean drops control characters, which would make every request fail
// header validation.
func clean(s string) string {
	return strings.TrimSpace(strings.Map(func(r rune) rune {
		if r < ' ' || r == 0x7f {
			return -1
		}
		return r
	}, s))
}

// productToken is the name robots.txt groups are matched against: the
// User-Agent up to its first slash or space ("Storyline").
func productToken(ua string) string {
	if i := strings.IndexAny(ua, "/ "); i >= 0 {
		ua = ua[:i]
	}
	return ua
}
