// Package ingest turns input bytes into news.Documents: it walks the paths it
// is given, detects each input's format from its content, and reads plain
// text, HTML pages, JSON Lines, RSS/Atom/RDF/JSON feeds, and WARC and ARC
// archives, any of them gzip-compressed.
//
// Every input is untrusted. A bad item (a malformed JSONL line, a damaged
// WARC record, a binary file) is reported as an *Error carrying the input and
// the line or record reached, and the scan goes on; only a cancelled context
// or a failing emit callback stops it. Memory is bounded by
// Options.MaxDocBytes: no single document, JSONL line, feed or WARC payload
// is held beyond it, so arbitrarily large inputs stream.
//
// # Formats
//
// Detection looks at the first bytes (sniffLen) and uses the file name only
// to break ties: gzip magic (then detection runs again on the decompressed
// stream), a UTF-16 byte-order mark (decoded, then detected again), "WARC/"
// for WARC, "filedesc://" for ARC, "{" for JSON Lines (or a JSON Feed when it names its version),
// an XML root of rss, feed or rdf:RDF for feeds, markup for HTML, and
// anything else that is text for plain text.
//
// # WARC
//
// The WARC reader is written here rather than taken from a library. The
// candidates were weighed: github.com/internetarchive/gowarc (and its
// ancestor github.com/CorentinB/warc) is a crawler's archiving toolkit that
// brings a DNS client, a TLS fingerprinting stack and a SOCKS proxy as
// dependencies; github.com/nlnwa/gowarc validates records strictly and
// brings Prometheus packages. None of them resynchronises after a malformed
// record or skips a damaged gzip member, which is what reading partial
// Common Crawl downloads needs. A WARC record is simple (a version line,
// "Name: value" headers, Content-Length bytes of block), so a small streaming
// reader that holds at most one HTML payload in memory, resynchronises on the
// next "WARC/1.x" line, and decodes HTTP chunked transfer and gzip/deflate
// content encodings itself costs less than adapting any of them. ARC, the
// Internet Archive's older format, is read the same way (arc.go).
//
// # Damaged gzip
//
// A gzip member that fails its checksum, is corrupt or is cut short yields
// no document: every document any of whose bytes came from it fails whole,
// with an *Error naming its line or record, and reading goes on with the
// next member. gzip verifies a member only at its end, so before a document
// is handed on its member is read to the end (ahead by at most 4 MB); a
// larger member, such as a whole .jsonl.gz compressed at once, is verified
// only that far ahead of each document.
package ingest
