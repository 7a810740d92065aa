package ner

import (
	"bufio"
	"fmt"
	"io"
	"strings"
)

// maxLineBytes caps one CoNLL line; longer lines are an error.
const maxLineBytes = 1 << 20

// maxDocLines bounds the lines TagCoNLL holds for one document.
const maxDocLines = 200000

// ReadCoNLL reads CoNLL-format documents: one token per line with its
// columns separated by spaces or tabs, the first column the token and the
// last the gold tag; blank lines end sentences and "-DOCSTART-" lines
// documents.
func ReadCoNLL(r io.Reader) ([]Doc, error) {
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 64*1024), maxLineBytes)
	var docs []Doc
	var doc Doc
	var sent Labeled
	endSent := func() {
		if len(sent.Tokens) > 0 {
			doc.Sentences = append(doc.Sentences, sent)
		}
		sent = Labeled{}
	}
	endDoc := func() {
		endSent()
		if len(doc.Sentences) > 0 {
			docs = append(docs, doc)
		}
		doc = Doc{}
	}
	line := 0
	for sc.Scan() {
		line++
		f := strings.Fields(sc.Text())
		switch {
		case len(f) == 0:
			endSent()
		case f[0] == "-DOCSTART-":
			endDoc()
		case len(f) < 2:
			return nil, fmt.Errorf("conll line %d: want a token and a tag, got %q", line, sc.Text())
		default:
			sent.Tokens = append(sent.Tokens, f[0])
			sent.Tags = append(sent.Tags, f[len(f)-1])
		}
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("conll line %d: %w", line+1, err)
	}
	endDoc()
	return docs, nil
}

// TagCoNLL reads CoNLL-format lines from r (only the first column, the
// token, is used; blank lines separate sentences; "-DOCSTART-" lines pass
// through unchanged and separate documents) and writes each line back to w
// with the predicted IOB2 tag appended as a last column, so that
// conlleval.py can score a file that already holds gold tags. Each document
// is tagged as a whole (see Model.TagDocument).
func TagCoNLL(r io.Reader, w io.Writer, m *Model) error {
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 64*1024), maxLineBytes)
	bw := bufio.NewWriter(w)
	// A document is buffered until its end so that it can be tagged as a
	// whole; lines keeps the original text and which token each line is.
	type item struct {
		text      string
		sent, tok int // -1 for blank and -DOCSTART- lines
	}
	var lines []item
	var sents [][]string
	var cur []string
	flush := func() error {
		if len(cur) > 0 {
			sents = append(sents, cur)
			cur = nil
		}
		tags := m.TagDocument(sents)
		for _, it := range lines {
			if it.sent < 0 {
				bw.WriteString(it.text)
			} else {
				bw.WriteString(strings.TrimRight(it.text, " \t\r"))
				bw.WriteByte(' ')
				bw.WriteString(tags[it.sent][it.tok])
			}
			if err := bw.WriteByte('\n'); err != nil {
				return fmt.Errorf("conll: write: %w", err)
			}
		}
		lines, sents = lines[:0], sents[:0]
		return nil
	}
	n := 0
	for sc.Scan() {
		n++
		t := sc.Text()
		f := strings.Fields(t)
		switch {
		case len(f) == 0:
			if len(cur) > 0 {
				sents = append(sents, cur)
				cur = nil
			}
			lines = append(lines, item{text: t, sent: -1})
			if len(lines) > maxDocLines {
				// A file without -DOCSTART- lines is tagged in pieces so
				// that memory stays bounded.
				if err := flush(); err != nil {
					return err
				}
			}
		case f[0] == "-DOCSTART-":
			if err := flush(); err != nil {
				return err
			}
			lines = append(lines, item{text: t, sent: -1})
		default:
			if len(cur) >= MaxTokens { // keep TagDocument from splitting
				sents = append(sents, cur)
				cur = nil
			}
			lines = append(lines, item{text: t, sent: len(sents), tok: len(cur)})
			cur = append(cur, f[0])
		}
	}
	if err := sc.Err(); err != nil {
		return fmt.Errorf("conll line %d: %w", n+1, err)
	}
	if err := flush(); err != nil {
		return err
	}
	if err := bw.Flush(); err != nil {
		return fmt.Errorf("conll: write: %w", err)
	}
	return nil
}
