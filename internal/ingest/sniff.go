package ingest

import (
	"bytes"
	"io"
	"path/filepath"
	"strings"

	"golang.org/x/text/encoding/unicode"
	"golang.org/x/text/transform"
)

// sniffLen is how many leading bytes detection looks at. Feeds and XHTML
// pages may open with long comments or DOCTYPEs before their root element.
const sniffLen = 8 << 10

// kind is an input format as detected.
type kind int

const (
	kindBad   kind = iota // not a document; sniff says why
	kindGzip              // gzip stream: decompress and detect again
	kindUTF16             // UTF-16 text: decode and detect again
	kindWARC
	kindARC
	kindJSONL
	kindFeed
	kindHTML
	kindText
)

var utf8BOM = []byte{0xEF, 0xBB, 0xBF}

// binaryMagic names formats that are surely not documents and that the
// NUL-byte test below can miss in their first bytes.
var binaryMagic = []struct {
	magic, what string
}{
	{"%PDF-", "a PDF file"},
	{"PK\x03\x04", "a zip archive"},
	{"\x89PNG", "a PNG image"},
	{"GIF8", "a GIF image"},
	{"\xff\xd8\xff", "a JPEG image"},
	{"BZh", "bzip2-compressed (not supported: use gzip)"},
	{"\xfd7zXZ\x00", "xz-compressed (not supported: use gzip)"},
	{"\x28\xb5\x2f\xfd", "zstd-compressed (not supported: use gzip)"},
	{"7z\xbc\xaf\x27\x1c", "a 7-zip archive"},
	{"\x7fELF", "an executable"},
	{"SQLite format 3\x00", "an SQLite database"},
}

// sniff detects the format of an input from its first bytes; name (a file
// name, possibly empty) only breaks ties. For kindBad the string says what
// the input is.
func sniff(head []byte, name string) (kind, string) {
	if len(head) >= 3 && head[0] == 0x1f && head[1] == 0x8b && head[2] == 8 {
		return kindGzip, ""
	}
	if bytes.HasPrefix(head, []byte{0xFE, 0xFF}) || bytes.HasPrefix(head, []byte{0xFF, 0xFE}) || looksUTF16(head) {
		return kindUTF16, ""
	}
	for _, m := range binaryMagic {
		if bytes.HasPrefix(head, []byte(m.magic)) {
			if m.magic == "BZh" && (len(head) < 4 || head[3] < '1' || head[3] > '9') {
				continue // "BZh" may start a text
			}
			return kindBad, "binary file: " + m.what
		}
	}
	head = bytes.TrimPrefix(head, utf8BOM)
	if bytes.HasPrefix(head, []byte("WARC/")) {
		return kindWARC, ""
	}
	if bytes.HasPrefix(head, []byte("filedesc://")) {
		return kindARC, ""
	}
	if looksBinary(head) {
		return kindBad, "binary file"
	}
	ext := strings.ToLower(filepath.Ext(name))
	htmlExt := ext == ".html" || ext == ".htm" || ext == ".xhtml" || ext == ".shtml"
	t := bytes.TrimLeft(head, " \t\r\n\f")
	if len(t) == 0 {
		return kindBad, "empty"
	}
	switch t[0] {
	case '{':
		// A JSON Feed is one object over many lines; it names its version.
		if bytes.Contains(head, []byte("jsonfeed.org/version")) {
			return kindFeed, ""
		}
		return kindJSONL, ""
	case '[':
		if r := bytes.TrimLeft(t[1:], " \t\r\n"); len(r) > 0 && r[0] == '{' {
			return kindBad, "a JSON array: want JSON Lines, one object a line"
		}
	case '<':
		root, doctypeHTML, xmlDecl := firstElement(t)
		switch root {
		case "rss", "feed", "rdf:rdf", "rdf":
			return kindFeed, ""
		case "html", "head", "body":
			return kindHTML, ""
		}
		if doctypeHTML || htmlExt || !xmlDecl || root == "" {
			return kindHTML, ""
		}
		return kindBad, "an XML document with root <" + root + ">, neither a feed nor HTML"
	}
	if htmlExt || containsFold(t, "<!doctype html") || containsFold(t, "<html") {
		return kindHTML, ""
	}
	return kindText, ""
}

