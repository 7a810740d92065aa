package ingest

import (
	"bufio"
	"bytes"
	"compress/flate"
	"compress/gzip"
	"compress/zlib"
	"errors"
	"fmt"
	"io"
	"mime"
	"net/http/httputil"
	"strconv"
	"strings"
	"time"

	"github.com/storyline-news/storyline/internal/news"
)

// Limits on WARC and HTTP headers, so that a record without line breaks or
// with endless headers cannot hold memory.
const (
	maxHeaderLine  = 64 << 10
	maxHeaderLines = 1000
)

// readWARC reads WARC records and emits the HTML pages among them. Each
// block is streamed: only an HTML payload is held, and only up to
// MaxDocBytes.
func (s *scanner) readWARC(in *input, br *bufio.Reader) error {
	rs := &recordScan{s: s, in: in, br: br}
	for rs.next() {
		if !rs.tooLong && isWARCVersion(rs.line) {
			rs.begin()
			stop, resync, err := s.warcRecord(in, br, string(rs.line), rs.start)
			if err != nil || stop {
				return err
			}
			rs.resync = resync
			continue
		}
		if err := rs.notHeader("WARC"); err != nil {
			return err
		}
		if rs.eof {
			return nil
		}
	}
	return rs.err
}

// isWARCVersion recognises a record's first line: "WARC/1.0", "WARC/1.1",
// and the drafts "WARC/0.17", "WARC/0.18".
func isWARCVersion(line []byte) bool {
	v, ok := bytes.CutPrefix(line, []byte("WARC/"))
	if !ok || len(v) < 3 || len(v) > 8 || v[0] < '0' || v[0] > '9' || bytes.IndexByte(v, '.') < 0 {
		return false
	}
	for _, c := range v {
		if c != '.' && (c < '0' || c > '9') {
			return false
		}
	}
	return true
}

// warcRecord reads one record after its version line, which started at
// start in the stream. stop is set when the input cannot be read further
// (it ended inside the record); resync when the record's header was
// malformed or damaged, so that what follows is skipped up to the next
// record; err only when the scan must stop.
func (s *scanner) warcRecord(in *input, br *bufio.Reader, version string, start int64) (stop, resync bool, err error) {
	h, herr := readHeaders(br)
	if herr != nil {
		if d := asDamage(herr); d != nil {
			return false, true, s.damageAt(in, d, true)
		}
		if !errors.Is(herr, errMalformed) {
			return true, false, s.bad(in.errorf("%w", herr))
		}
		return false, true, s.bad(in.errorf("%s header: %w", version, herr))
	}
	length, perr := strconv.ParseInt(strings.TrimSpace(h.get("content-length")), 10, 64)
	if perr != nil || length < 0 {
		return false, true, s.bad(in.errorf("bad or missing Content-Length %q", h.get("content-length")))
	}
	blk := &blockReader{r: br, n: length}
	doc, skip, rerr := s.warcPayload(h, blk)
	return s.endRecord(in, blk, start, doc, skip, rerr)
}

// warcPayload makes a Document of a record when it holds an HTML page: a
// 200 response, or a resource record of an HTML type. skip says why a
// record is left out on purpose; err is a fault of this record.
func (s *scanner) warcPayload(h headers, blk io.Reader) (doc news.Document, skip string, err error) {
	typ := strings.ToLower(h.get("warc-type"))
	var contentType string
	var body io.Reader
	switch typ {
	case "response":
		ct := strings.ToLower(h.get("content-type"))
		if ct != "" && !strings.HasPrefix(ct, "application/http") {
			return doc, "warc response not HTTP", nil
		}
		payload, ct, skip, err := s.httpBody(s.blockBuf(blk), isHTMLType, "not html")
		if skip != "" || err != nil {
			return doc, skip, err
		}
		contentType = ct
		body = bytes.NewReader(payload)
	case "resource":
		contentType = h.get("content-type")
		if !isHTMLType(contentType) || contentType == "" {
			return doc, "not html", nil
		}
		body = blk
	default:
		if typ == "" {
			typ = "untyped"
		}
		return doc, "warc " + typ, nil
	}
	payload, err := readCapped(body, s.max)
	if err != nil {
		return doc, "", err
	}
	if !hasUTF16BOM(payload) && looksBinary(payload[:min(len(payload), sniffLen)]) {
		return doc, "", errors.New("binary payload in an HTML response")
	}
	if strings.TrimSpace(contentType) == "" {
		// No type given: take the payload only if it reads as a page.
		if k, _ := sniff(payload[:min(len(payload), sniffLen)], ""); k != kindHTML {
			return doc, "not html", nil
		}
	}
	content := decodeHTML(payload, contentType)
	if strings.TrimSpace(content) == "" {
		return doc, "empty html", nil
	}
	doc = news.Document{
		SourceID: strings.Trim(h.get("warc-record-id"), "<> "),
		URL:      strings.Trim(h.get("warc-target-uri"), "<> "),
		Format:   news.FormatHTML,
		Content:  content,
	}

	if t, err := time.Parse(time.RFC3339Nano, h.get("warc-date")); err == nil {
		doc.FetchedAt = t
	}
	return doc, "", nil
}

