package ingest

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"mime"
	"strconv"
	"strings"
	"time"

	"github.com/storyline-news/storyline/internal/news"
)

// readARC reads an ARC file, the Internet Archive's format before WARC, as
// readWARC reads WARC: record by record, each block streamed, resynchronising
// on the next record header after a malformed record. A record is a
// one-line header, "URL IP-address archive-date content-type length" in
// version 1 (version 2 adds five fields before the length), then length
// bytes of content and a newline. The first record, filedesc://, describes
// the file. HTTP records hold the response with its headers; HTML and plain
// text payloads become Documents.
func (s *scanner) readARC(in *input, br *bufio.Reader) error {
	version := 1
	rs := &recordScan{s: s, in: in, br: br}
	for rs.next() {
		var h arcHeader
		herr := errNotARCHeader
		if !rs.tooLong {
			h, herr = parseARCHeader(string(rs.line), version)
		}
		var err error
		switch {
		case herr == nil:
			rs.begin()
			var stop bool
			stop, rs.resync, err = s.arcRecord(in, br, h, rs.start, &version)
			if err != nil || stop {
				return err
			}
			continue
		case !errors.Is(herr, errNotARCHeader):
			// A header whose length cannot be read: its record is lost.
			err = rs.fail("%w", herr)
		default:
			err = rs.notHeader("ARC")
		}
		if err != nil {
			return err
		}
		if rs.eof {
			return nil
		}
	}
	return rs.err
}

// arcHeader is the header line of an ARC record.
type arcHeader struct {
	url, date, contentType string
	length                 int64
}

// errNotARCHeader marks a line that is not an ARC record header at all.
var errNotARCHeader = errors.New("not an ARC record header")

// parseARCHeader reads a record header line. URLs may hold spaces (some
// crawlers wrote them unescaped), so the fields are counted from the end.
// A line shaped like a header whose length is not a number is a bad header
// rather than errNotARCHeader.
func parseARCHeader(line string, version int) (arcHeader, error) {
	f := strings.Fields(line)
	n := len(f)
	if n < 5 {
		return arcHeader{}, errNotARCHeader
	}
	// Version 2: URL IP date type result-code checksum location offset
	// filename length. The filedesc line says nothing of the version yet.
	tail := 4
	if n >= 10 && (version == 2 || strings.HasPrefix(f[0], "filedesc:")) {
		tail = 9
	}
	h := arcHeader{
		url:         strings.Join(f[:n-tail], " "),
		date:        f[n-tail+1],
		contentType: f[n-tail+2],
	}
	if !hasScheme(h.url) || len(h.date) < 8 || len(h.date) > 20 || strings.Trim(h.date, "0123456789") != "" {
		return arcHeader{}, errNotARCHeader
	}
	length, err := strconv.ParseInt(f[n-1], 10, 64)
	if err != nil || length < 0 {
		return arcHeader{}, fmt.Errorf("bad length %.40q in ARC record header", f[n-1])
	}
	h.length = length
	return h, nil
}

// hasScheme reports a URL that starts with a scheme and a colon.
func hasScheme(u string) bool {
	i := strings.IndexByte(u, ':')
	if i <= 0 {
		return false
	}
	for _, c := range u[:i] {
		if !('a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || c == '+' || c == '-' || c == '.') {
			return false
		}
	}
	return true
}

// arcRecord reads one record's content after its header line, which
// started at start in the stream. stop, resync and err are as for
// warcRecord. A filedesc record sets the file's version.
func (s *scanner) arcRecord(in *input, br *bufio.Reader, h arcHeader, start int64, version *int) (stop, resync bool, err error) {
	blk := &blockReader{r: br, n: h.length}
	doc, skip, rerr := s.arcPayload(h, blk, version)
	return s.endRecord(in, blk, start, doc, skip, rerr)
}

// arcPayload makes a Document of an ARC record holding an HTML page or plain
// text. skip says why a record is left out on purpose; err is a fault of
// this record.
func (s *scanner) arcPayload(h arcHeader, blk io.Reader, version *int) (doc news.Document, skip string, err error) {
	hr := s.blockBuf(blk)
	if strings.HasPrefix(h.url, "filedesc:") {
		// "1 0 origin": the version, then a reserved field.
		first, _, _ := readLine(hr, nil, 256)
		if f := strings.Fields(string(first)); len(f) > 0 && f[0] == "2" {
			*version = 2
		}
		return doc, "arc filedesc", nil
	}
	var payload []byte
	contentType := h.contentType
	if head, _ := hr.Peek(5); string(head) == "HTTP/" {
		payload, contentType, skip, err = s.httpBody(hr, isARCDocType, "not html or text")
		if skip != "" || err != nil {
			return doc, skip, err
		}
	} else {
		if !isARCDocType(contentType) {
			return doc, "not html or text", nil
		}
		if payload, err = readCapped(hr, s.max); err != nil {
			return doc, "", err
		}
	}
	doc = news.Document{URL: h.url, Format: news.FormatHTML}
	if mt, _, _ := mime.ParseMediaType(contentType); mt == "text/plain" {
		doc.Format = news.FormatText
		if doc.Content, err = decodeText(payload); err != nil {
			return doc, "", err
		}
	} else {
		if !hasUTF16BOM(payload) && looksBinary(payload[:min(len(payload), sniffLen)]) {
			return doc, "", errors.New("binary payload in an HTML record")
		}
		if k, _ := sniff(payload[:min(len(payload), sniffLen)], ""); strings.TrimSpace(contentType) == "" && k != kindHTML {
			return doc, "not html or text", nil
		}
		doc.Content = decodeHTML(payload, contentType)
	}
	if strings.TrimSpace(doc.Content) == "" {
		return doc, "empty " + string(doc.Format), nil
	}
	doc.FetchedAt = arcDate(h.date)
	return doc, "", nil
}

// isARCDocType says whether a Content-Type is one an ARC record is read
// for: HTML (or none given, then the payload must read as HTML) or plain
// text.
func isARCDocType(ct string) bool {
	if isHTMLType(ct) {
		return true
	}
	mt, _, _ := strings.Cut(strings.ToLower(ct), ";")
	return strings.TrimSpace(mt) == "text/plain"
}

// arcDate reads an archive date, YYYYMMDDhhmmss in UTC; shorter dates are
// read as far as they go and longer ones cut. Zero when unreadable.
func arcDate(d string) time.Time {
	const layout = "20060102150405"
	if len(d) > len(layout) {
		d = d[:len(layout)]
	}
	for len(d) < len(layout) {
		d += "0"
	}
	// A month or day of 00 from padding is no date.
	t, err := time.Parse(layout, d)
	if err != nil {
		return time.Time{}
	}
	return t
}
