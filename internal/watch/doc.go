// Package watch holds the parts of watchlists that do not depend on a
// store: the Watchlist and Hit types, the Atom feed of a watchlist's
// hits, the webhook payload, its signature, the retry schedule and one
// delivery attempt. Finding hits, storing them and scheduling deliveries
// belong to the store and the server; this package does no I/O of its
// own beyond the io.Writer and Poster it is handed.
//
// # Feed
//
// WriteAtom writes an Atom 1.0 feed (RFC 4287) served at
// /watchlists/ID.atom. Ids are tag: URIs (RFC 4151) that never change:
// the feed is tag:storyline,2026:watch/ID and each entry
// tag:storyline,2026:watch/ID/hit/HITID. All text is type="text":
// article text comes from the open web and is never emitted as HTML.
//
// # Webhook payload
//
// When a watchlist has a webhook, its new hits are POSTed as JSON
// (Content-Type application/json). The field names are stable; new
// fields may be added, none will be renamed or removed:
//
//	{
//	  "watchlist": {
//	    "id": 7,                        // the watchlist's id
//	    "name": "Grain deal",           // its label, "" when unnamed
//	    "criterion": {                  // exactly one of query, entity, storyline
//	      "kind": "query",              // "query", "entity" or "storyline"
//	      "query": "grain AND Odesa"    // or "entity": "Maria Zakharova", or "storyline": 12
//	    },
//	    "description": "query \"grain AND Odesa\"",
//	    "feed": "http://host/watchlists/7.atom"
//	  },
//	  "hits": [
//	    {
//	      "id": 1042,                   // the hit's id, increasing; use it to drop duplicates
//	      "kind": "quote",              // "article" or "quote"
//	      "article_id": 311,
//	      "quote_id": 95,               // 0 for articles
//	      "title": "Talks resume",      // the article's title
//	      "outlet": "Example News",
//	      "url": "https://example.com/a", // the source URL; "" when unknown or not http(s)
//	      "link": "http://host/articles/311", // the article on this server
//	      "published": "2026-03-01T09:00:00Z", // null when unknown
//	      "speaker": "Maria Zakharova", // quotes only, "" for articles
//	      "text": "…",                  // the quotation, or an article's lead (≤ 300 chars)
//	      "found": "2026-03-01T09:05:00Z" // when the hit was recorded
//	    }
//	  ]
//	}
//
// Times are RFC 3339 in UTC. The watchlist's secret is never sent.
//
// # Headers and signature
//
// Each request carries
//
//	X-Storyline-Event: hits
//	X-Storyline-Delivery: 88           (the delivery id; the same on every retry)
//	X-Storyline-Signature: t=1772355900,v1=8972…
//
// where v1 is the lowercase hex HMAC-SHA256, keyed with the watchlist's
// secret exactly as shown to the user (its 64 hex characters, not the
// bytes they encode), of the decimal timestamp, a period, and the raw
// request body. A receiver recomputes it over the body as received,
// compares in constant time, and refuses timestamps too far from its
// clock, which stops a captured request from being replayed later;
// Verify does all three. A receiver should also remember delivery ids
// it has seen, because a retry after a lost response sends the same
// delivery again.
//
// Failed deliveries (an error or a non-2xx status) are retried after the
// waits Backoff gives — 30s, 2m, 10m, 30m, 1h, 2h, 4h, 8h, each ±20% —
// and then abandoned.
package watch