// blockBuf returns the scanner's reusable buffer, reading blk.
func (s *scanner) blockBuf(blk io.Reader) *bufio.Reader {
	if s.httpBuf == nil {
		s.httpBuf = bufio.NewReaderSize(blk, 16<<10)
	}
	s.httpBuf.Reset(blk)
	return s.httpBuf
}

// httpBody reads the HTTP response in an archive record (through hr): its Content-Type
// and its body, with transfer and content encodings undone, held to
// MaxDocBytes. skip says why a response is left out: a status other than
// 200, or a type that accept refuses (then skip is refused).
func (s *scanner) httpBody(hr *bufio.Reader, accept func(contentType string) bool, refused string) (body []byte, contentType, skip string, err error) {
	status, hh, err := readHTTPHead(hr)
	if err != nil {
		return nil, "", "", fmt.Errorf("HTTP response: %w", err)
	}
	if status != 200 {
		return nil, "", "http status " + strconv.Itoa(status), nil
	}
	contentType = hh.get("content-type")
	if !accept(contentType) {
		return nil, "", refused, nil
	}
	raw, err := readCapped(hr, s.max)
	if err != nil {
		return nil, "", "", err
	}
	body, err = decodeHTTPBody(raw, hh, s.max)
	return body, contentType, "", err
}

// isHTMLType says whether a Content-Type names HTML; an absent one is
// allowed, and the payload is then checked for being text.
func isHTMLType(ct string) bool {
	if strings.TrimSpace(ct) == "" {
		return true
	}
	mt, _, err := mime.ParseMediaType(ct)
	if err != nil {
		mt, _, _ = strings.Cut(strings.ToLower(ct), ";")
		mt = strings.TrimSpace(mt)
	}
	return mt == "text/html" || mt == "application/xhtml+xml"
}

// readCapped reads r whole, refusing more than max bytes.
func readCapped(r io.Reader, max int64) ([]byte, error) {
	b, err := io.ReadAll(io.LimitReader(r, max+1))
	if err != nil {
		return nil, err
	}
	if int64(len(b)) > max {
		return nil, fmt.Errorf("%w: more than %d bytes", errTooLarge, max)
	}
	return b, nil
}

// decodeHTTPBody undoes chunked transfer encoding and gzip or deflate
// content encoding. Archives disagree on whether they store the body as
// sent or decoded (Common Crawl decodes it and renames the headers), so a
// body that is not actually encoded as its header says is taken as it is.
// A compressed payload cut short (a crawler's size limit) yields what could
// be decompressed.
func decodeHTTPBody(raw []byte, h headers, max int64) ([]byte, error) {
	if strings.Contains(strings.ToLower(h.get("transfer-encoding")), "chunked") {
		if dec, err := readCapped(httputil.NewChunkedReader(bytes.NewReader(raw)), max); err == nil || len(dec) > 0 && errors.Is(err, io.ErrUnexpectedEOF) {
			raw = dec
		} else if errors.Is(err, errTooLarge) {
			return nil, err
		}
	}
	var zr io.Reader
	switch enc := strings.ToLower(strings.TrimSpace(h.get("content-encoding"))); enc {
	case "", "identity", "none", "utf-8":
		return raw, nil
	case "gzip", "x-gzip":
		if !bytes.HasPrefix(raw, gzipMagic[:2]) {
			return raw, nil
		}
		z, err := gzip.NewReader(bytes.NewReader(raw))
		if err != nil {
			return nil, fmt.Errorf("payload: %w", err)
		}
		zr = z
	case "deflate":
		if z, err := zlib.NewReader(bytes.NewReader(raw)); err == nil {
			zr = z
		} else {
			zr = flate.NewReader(bytes.NewReader(raw)) // raw deflate, as some servers send
		}
	default:
		if looksLikeMarkup(raw) {
			return raw, nil // already decoded by the archiver
		}
		return nil, fmt.Errorf("unsupported Content-Encoding %q", enc)
	}
	out, err := io.ReadAll(io.LimitReader(zr, max+1))
	switch {
	case int64(len(out)) > max:
		return nil, fmt.Errorf("%w: more than %d bytes", errTooLarge, max)
	case err == nil, len(out) > 0 && errors.Is(err, io.ErrUnexpectedEOF):
		return out, nil
	case looksLikeMarkup(raw):
		return raw, nil
	default:
		return nil, fmt.Errorf("payload: %w", err)
	}
}

