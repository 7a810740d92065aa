package fetch

import (
	"bytes"
	"cmp"
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/netip"
	"net/url"
	"strings"
	"time"
)

// Options configure a Client. The zero value is usable: every zero field
// takes the default named in its comment.
type Options struct {
	// UserAgent is sent as given when set; the default is
	// "Storyline/1.0 (+https://github.com/storyline-news/storyline)", or
	// "Storyline/1.0 (+CONTACT)" when Contact is set.
	UserAgent string
	// Contact is a URL or mail address that site operators can reach us at.
	Contact string
	// Timeout bounds one HTTP exchange, from sending the request to the
	// last byte of the body; waiting for the host gate does not count.
	// Default 30s.
	Timeout time.Duration
	// MaxBody is the largest body accepted, counted after decompression.
	// Default 16 MiB.
	MaxBody int64
	// MaxRedirects is the longest redirect chain followed. Default 5; a
	// negative value follows none.
	MaxRedirects int
	// HostDelay is the least time between the starts of two requests to one
	// host:port. Default 1s; a negative value means no delay (requests to a
	// host are still made one at a time).
	HostDelay time.Duration
	// AllowPrivate lets the Client connect to any address, private ones
	// included (the CLI's --allow-private).
	AllowPrivate bool
	// AllowNets lets the Client connect to these ranges while every other
	// private address stays refused.
	AllowNets []netip.Prefix
	// RobotsTTL is how long a fetched robots.txt is trusted. Default 24h.
	RobotsTTL time.Duration
	// Transport, when set, is cloned as the base transport (say, for a
	// test's TLS roots); the Client still replaces its dialer, proxy and
	// per-host limits.
	Transport *http.Transport
}

// Defaults for the zero Options fields.
const (
	DefaultTimeout      = 30 * time.Second
	DefaultMaxBody      = 16 << 20
	DefaultMaxRedirects = 5
	DefaultHostDelay    = time.Second
	DefaultRobotsTTL    = 24 * time.Hour
)

// Client is an HTTP client for fetching untrusted URLs politely. It is safe
// for concurrent use; requests to different hosts run in parallel, those to
// one host one at a time.
type Client struct {
	hc           *http.Client
	ua           string
	agent        string // the robots.txt product token
	timeout      time.Duration
	maxBody      int64
	maxRedirects int
	guard        guard
	gates        gates
	robots       robotsCache
}

// New returns a Client configured by opt.
func New(opt Options) *Client {
	c := &Client{
		ua:           userAgent(opt.UserAgent, opt.Contact),
		timeout:      positive(opt.Timeout, DefaultTimeout),
		maxBody:      positive(opt.MaxBody, DefaultMaxBody),
		maxRedirects: cmp.Or(opt.MaxRedirects, DefaultMaxRedirects),
		guard:        guard{allowAll: opt.AllowPrivate, allow: append([]netip.Prefix(nil), opt.AllowNets...)},
		gates:        gates{delay: max(cmp.Or(opt.HostDelay, DefaultHostDelay), 0)},
		robots:       robotsCache{ttl: positive(opt.RobotsTTL, DefaultRobotsTTL)},
	}
	c.agent = productToken(c.ua)
	c.maxRedirects = max(c.maxRedirects, 0)
	c.hc = &http.Client{
		Transport: c.transport(opt.Transport),
		// Redirects are followed by do, one hop at a time, so that each hop
		// passes the scheme check, the host gate and robots.txt.
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
	}
	return c
}

// positive returns v, or def when v is zero or negative.
func positive[T int64 | time.Duration](v, def T) T {
	if v > 0 {
		return v
	}
	return def
}

// transport clones base (or the standard library's default) and overrides
// everything the guard and the politeness rules depend on.
func (c *Client) transport(base *http.Transport) *http.Transport {
	var t *http.Transport
	if base != nil {
		t = base.Clone()
	} else {
		t = http.DefaultTransport.(*http.Transport).Clone()
	}
	d := &net.Dialer{Timeout: 10 * time.Second, KeepAlive: 30 * time.Second, Control: c.guard.control}
	// A proxy would dial on our behalf, out of the guard's sight.
	t.Proxy = nil
	t.DialContext = d.DialContext
	// A base transport's TLS dialer would bypass the guard's Control hook.
	//lint:ignore SA1019 a base transport's DialTLS would be used instead of DialContext
	t.DialTLS = nil
	t.DialTLSContext = nil
	t.TLSHandshakeTimeout = 10 * time.Second
	t.ResponseHeaderTimeout = c.timeout
	t.MaxConnsPerHost = 1
	t.MaxResponseHeaderBytes = 1 << 20
	// The transport then asks for gzip and decompresses it; the body limit
	// counts the decompressed bytes, so a gzip bomb is cut off.
	t.DisableCompression = false
	return t
}

// Request is one GET.
type Request struct {
	URL string
	// ETag and LastModified are the validators of a cached copy; they make
	// the request conditional (If-None-Match, If-Modified-Since).
	ETag, LastModified string
	// Robots makes the request honour robots.txt: article pages set it;
	// feeds the user subscribed to do not.
	Robots bool
	// Accept, when set, is sent as the Accept header.
	Accept string
}

