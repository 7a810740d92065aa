package ingest

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"mime"
	"path/filepath"
	"regexp"
	"strings"
	"unicode/utf8"

	"golang.org/x/net/html/charset"
	"golang.org/x/text/encoding"
	"golang.org/x/text/encoding/charmap"
	"golang.org/x/text/encoding/unicode"
	"golang.org/x/text/transform"

	"github.com/storyline-news/storyline/internal/news"
)

// readDocument reads a whole text or HTML input as one Document.
func (s *scanner) readDocument(in *input, br *bufio.Reader, format news.Format) error {
	data, err := io.ReadAll(io.LimitReader(br, s.max+1))
	if err != nil {
		return s.bad(in.errorf("%w", err))
	}
	if int64(len(data)) > s.max {
		return s.bad(in.errorf("%w: more than %d bytes", errTooLarge, s.max))
	}
	if i := bytes.IndexByte(data, 0); i >= 0 {
		return s.bad(in.errorf("binary file: NUL byte at offset %d", i))
	}
	var content string
	if format == news.FormatHTML {
		content = decodeHTML(data, "")
	} else {
		content, err = decodeText(data)
		if err != nil {
			return s.bad(in.errorf("%w", err))
		}
	}
	if strings.TrimSpace(content) == "" {
		return s.bad(in.errorf("empty"))
	}
	id := in.hint
	if in.name == StdinName {
		id = StdinName
	}
	return s.emit(news.Document{
		SourceID: filepath.Base(id),
		Origin:   in.name,
		Format:   format,
		Content:  content,
	})
}

// errTooLarge marks a document larger than Options.MaxDocBytes.
var errTooLarge = errors.New("document too large")

// decodeText returns UTF-8 text without its BOM. A few invalid bytes (a
// stray Latin-1 character in a UTF-8 file) become U+FFFD; more mean the text
// is in another encoding, which plain text does not declare, so it is
// refused rather than guessed.
func decodeText(data []byte) (string, error) {
	data = bytes.TrimPrefix(data, utf8BOM)
	if utf8.Valid(data) {
		return string(data), nil
	}
	if _, bad := utf8Stats(data); !fewInvalid(bad, len(data)) {
		return "", fmt.Errorf("not UTF-8 text: %d invalid byte sequences", bad)
	}
	return strings.ToValidUTF8(string(data), "\uFFFD"), nil
}

// fewInvalid says whether bad invalid sequences in n bytes are stray
// damage rather than another encoding.
func fewInvalid(bad, n int) bool {
	return bad <= 4 || bad*1000 <= n
}

// metaCharset finds a charset declared in a <meta> element (charset= or
// http-equiv content="...; charset=") anywhere in the first metaScanLen
// bytes of a page: browsers look only at the first 1024 bytes, but saved
// pages often declare it later. The pattern is bounded and RE2 runs in
// linear time.
var metaCharset = regexp.MustCompile(`(?i)<meta[^>]{0,512}?charset\s*=\s*["']?\s*([a-z0-9_:.+-]{1,40})`)

// metaScanLen is how far into a page metaCharset looks.
const metaScanLen = 64 << 10

// decodeHTML returns a page as UTF-8. Valid UTF-8 is kept as it is whatever
// the page declares (a page re-saved as UTF-8 often keeps its old
// declaration). Otherwise the encoding is the one declared by the HTTP
// Content-Type or a <meta> element; a page declared as UTF-8 with only a few
// invalid bytes has them replaced by U+FFFD. An undeclared page is read as
// UTF-8 with replacements when its valid multi-byte characters outnumber its
// invalid bytes, else as windows-1252, the browsers' default.
func decodeHTML(data []byte, contentType string) string {
	data = bytes.TrimPrefix(data, utf8BOM)
	if utf8.Valid(data) {
		return string(data)
	}
	if hasUTF16BOM(data) {
		dec := unicode.BOMOverride(unicode.UTF16(unicode.LittleEndian, unicode.ExpectBOM).NewDecoder())
		out, _, _ := transform.Bytes(dec, data)
		return strings.ToValidUTF8(string(out), "\uFFFD")
	}
	multi, bad := utf8Stats(data)
	var enc encoding.Encoding
	switch label := declaredCharset(data, contentType); {
	case label == "":
		if multi > bad {
			return strings.ToValidUTF8(string(data), "\uFFFD")
		}
		enc = charmap.Windows1252
	default:
		e, name := charset.Lookup(label)
		switch {
		case e == nil:
			enc = charmap.Windows1252 // an unknown label
		case name == "utf-8" || strings.HasPrefix(name, "utf-16"):
			// A page cannot declare UTF-16 in ASCII; browsers take UTF-8.
			if fewInvalid(bad, len(data)) {
				return strings.ToValidUTF8(string(data), "\uFFFD")
			}
			enc = charmap.Windows1252 // declared UTF-8, but it is not
		default:
			enc = e
		}
	}
	out, err := enc.NewDecoder().Bytes(data)
	if err != nil {
		out, _ = charmap.Windows1252.NewDecoder().Bytes(data)
	}
	return strings.ToValidUTF8(string(out), "\uFFFD")
}

// declaredCharset returns the charset label of an HTTP Content-Type, else
// of the first <meta> declaration in the page's first metaScanLen bytes,
// else "".
func declaredCharset(data []byte, contentType string) string {
	if contentType != "" {
		if _, params, err := mime.ParseMediaType(contentType); err == nil && params["charset"] != "" {
			return params["charset"]
		}
	}
	if m := metaCharset.FindSubmatch(data[:min(len(data), metaScanLen)]); m != nil {
		return string(m[1])
	}
	return ""
}

// utf8Stats counts the valid multi-byte characters and the invalid byte
// runs in b.
func utf8Stats(b []byte) (multi, bad int) {
	inBad := false
	for len(b) > 0 {
		if b[0] < utf8.RuneSelf {
			b = b[1:]
			inBad = false
			continue
		}
		r, size := utf8.DecodeRune(b)
		if r == utf8.RuneError && size == 1 {
			if !inBad {
				bad++
			}
			inBad = true
		} else {
			multi++
			inBad = false
		}
		b = b[size:]
	}
	return multi, bad
}

func hasUTF16BOM(b []byte) bool {
	return len(b) >= 2 && (b[0] == 0xFE && b[1] == 0xFF || b[0] == 0xFF && b[1] == 0xFE)
}