// looksLikeMarkup reports a body that starts, after spaces and a BOM, with
// "<": a page that is not compressed whatever its headers say.
func looksLikeMarkup(b []byte) bool {
	b = bytes.TrimLeft(bytes.TrimPrefix(b, utf8BOM), " \t\r\n")
	return len(b) > 0 && b[0] == '<'
}

// readHTTPHead reads an HTTP status line and headers, leniently: malformed
// header lines are dropped, as browsers drop them.
func readHTTPHead(br *bufio.Reader) (status int, h headers, err error) {
	line, tooLong, err := readLine(br, nil, maxHeaderLine)
	if err != nil && !errors.Is(err, io.EOF) {
		return 0, nil, err
	}
	line = bytes.TrimRight(line, "\r")
	f := strings.Fields(string(line))
	if tooLong || len(f) < 2 || !strings.HasPrefix(f[0], "HTTP/") {
		return 0, nil, fmt.Errorf("bad status line %.60q", line)
	}
	status, err = strconv.Atoi(f[1])
	if err != nil {
		return 0, nil, fmt.Errorf("bad status line %.60q", line)
	}
	h, err = readHeaders(br)
	if err != nil && !(errors.Is(err, io.ErrUnexpectedEOF) && h != nil) {
		// A block that ends inside its HTTP headers is still a response;
		// a truncated input is reported by the record reader.
		return 0, nil, err
	}
	return status, h, nil
}

// headers holds header fields by lower-case name; the first of repeated
// fields wins.
type headers map[string]string

func (h headers) get(name string) string { return h[name] }

// errMalformed marks a header that cannot be read as one, as opposed to an
// input that could not be read.
var errMalformed = errors.New("malformed header")

// readHeaders reads "Name: value" lines up to an empty line, joining folded
// continuation lines. Lines without a colon are dropped. Too many or too
// long lines are errMalformed; an input that ends first returns the fields
// read so far with io.ErrUnexpectedEOF; a read error is returned as it is.
func readHeaders(br *bufio.Reader) (headers, error) {
	h := headers{}
	last := ""
	var buf []byte
	for n := 0; ; n++ {
		if n > maxHeaderLines {
			return nil, fmt.Errorf("%w: more than %d lines", errMalformed, maxHeaderLines)
		}
		line, tooLong, err := readLine(br, buf[:0], maxHeaderLine)
		buf = line[:0]
		if err != nil && !errors.Is(err, io.EOF) {
			return nil, err
		}
		if tooLong {
			return nil, fmt.Errorf("%w: a line longer than %d bytes", errMalformed, maxHeaderLine)
		}
		line = bytes.TrimRight(line, "\r")
		if len(line) == 0 && err == nil {
			return h, nil
		}
		if len(line) > 0 && (line[0] == ' ' || line[0] == '\t') {
			if last != "" {
				h[last] += " " + strings.ToValidUTF8(strings.TrimSpace(string(line)), "\uFFFD")
			}
		} else if name, value, ok := strings.Cut(string(line), ":"); ok && name != "" && !strings.ContainsAny(name, " \t") {
			last = strings.ToLower(name)
			if _, dup := h[last]; !dup {
				h[last] = strings.ToValidUTF8(strings.TrimSpace(value), "\uFFFD")
			} else {
				last = ""
			}
		}
		if err != nil {
			return h, fmt.Errorf("input ends inside the headers: %w", io.ErrUnexpectedEOF)
		}
	}
}

// blockReader reads a WARC record's block: n bytes, no more. An input that
// ends first is a truncated record, kept in err so that the record reader
// can tell it from a fault of the record's content.
type blockReader struct {
	r   io.Reader
	n   int64
	err error
}

func (b *blockReader) Read(p []byte) (int, error) {
	if b.err != nil {
		return 0, b.err
	}
	if b.n <= 0 {
		return 0, io.EOF
	}
	if int64(len(p)) > b.n {
		p = p[:b.n]
	}
	n, err := b.r.Read(p)
	b.n -= int64(n)
	if err != nil {
		if errors.Is(err, io.EOF) {
			if b.n > 0 {
				err = fmt.Errorf("record truncated: %d bytes of its block missing: %w", b.n, io.ErrUnexpectedEOF)
			} else {
				err = nil
			}
		}
		if err != nil {
			b.err = err
			return n, err
		}
	}
	return n, nil
}