// Response is a successful (2xx or 304) response with its body read.
type Response struct {
	URL         string // final URL after redirects
	Status      int
	Header      http.Header
	Body        []byte
	ContentType string
	// ETag and LastModified are the response's validators; on a 304 that
	// omits them, the request's are repeated so they can be stored as is.
	ETag, LastModified string
	NotModified        bool          // the status is 304
	MaxAge             time.Duration // Cache-Control max-age, capped at 24h; 0 when absent, no-store or no-cache
}

// Get fetches r.URL, following redirects. Besides network errors it returns
// a *StatusError, a *BlockedError (ErrBlocked), ErrTooLarge (with the
// Response holding the first MaxBody bytes), ErrRobots, ErrScheme,
// ErrTooManyRedirects or ErrTimeout; every error names the URL.
func (c *Client) Get(ctx context.Context, r Request) (*Response, error) {
	h := http.Header{}
	if r.ETag != "" {
		h.Set("If-None-Match", r.ETag)
	}
	if r.LastModified != "" {
		h.Set("If-Modified-Since", r.LastModified)
	}
	if r.Accept != "" {
		h.Set("Accept", r.Accept)
	}
	resp, err := c.do(ctx, call{method: http.MethodGet, url: r.URL, header: h, robots: r.Robots, maxBody: c.maxBody})
	if resp != nil && resp.NotModified {
		resp.ETag = cmp.Or(resp.ETag, r.ETag)
		resp.LastModified = cmp.Or(resp.LastModified, r.LastModified)
	}
	return resp, err
}

// Post sends body to url, as webhooks do: the same address guard and host
// gate as Get, no robots.txt. Headers in h are sent as given and may
// override the User-Agent; credentials in h are not carried across a
// redirect to another host.
func (c *Client) Post(ctx context.Context, url, contentType string, body []byte, h http.Header) (*Response, error) {
	hdr := h.Clone()
	if hdr == nil {
		hdr = http.Header{}
	}
	if contentType != "" {
		hdr.Set("Content-Type", contentType)
	}
	return c.do(ctx, call{method: http.MethodPost, url: url, body: body, header: hdr, maxBody: c.maxBody})
}

// call is one request as the caller asked for it, before redirects.
type call struct {
	method  string
	url     string
	body    []byte
	header  http.Header
	robots  bool
	maxBody int64
}

// do performs a call, following redirects itself one hop at a time.
func (c *Client) do(ctx context.Context, cl call) (*Response, error) {
	u, err := checkURL(cl.url)
	if err != nil {
		return nil, err
	}
	for hops := 0; ; hops++ {
		resp, next, err := c.hop(ctx, cl, u)
		if err != nil {
			if hops > 0 {
				err = fmt.Errorf("%s: after redirect: %w", cl.url, err)
			}
			return resp, err
		}
		if next == nil {
			return resp, nil
		}
		if hops >= c.maxRedirects {
			return nil, fmt.Errorf("%s: %w: stopped after %d (next %s)", cl.url, ErrTooManyRedirects, hops, next)
		}
		if resp.Status != http.StatusTemporaryRedirect && resp.Status != http.StatusPermanentRedirect {
			// 301, 302 and 303 turn a POST into a GET without a body, as
			// browsers and net/http do.
			if cl.method != http.MethodHead {
				cl.method = http.MethodGet
			}
			cl.body = nil
			cl.header = cl.header.Clone()
			cl.header.Del("Content-Type")
		}
		if hostPort(next) != hostPort(u) {
			cl.header = cl.header.Clone()
			for _, k := range []string{"Authorization", "Proxy-Authorization", "Www-Authenticate", "Cookie", "Cookie2"} {
				cl.header.Del(k)
			}
		}
		u = next
	}
}

// checkURL parses raw and accepts only absolute http and https URLs.
func checkURL(raw string) (*url.URL, error) {
	u, err := url.Parse(raw)
	if err != nil {
		return nil, fmt.Errorf("%s: %w: %w", raw, ErrScheme, err)
	}
	if u.Scheme != "http" && u.Scheme != "https" {
		return nil, fmt.Errorf("%s: %w: scheme %q is not http or https", raw, ErrScheme, u.Scheme)
	}
	if u.Hostname() == "" {
		return nil, fmt.Errorf("%s: %w: no host", raw, ErrScheme)
	}
	u.Fragment, u.RawFragment = "", ""
	return u, nil
}

// hostPort is the key of the host gate: host and port, the port filled in
// from the scheme.
func hostPort(u *url.URL) string {
	return net.JoinHostPort(strings.ToLower(u.Hostname()), port(u))
}

func port(u *url.URL) string {
	if p := u.Port(); p != "" {
		return p
	}
	if u.Scheme == "https" {
		return "443"
	}
	return "80"
}

// redirectDrain is how much of a redirect's body is read so the connection
// can be reused; a longer one is dropped with its connection.
const redirectDrain = 64 << 10

