package feeds

import (
	"fmt"
	"net/url"
	"strings"
)

// maxURLBytes bounds a subscription's address.
const maxURLBytes = 2048

// SubscriptionURL checks the address of a feed to subscribe to (the command
// line's and the web form's) and returns it as it is stored: http or https,
// a host, no credentials (they would be stored in the clear), no fragment,
// scheme and host in lower case.
func SubscriptionURL(raw string) (string, error) {
	if len(raw) > maxURLBytes {
		return "", fmt.Errorf("feed URL: longer than %d bytes", maxURLBytes)
	}
	u, err := url.Parse(strings.TrimSpace(raw))
	if err != nil {
		return "", fmt.Errorf("feed URL %q: %w", raw, err)
	}
	if u.Scheme != "http" && u.Scheme != "https" || u.Host == "" {
		return "", fmt.Errorf("feed URL %q: want an http or https address", raw)
	}
	if u.User != nil {
		return "", fmt.Errorf("feed URL %q: credentials in the address are not stored", raw)
	}
	u.Fragment = ""
	u.Scheme, u.Host = strings.ToLower(u.Scheme), strings.ToLower(u.Host)
	return u.String(), nil
}
