package cli

import (
	"fmt"
	"io"
	"strings"
	"sync"
	"unicode/utf8"
)

// termEscape returns s with every control character but \n and \t written
// out as an escape: C0 as \xNN, C1 as \u00NN, and a byte that is
// not UTF-8 as \xNN. Article text and file names are untrusted; printed
// raw, "\x1b[2J" clears the screen and "\x1b]0;...\a" retitles the window.
// Escaping rather than dropping keeps the text legible and greppable.
func termEscape(s string) string {
	i := 0
	for i < len(s) {
		r, n := utf8.DecodeRuneInString(s[i:])
		if needsEscape(r, n) {
			break
		}
		i += n
	}
	if i == len(s) {
		return s
	}
	var b strings.Builder
	b.Grow(len(s) + 8)
	b.WriteString(s[:i])
	for i < len(s) {
		r, n := utf8.DecodeRuneInString(s[i:])
		writeEscaped(&b, s[i], r, n)
		i += n
	}
	return b.String()
}

// needsEscape reports whether the rune r, n bytes long, is a control
// character other than \n and \t, or an invalid byte.
func needsEscape(r rune, n int) bool {
	switch {
	case r == utf8.RuneError && n == 1:
		return true
	case r == '\n' || r == '\t':
		return false
	}
	return r < 0x20 || (r >= 0x80 && r <= 0x9f)
}

func writeEscaped(b *strings.Builder, first byte, r rune, n int) {
	switch {
	case !needsEscape(r, n):
		b.WriteRune(r)
	case r == utf8.RuneError && n == 1:
		fmt.Fprintf(b, `\x%02x`, first)
	case r < 0x80:
		fmt.Fprintf(b, `\x%02x`, r)
	default:
		fmt.Fprintf(b, `\u%04x`, r)
	}
}

// termWriter escapes what passes through it with termEscape. Human-readable
// commands get their stdout and stderr wrapped in one, so that every print
// site is covered, whoever writes it. A rune split across two writes (by a
// bufio.Writer or tabwriter) is held back until the rest arrives. It is
// safe for concurrent use, as an *os.File is: pipeline callbacks may print
// errors from several goroutines.
type termWriter struct {
	w       io.Writer
	mu      sync.Mutex
	pending []byte // the start of an incomplete UTF-8 sequence
}

func newTermWriter(w io.Writer) *termWriter {
	if tw, ok := w.(*termWriter); ok {
		return tw
	}
	return &termWriter{w: w}
}

// rawWriter returns the writer under a termWriter, for output that draws
// with control characters of its own (the progress bar's \r). Such output
// must escape any untrusted text it prints with termEscape.
func rawWriter(w io.Writer) io.Writer {
	if tw, ok := w.(*termWriter); ok {
		return tw.w
	}
	return w
}

// clearLine is the one control sequence our own code writes through a
// termWriter (ingest's error lines wipe the progress bar first); a Write of
// exactly this, never produced from data mixed with text, passes unchanged.
const clearLine = "\r\033[K"

func (t *termWriter) Write(p []byte) (int, error) {
	t.mu.Lock()
	defer t.mu.Unlock()
	if string(p) == clearLine {
		if err := t.flush(); err != nil {
			return 0, err
		}
		_, err := io.WriteString(t.w, clearLine)
		return len(p), err
	}
	buf := p
	if len(t.pending) > 0 {
		buf = append(t.pending, p...)
		t.pending = nil
	}
	// Hold back a trailing incomplete rune: up to 3 bytes that could still
	// become a valid sequence.
	cut := len(buf)
	for k := 1; k <= 3 && k <= len(buf); k++ {
		c := buf[len(buf)-k]
		if utf8.RuneStart(c) {
			if c >= 0xc0 && !utf8.FullRune(buf[len(buf)-k:]) {
				cut = len(buf) - k
			}
			break
		}
	}
	if cut < len(buf) {
		t.pending = append([]byte(nil), buf[cut:]...)
	}
	if _, err := io.WriteString(t.w, termEscape(string(buf[:cut]))); err != nil {
		return 0, err
	}
	return len(p), nil
}

// Flush writes out a held-back incomplete rune, escaped.
func (t *termWriter) Flush() error {
	t.mu.Lock()
	defer t.mu.Unlock()
	return t.flush()
}

func (t *termWriter) flush() error {
	if len(t.pending) == 0 {
		return nil
	}
	s := termEscape(string(t.pending))
	t.pending = nil
	_, err := io.WriteString(t.w, s)
	return err
}
