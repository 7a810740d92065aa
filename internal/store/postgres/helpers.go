package postgres

// Helpers shared by the package's files: argument placeholders, date
// ranges, list limits, JSON columns, compression and text PostgreSQL
// accepts.

import (
	"bytes"
	"encoding/json"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/storyline-news/storyline/internal/store/params"
)

// arg appends v to args and returns its placeholder ("$3"): conditions are
// built in any order without counting by hand.
func arg(args *[]any, v any) string {
	*args = append(*args, v)
	return "$" + strconv.Itoa(len(*args))
}

// dateRange is a checked From/To pair; hi is the day after To.
type dateRange struct{ lo, hi string }

// parseRange is params.ParseRange.
func parseRange(from, to string) (dateRange, error) {
	r, err := params.ParseRange(from, to)
	return dateRange{r.Lo, r.Hi}, err
}

// where returns the range's condition on col, "" for none, appending its
// arguments to args.
func (r dateRange) where(col string, args *[]any) string {
	switch {
	case r.lo == "":
		return ""
	case r.hi == "":
		return col + " >= " + arg(args, r.lo)
	}
	return col + " >= " + arg(args, r.lo) + " AND " + col + " < " + arg(args, r.hi)
}

// text makes s storable in a text column: PostgreSQL refuses NUL and
// invalid UTF-8, which SQLite keeps; both become U+FFFD.
func text(s string) string {
	if utf8.ValidString(s) && strings.IndexByte(s, 0) < 0 {
		return s
	}
	return strings.ReplaceAll(strings.ToValidUTF8(s, "\uFFFD"), "\x00", "\uFFFD")
}

// identMark starts the stored form of an identity (an article's key, a
// content hash) that text would change: a U+FFFE noncharacter, which no
// key or hash begins with.
const identMark = "\uFFFE"

// ident is text for identities, where two values must never become one:
// a string PostgreSQL cannot hold (or that begins with identMark) is
// stored as identMark and the string quoted in Go syntax, which unident
// reverses.
func ident(s string) string {
	if utf8.ValidString(s) && strings.IndexByte(s, 0) < 0 && !strings.HasPrefix(s, identMark) {
		return s
	}
	return identMark + strconv.Quote(s)
}

// unident reverses ident.
func unident(s string) string {
	if !strings.HasPrefix(s, identMark) {
		return s
	}
	if u, err := strconv.Unquote(s[len(identMark):]); err == nil {
		return u
	}
	return s
}

// mustJSON encodes v for a jsonb column. jsonb refuses the escape \u0000,
// which encoding/json writes for NUL: it becomes \ufffd.
func mustJSON(v any) string {
	b, err := json.Marshal(v)
	if err != nil {
		panic(err) // only plain structs and slices are marshalled here
	}
	return string(noNulEscape(b))
}

// noNulEscape replaces each \u0000 escape of a JSON text by \ufffd (an
// escaped backslash followed by "u0000" is text, and stays).
func noNulEscape(b []byte) []byte {
	if !bytes.Contains(b, []byte(`\u0000`)) {
		return b
	}
	out := make([]byte, 0, len(b))
	for i := 0; i < len(b); i++ {
		if b[i] != '\\' || i+1 >= len(b) {
			out = append(out, b[i])
			continue
		}
		if b[i+1] == 'u' && bytes.HasPrefix(b[i:], []byte(`\u0000`)) {
			out = append(out, `\ufffd`...)
			i += 5
			continue
		}
		out = append(out, b[i], b[i+1]) // an escape pair: its second byte is never an escape's start
		i++
	}
	return out
}

// jsonList encodes a slice as a JSON array, nil as [].
func jsonList[T any](s []T) string {
	if len(s) == 0 {
		return "[]"
	}
	return mustJSON(s)
}
