// Package fetch is the HTTP client Storyline uses to poll feeds, fetch
// article pages and post webhooks. Every URL it is given and every byte it
// reads is untrusted, so it guards the network it reaches, bounds what it
// reads, and is polite to the hosts it asks.
//
// # Address guard
//
// The check runs in net.Dialer's Control hook, on the address about to be
// connected after name resolution. A DNS answer that changes between a
// check and the dial (rebinding), a name that resolves to a private address,
// and a redirect to one are therefore all refused the same way; IP literals
// in URLs are refused earlier, before any dial. Refused are loopback,
// private (RFC 1918, fc00::/7, 100.64.0.0/10), link-local, multicast,
// unspecified, 0.0.0.0/8 and a few reserved ranges, after IPv4-mapped IPv6
// addresses are unmapped (NAT64 addresses are judged by the IPv4 address
// they carry). Options.AllowNets opens chosen ranges (the tests' loopback
// servers) and Options.AllowPrivate opens everything (a self-hosted feed on a
// home network). Proxies are switched off, since a proxy would dial out of
// the guard's sight, and only http and https URLs are followed.
//
// # Politeness
//
// Requests to one host:port run one at a time, and each starts at least
// Options.HostDelay after the previous one started; the transport keeps at
// most one connection per host. Redirects are followed here, hop by hop,
// rather than by net/http, so that each hop passes the scheme check, the
// gate of its own host and, for article pages, that host's robots.txt. A 429
// or 503 with Retry-After holds the host back: until then, requests to it
// fail at once with a *StatusError that matches ErrHostWaiting, without
// touching the network. Durations a server dictates are capped at a day.
//
// robots.txt is read with github.com/temoto/robotstxt, which implements the
// Google rules that RFC 9309 standardised (longest match wins, the most
// specific user-agent group applies). It is fetched through the same client,
// cached per scheme and host:port, and read as RFC 9309 says: 4xx allows
// everything, 5xx or an unreachable server disallows everything for ten
// minutes, a file past 512 KiB is parsed as far as it was read. Feeds the
// user subscribed to are not checked, as feed readers do not.
//
// # Limits
//
// Options.Timeout bounds each HTTP exchange including its body; waiting at a
// host's gate does not count, and the caller's context bounds the whole.
// The transport asks for gzip and decompresses it, so Options.MaxBody counts
// decompressed bytes and a gzip bomb stops at the limit.
package fetch