// looksBinary reports bytes that are not text: a NUL, or many control
// characters other than the usual whitespace, form feed and escape.
func looksBinary(b []byte) bool {
	ctrl := 0
	for _, c := range b {
		switch {
		case c == 0:
			return true
		case c < 0x20 && c != '\t' && c != '\n' && c != '\r' && c != '\f' && c != '\v' && c != 0x1b:
			ctrl++
		case c == 0x7f:
			ctrl++
		}
	}
	return ctrl*32 > len(b)
}

// looksUTF16 reports UTF-16 text without a byte-order mark: ASCII with a NUL
// in every other byte.
func looksUTF16(b []byte) bool {
	n := min(len(b), 64) &^ 1
	if n < 8 {
		return false
	}
	le, be := true, true
	for i := 0; i < n; i += 2 {
		le = le && b[i] != 0 && b[i+1] == 0
		be = be && b[i] == 0 && b[i+1] != 0
	}
	return le || be
}

// utf16Reader decodes UTF-16 (by its BOM, else little-endian unless the
// first byte is NUL) to UTF-8.
func utf16Reader(r interface {
	io.Reader
	Peek(int) ([]byte, error)
}) io.Reader {
	endian := unicode.LittleEndian
	if b, _ := r.Peek(2); len(b) == 2 && b[0] == 0 && b[1] != 0 {
		endian = unicode.BigEndian
	}
	dec := unicode.UTF16(endian, unicode.ExpectBOM).NewDecoder()
	// BOMOverride honours a BOM of either order and drops it.
	return transform.NewReader(r, unicode.BOMOverride(dec))
}

// firstElement finds the name of the first element in markup, skipping an
// XML declaration, processing instructions, comments and DOCTYPEs. It also
// says whether a DOCTYPE names HTML and whether an XML declaration was seen.
// The name is lower-cased; it is "" when none is found in b.
func firstElement(b []byte) (root string, doctypeHTML, xmlDecl bool) {
	for {
		b = bytes.TrimLeft(b, " \t\r\n\f")
		if len(b) < 2 || b[0] != '<' {
			return "", doctypeHTML, xmlDecl
		}
		var end int
		switch {
		case bytes.HasPrefix(b, []byte("<?")):
			xmlDecl = xmlDecl || hasPrefixFold(b, "<?xml")
			end = bytes.Index(b, []byte("?>"))
			if end >= 0 {
				end += 2
			}
		case bytes.HasPrefix(b, []byte("<!--")):
			end = bytes.Index(b[4:], []byte("-->"))
			if end >= 0 {
				end += 4 + 3
			}
		case bytes.HasPrefix(b, []byte("<!")):
			end = bytes.IndexByte(b, '>')
			if end >= 0 {
				if hasPrefixFold(b, "<!doctype") && containsFold(b[:end], "html") {
					doctypeHTML = true
				}
				end++
			}
		default:
			i := 1
			for i < len(b) && isNameByte(b[i]) {
				i++
			}
			return strings.ToLower(string(b[1:i])), doctypeHTML, xmlDecl
		}
		if end < 0 {
			return "", doctypeHTML, xmlDecl
		}
		b = b[end:]
	}
}

func isNameByte(c byte) bool {
	return c == ':' || c == '-' || c == '_' || c == '.' ||
		'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9'
}

// hasPrefixFold is bytes.HasPrefix ignoring ASCII case; prefix is lower case.
func hasPrefixFold(b []byte, prefix string) bool {
	return len(b) >= len(prefix) && bytes.EqualFold(b[:len(prefix)], []byte(prefix))
}

// containsFold reports whether b contains the lower-case ASCII string sub,
// ignoring ASCII case, without allocating a lowered copy of b.
func containsFold(b []byte, sub string) bool {
	if len(sub) == 0 {
		return true
	}
	first := sub[0]
	for i := 0; i+len(sub) <= len(b); i++ {
		c := b[i]
		if c|0x20 != first {
			continue
		}
		if bytes.EqualFold(b[i:i+len(sub)], []byte(sub)) {
			return true
		}
	}
	return false
}
