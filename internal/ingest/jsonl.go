package ingest

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/storyline-news/storyline/internal/news"
)

// readJSONL reads one document per line. Lines may be many megabytes (a
// saved page in "html"): they are read whole up to MaxDocBytes, and a longer
// line is reported and skipped without being held.
func (s *scanner) readJSONL(in *input, br *bufio.Reader) error {
	var buf []byte
	for line := 1; ; line++ {
		in.line = line
		start := in.pos()
		var tooLong bool
		var err error
		buf, tooLong, err = readLine(br, buf[:0], s.max)
		b := bytes.TrimSpace(buf)
		if d := asDamage(err); d != nil {
			// A damaged gzip member cut this line short, or fell between
			// lines (then the line number is the next line's).
			if e := s.damageAt(in, d, len(b) > 0 || tooLong); e != nil {
				return e
			}
			if len(b) == 0 && !tooLong {
				line--
			}
			continue
		}
		if err != nil && !errors.Is(err, io.EOF) {
			// A read error ends the input; the partial line is not a
			// document.
			return s.bad(in.errorf("%w", err))
		}
		if tooLong {
			if e := s.bad(in.errorf("line longer than %d bytes", s.max)); e != nil {
				return e
			}
		} else if len(b) > 0 {
			if d := in.damaged(start); d != nil {
				if e := s.bad(in.errorf("%w", d)); e != nil {
					return e
				}
			} else if line == 1 && string(b) == "{" {
				// One pretty-printed JSON object, not JSON Lines: say so
				// once rather than once for each of its lines.
				return s.bad(in.errorf("a JSON object spread over several lines: want JSON Lines, one object a line"))
			} else if e := s.jsonLine(in, b, line); e != nil {
				return e
			}
		}
		if err != nil { // io.EOF
			return nil
		}
	}
}

// jsonLine emits the document of one JSONL line or reports why it has
// none. Its error stops the scan.
func (s *scanner) jsonLine(in *input, b []byte, line int) error {
	doc, err := parseJSONLine(b)
	if err != nil {
		return s.bad(in.errorf("%w", err))
	}
	doc.Origin = in.name + ":" + strconv.Itoa(line)
	return s.emit(doc)
}

// readLine appends the next line of br to buf, without its "\n". If the line
// is longer than max it is consumed but not kept, and tooLong is set. err is
// io.EOF at the end of the input (the last line may lack its newline).
func readLine(br *bufio.Reader, buf []byte, max int64) (line []byte, tooLong bool, err error) {
	for {
		chunk, err := br.ReadSlice('\n')
		if !tooLong {
			if int64(len(buf)+len(chunk)) > max+1 { // +1: the newline
				tooLong = true
				buf = buf[:0]
			} else {
				buf = append(buf, chunk...)
			}
		}
		switch {
		case err == nil:
			return bytes.TrimSuffix(buf, []byte("\n")), tooLong, nil
		case errors.Is(err, bufio.ErrBufferFull):
			continue
		default:
			return buf, tooLong, err
		}
	}
}

// jsonDoc is one JSONL line. Fields whose type may vary are kept raw and
// read leniently; "text" and "html" must be strings.
type jsonDoc struct {
	ID        json.RawMessage `json:"id"`
	URL       json.RawMessage `json:"url"`
	Title     json.RawMessage `json:"title"`
	Published json.RawMessage `json:"published"`
	Outlet    json.RawMessage `json:"outlet"`
	Authors   json.RawMessage `json:"authors"`
	Author    json.RawMessage `json:"author"`
	Text      *string         `json:"text"`
	HTML      *string         `json:"html"`
}

// parseJSONLine makes a Document of one JSONL object. When both "html" and
// "text" are given, "html" is used: extraction finds more in a page
// (metadata, structure) than in its text.
func parseJSONLine(b []byte) (news.Document, error) {
	var d jsonDoc
	if err := json.Unmarshal(b, &d); err != nil {
		var te *json.UnmarshalTypeError
		if errors.As(err, &te) {
			if te.Field == "" {
				return news.Document{}, fmt.Errorf("not a JSON object but %s", te.Value)
			}
			return news.Document{}, fmt.Errorf("%q is not a string but %s", te.Field, te.Value)
		}
		return news.Document{}, fmt.Errorf("bad JSON: %w", err)
	}
	id := jsonScalar(d.ID)
	if id == "" {
		return news.Document{}, errors.New(`missing "id"`)
	}
	doc := news.Document{
		SourceID:  id,
		URL:       jsonString(d.URL),
		Title:     jsonString(d.Title),
		Published: jsonString(d.Published),
		Outlet:    jsonString(d.Outlet),
		Authors:   jsonStrings(d.Authors),
	}
	if doc.Authors == nil {
		doc.Authors = jsonStrings(d.Author)
	}
	switch {
	case d.HTML != nil && strings.TrimSpace(*d.HTML) != "":
		doc.Format, doc.Content = news.FormatHTML, *d.HTML
	case d.Text != nil && strings.TrimSpace(*d.Text) != "":
		doc.Format, doc.Content = news.FormatText, *d.Text
	case d.HTML != nil || d.Text != nil:
		return news.Document{}, errors.New(`empty "text" or "html"`)
	default:
		return news.Document{}, errors.New(`missing "text" or "html"`)
	}
	if doc.Title != "" || doc.Published != "" || doc.Outlet != "" || len(doc.Authors) > 0 {
		doc.HintFrom = "jsonl"
	}
	return doc, nil
}

// jsonString returns a JSON string's value, "" for anything else: a hint of
// the wrong type is dropped, not an error.
func jsonString(raw json.RawMessage) string {
	if len(raw) == 0 || raw[0] != '"' {
		return ""
	}
	var s string
	if json.Unmarshal(raw, &s) != nil {
		return ""
	}
	return strings.TrimSpace(s)
}

// jsonScalar returns a string's value or a number as written (ids are
// sometimes numbers).
func jsonScalar(raw json.RawMessage) string {
	if len(raw) > 0 && (raw[0] == '-' || '0' <= raw[0] && raw[0] <= '9') {
		return string(raw)
	}
	return jsonString(raw)
}

// jsonStrings reads a string or a list of strings; empty entries and
// entries of other types are dropped.
func jsonStrings(raw json.RawMessage) []string {
	if s := jsonString(raw); s != "" {
		return []string{s}
	}
	if len(raw) == 0 || raw[0] != '[' {
		return nil
	}
	var list []json.RawMessage
	if json.Unmarshal(raw, &list) != nil {
		return nil
	}
	var out []string
	for _, r := range list {
		if s := jsonString(r); s != "" {
			out = append(out, s)
		}
	}
	return out
}
