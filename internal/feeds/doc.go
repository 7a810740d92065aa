// Package feeds follows live news sources: it reads what a feed URL
// returns (RSS, Atom, JSON Feed, a news sitemap or a sitemap index),
// imports and exports subscription lists as OPML, and schedules the next
// poll of a feed from its interval, its own caching hints and its failures.
//
// Everything fetched is untrusted. Parse detects the format from the
// content, never from the URL or a Content-Type header, which are often
// wrong; it bounds decompressed sizes and entry counts, and an entry that
// cannot be read costs only itself: it is reported as an *ingest.Error
// with its position, and the others are kept. Feeds are read by
// ingest.ReadFeed, the code that reads feed files, so that a feed polled
// and the same feed ingested from a file give the same documents.
package feeds