// hop makes one HTTP exchange for u. It returns the response, or, for a
// redirect, the response's status and the target URL in next.
func (c *Client) hop(ctx context.Context, cl call, u *url.URL) (resp *Response, next *url.URL, err error) {
	us, host := u.String(), hostPort(u)
	if err := c.holdBack(us, host); err != nil {
		return nil, nil, err
	}
	if addr := c.guard.literal(u.Hostname(), port(u)); addr != "" {
		return nil, nil, &BlockedError{URL: us, Addr: addr}
	}
	if cl.robots {
		// Before taking the gate: the robots.txt fetch takes it too.
		if err := c.checkRobots(ctx, u); err != nil {
			return nil, nil, err
		}
	}
	release, err := c.gates.acquire(ctx, host)
	if err != nil {
		return nil, nil, fmt.Errorf("%s: %w", us, err)
	}
	defer release()
	// A request ahead of us in the gate may have been told to wait.
	if err := c.holdBack(us, host); err != nil {
		return nil, nil, err
	}

	hctx, cancel := context.WithTimeout(ctx, c.timeout)
	defer cancel()
	var body io.Reader
	if cl.body != nil {
		body = bytes.NewReader(cl.body)
	}
	req, err := http.NewRequestWithContext(hctx, cl.method, us, body)
	if err != nil {
		return nil, nil, fmt.Errorf("%s: %w", us, err)
	}
	req.Header = cl.header.Clone()
	if req.Header == nil {
		req.Header = http.Header{}
	}
	if req.Header.Get("User-Agent") == "" {
		req.Header.Set("User-Agent", c.ua)
	}
	hr, err := c.hc.Do(req)
	if err != nil {
		return nil, nil, c.netErr(ctx, hctx, us, err)
	}
	defer hr.Body.Close()

	resp = &Response{
		URL:          us,
		Status:       hr.StatusCode,
		Header:       hr.Header,
		ContentType:  hr.Header.Get("Content-Type"),
		ETag:         hr.Header.Get("ETag"),
		LastModified: hr.Header.Get("Last-Modified"),
		NotModified:  hr.StatusCode == http.StatusNotModified,
		MaxAge:       parseMaxAge(strings.Join(hr.Header.Values("Cache-Control"), ",")),
	}
	switch hr.StatusCode {
	case http.StatusMovedPermanently, http.StatusFound, http.StatusSeeOther,
		http.StatusTemporaryRedirect, http.StatusPermanentRedirect:
		if loc := hr.Header.Get("Location"); loc != "" {
			_, _ = io.CopyN(io.Discard, hr.Body, redirectDrain)
			next, err := u.Parse(loc)
			if err != nil {
				return nil, nil, fmt.Errorf("%s: bad redirect %q: %w", us, loc, err)
			}
			if next, err = checkURL(next.String()); err != nil {
				return nil, nil, fmt.Errorf("%s: redirect to %w", us, err)
			}
			return resp, next, nil
		}
	}
	if hr.StatusCode == http.StatusNotModified {
		return resp, nil, nil
	}
	if hr.StatusCode < 200 || hr.StatusCode > 299 {
		_, _ = io.CopyN(io.Discard, hr.Body, redirectDrain)
		se := &StatusError{URL: us, Code: hr.StatusCode, RetryAfter: parseRetryAfter(hr.Header.Get("Retry-After"), time.Now())}
		if se.RetryAfter > 0 && (se.Code == http.StatusTooManyRequests || se.Code == http.StatusServiceUnavailable) {
			c.gates.wait(host, se.RetryAfter, se.Code)
		}
		return nil, nil, se
	}
	data, err := io.ReadAll(io.LimitReader(hr.Body, cl.maxBody+1))
	if err != nil {
		return nil, nil, c.netErr(ctx, hctx, us, err)
	}
	if int64(len(data)) > cl.maxBody {
		resp.Body = data[:cl.maxBody]
		return resp, nil, fmt.Errorf("%s: body larger than %d bytes: %w", us, cl.maxBody, ErrTooLarge)
	}
	resp.Body = data
	return resp, nil, nil
}

// holdBack returns the error for a host whose Retry-After has not passed.
func (c *Client) holdBack(us, host string) error {
	if wait, code := c.gates.waiting(host); wait > 0 {
		return &StatusError{URL: us, Code: code, RetryAfter: wait, Waiting: true}
	}
	return nil
}

// netErr names the URL in a transport error and tells the guard's refusals
// and timeouts apart from other failures.
func (c *Client) netErr(ctx, hctx context.Context, us string, err error) error {
	if be := (*BlockedError)(nil); errors.As(err, &be) {
		return &BlockedError{URL: us, Addr: be.Addr}
	}
	if ctx.Err() != nil {
		return fmt.Errorf("%s: %w", us, ctx.Err())
	}
	if ue := (*url.Error)(nil); errors.As(err, &ue) {
		err = ue.Err // its message repeats the method and URL
	}
	if hctx.Err() != nil {
		return fmt.Errorf("%s: %w after %v: %w", us, ErrTimeout, c.timeout, err)
	}
	if ne := net.Error(nil); errors.As(err, &ne) && ne.Timeout() {
		return fmt.Errorf("%s: %w: %w", us, ErrTimeout, err)
	}
	return fmt.Errorf("%s: %w", us, err)
}
