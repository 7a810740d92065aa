package api

import (
	"encoding/base64"
	"encoding/json"
	"net/http"
	"slices"
	"strconv"
	"time"
)

// Page sizes: the default, and the most a client may ask for (a larger
// limit is lowered to it).
const (
	defaultLimit = 50
	maxLimit     = 200
)

// params reads a request's query parameters: only those a resource
// declares, each at most once, so that a mistyped filter is an error
// rather than silently ignored.
type params struct {
	r *http.Request
}

func query(r *http.Request, allowed ...string) (params, error) {
	for k, vs := range r.URL.Query() {
		if !slices.Contains(allowed, k) {
			return params{}, badParam(k, "unknown parameter (this resource takes: %v)", allowed)
		}
		if len(vs) > 1 {
			return params{}, badParam(k, "given more than once")
		}
	}
	return params{r}, nil
}

func (p params) str(name string) string { return p.r.URL.Query().Get(name) }

// id reads a positive integer id, 0 when absent.
func (p params) id(name string) (int64, error) {
	v := p.str(name)
	if v == "" {
		return 0, nil
	}
	n, err := strconv.ParseInt(v, 10, 64)
	if err != nil || n <= 0 {
		return 0, badParam(name, "want a positive integer id, got %q", v)
	}
	return n, nil
}

// date reads a day, YYYY-MM-DD; "" when absent.
func (p params) date(name string) (string, error) {
	v := p.str(name)
	if v == "" {
		return "", nil
	}
	if _, err := time.Parse(time.DateOnly, v); err != nil {
		return "", badParam(name, "want a date YYYY-MM-DD, got %q", v)
	}
	return v, nil
}

// limit reads the page size: defaultLimit when absent, lowered to
// maxLimit.
func (p params) limit() (int, error) {
	v := p.str("limit")
	if v == "" {
		return defaultLimit, nil
	}
	n, err := strconv.Atoi(v)
	if err != nil || n <= 0 {
		return 0, badParam("limit", "want a positive integer, got %q", v)
	}
	return min(n, maxLimit), nil
}

// oneOf reads a parameter that takes one of a few values; def when absent.
func (p params) oneOf(name, def string, values ...string) (string, error) {
	v := p.str(name)
	if v == "" {
		return def, nil
	}
	if !slices.Contains(values, v) {
		return "", badParam(name, "want one of %v, got %q", values, v)
	}
	return v, nil
}

// pathID reads the {id} of a resource's path.
func pathID(r *http.Request) (int64, error) {
	v := r.PathValue("id")
	n, err := strconv.ParseInt(v, 10, 64)
	if err != nil || n <= 0 {
		return 0, badParam("id", "want a positive integer id, got %q", v)
	}
	return n, nil
}

// cursor is where a page ends, sent to the client as an opaque string.
// Kind names the list it belongs to, so that a cursor of one list is
// refused by another. A keyset list (ids in order) continues after After;
// a list in the store's own order continues at Offset; quotes in time
// order continue after (Day, After, Index).
type cursor struct {
	Kind   string `json:"k"`
	After  int64  `json:"a,omitempty"`
	Offset int    `json:"o,omitempty"`
	Day    string `json:"d,omitempty"`
	Index  int    `json:"i,omitempty"`
	Store  string `json:"s,omitempty"` // a store's own cursor (search)
}

func (c cursor) String() string {
	b, _ := json.Marshal(c)
	return base64.RawURLEncoding.EncodeToString(b)
}

// cursor reads the ?cursor of a list of the given kind; the zero cursor
// (the first page) when absent.
func (p params) cursor(kind string) (cursor, error) {
	v := p.str("cursor")
	if v == "" {
		return cursor{Kind: kind}, nil
	}
	var c cursor
	b, err := base64.RawURLEncoding.DecodeString(v)
	if err == nil {
		err = json.Unmarshal(b, &c)
	}
	if err != nil || c.Kind != kind || c.After < 0 || c.Offset < 0 || c.Index < 0 {
		return cursor{}, badParam("cursor", "not a cursor of this list (give back a response's \"next\" unchanged)")
	}
	return c, nil
}

// page is a list response: the items and, unless this is the last page,
// the cursor of the next one.
type page[T any] struct {
	Items []T    `json:"items"`
	Next  string `json:"next,omitempty"`
}
