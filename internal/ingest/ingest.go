package ingest

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/storyline-news/storyline/internal/news"
)

// DefaultMaxDocBytes is the MaxDocBytes used when Options leaves it zero.
const DefaultMaxDocBytes = 16 << 20

// StdinName is how the path "-" is named in errors and Origins.
const StdinName = "stdin"

// Options for Scan.
type Options struct {
	// Stdin is read for the path "-"; nil means os.Stdin.
	Stdin io.Reader
	// MaxDocBytes is the largest single document accepted: a text or HTML
	// file, a JSONL line, a feed file, a WARC payload after decoding. A larger
	// one is reported as an *Error and the scan goes on. Zero or less means
	// DefaultMaxDocBytes.
	MaxDocBytes int64
	// OnRead, when not nil, is called with the number of input bytes consumed
	// (compressed bytes for compressed files). For files the calls add up to
	// the file's size even when part of it was skipped, so they can drive a
	// progress bar whose total is Size.
	OnRead func(n int64)
	// OnSkip, when not nil, is called for every item left out on purpose
	// rather than for a fault: WARC request, metadata and warcinfo records,
	// non-HTML or non-200 responses, hidden files. reason is a short phrase
	// such as "warc request" or "http status 404", fit for counting.
	OnSkip func(origin, reason string)
}

// Error is one bad input item: an unreadable path, a file that is not a
// document, a malformed JSONL line or WARC record. Scan reports it and goes
// on.
type Error struct {
	Input  string // the path as walked, or StdinName
	Line   int    // 1-based line in a JSONL input, 0 when not applicable
	Record int    // 1-based WARC record or feed item, 0 when not applicable
	Err    error
}

// Error formats the error as "ingest INPUT line N: ..." or
// "ingest INPUT record N: ...".
func (e *Error) Error() string {
	var b strings.Builder
	b.WriteString("ingest ")
	b.WriteString(e.Input)
	switch {
	case e.Line > 0:
		b.WriteString(" line ")
		b.WriteString(strconv.Itoa(e.Line))
	case e.Record > 0:
		b.WriteString(" record ")
		b.WriteString(strconv.Itoa(e.Record))
	}
	b.WriteString(": ")
	if e.Err != nil {
		b.WriteString(e.Err.Error())
	} else {
		b.WriteString("unknown error")
	}
	return b.String()
}

// Unwrap returns the underlying error.
func (e *Error) Unwrap() error { return e.Err }

// Size returns the total size in bytes of the named inputs: regular files,
// and the files under directories walked as Scan walks them. Stdin, other
// non-regular files and unreadable paths count 0. It is meant as the total
// of a progress bar fed by Options.OnRead.
func Size(paths []string) int64 {
	var total int64
	w := walker{
		visit: func(path string, fi fs.FileInfo) error {
			if fi != nil && fi.Mode().IsRegular() {
				total += fi.Size()
			}
			return nil
		},
		bad:  func(string, error) error { return nil },
		skip: func(string, string) {},
	}
	for _, p := range paths {
		_ = w.path(p)
	}
	return total
}

// Scan reads every input, detects each one's format from its content, and
// calls emit for every document and fail for every bad item, in input order.
// Inputs are files, directories (walked recursively in lexical order,
// skipping names that start with "."), and "-" for Options.Stdin. Scan
// returns early only when ctx is cancelled (returning ctx.Err()) or when emit
// returns an error (returned wrapped). fail may be nil to ignore bad items.
func Scan(ctx context.Context, paths []string, opt Options, emit func(news.Document) error, fail func(*Error)) error {
	s := newScanner(ctx, opt, emit, fail)
	w := walker{visit: s.visit, bad: s.badPath, skip: s.skip}
	for _, p := range paths {
		if err := ctx.Err(); err != nil {
			return err
		}
		if err := w.path(p); err != nil {
			return err
		}
	}
	return ctx.Err()
}

// scanner holds one Scan's settings and callbacks.
type scanner struct {
	ctx    context.Context
	max    int64
	stdin  io.Reader
	onRead func(int64)
	onSkip func(origin, reason string)
	emitFn func(news.Document) error
	failFn func(*Error)

	httpBuf *bufio.Reader // reused to read HTTP heads in WARC records
	// source is the base name of the input being read: documents' ids are
	// unique only within their input (news.Document.Source).
	source string
}

func newScanner(ctx context.Context, opt Options, emit func(news.Document) error, fail func(*Error)) *scanner {
	s := &scanner{
		ctx:    ctx,
		max:    opt.MaxDocBytes,
		stdin:  opt.Stdin,
		onRead: opt.OnRead,
		onSkip: opt.OnSkip,
		emitFn: emit,
		failFn: fail,
	}
	if s.max <= 0 {
		s.max = DefaultMaxDocBytes
	}
	if s.stdin == nil {
		s.stdin = os.Stdin
	}
	return s
}

// input is one input being read: its name and the position reached, which
// the format readers keep current so that any error can say where it struck.
type input struct {
	name   string // path as walked, or StdinName
	hint   string // file name used to break detection ties; ".gz" dropped when decompressed
	line   int
	record int

	// gz is the gzip layer right below the format reader, read through
	// gzbr; nil when there is none (or another layer is in between).
	gz   *memberReader
	gzbr *bufio.Reader
}

// pos is the offset in the decompressed stream up to which the format
// reader has read; 0 when the input is not gzip-compressed.
func (in *input) pos() int64 {
	if in.gz == nil {
		return 0
	}
	return in.gz.released() - int64(in.gzbr.Buffered())
}

// damaged returns the damage of the gzip members that the bytes from start
// up to the position reached came from, nil when they are intact or not
// compressed. A format reader calls it before handing a document on: gzip
// finds a bad checksum only at a member's end, after the data went by.
func (in *input) damaged(start int64) *damageError {
	if in.gz == nil {
		return nil
	}
	d := in.gz.check(start, in.pos())
	if d != nil {
		d.claimed = true
	}
	return d
}

// damageAt reports damage met in the stream at the item being read, unless
// an item was already failed for it and this one holds none of its bytes
// (partial is false).
func (s *scanner) damageAt(in *input, d *damageError, partial bool) error {
	if d.claimed && !partial {
		return nil
	}
	d.claimed = true
	return s.bad(in.errorf("%w", d))
}

func (in *input) errorf(format string, args ...any) *Error {
	return &Error{Input: in.name, Line: in.line, Record: in.record, Err: fmt.Errorf(format, args...)}
}

// bad reports an input fault. It returns a non-nil error only when the scan
// must stop: the context was cancelled, which often surfaces as the read
// error being reported.
func (s *scanner) bad(e *Error) error {
	if err := s.ctx.Err(); err != nil {
		return err
	}
	if s.failFn != nil {
		s.failFn(e)
	}
	return nil
}

func (s *scanner) badPath(path string, err error) error {
	// "ingest a.txt: open: permission denied", not the path twice.
	var pe *fs.PathError
	if errors.As(err, &pe) && pe.Path == path {
		err = fmt.Errorf("%s: %w", pe.Op, pe.Err)
	}
	return s.bad(&Error{Input: path, Err: err})
}

func (s *scanner) skip(origin, reason string) {
	if s.onSkip != nil {
		s.onSkip(origin, reason)
	}
}

// emit hands one document on; its error stops the scan.
func (s *scanner) emit(doc news.Document) error {
	if err := s.ctx.Err(); err != nil {
		return err
	}
	if doc.Source == "" {
		doc.Source = s.source
	}
	if err := s.emitFn(doc); err != nil {
		return fmt.Errorf("ingest %s: %w", doc.Origin, err)
	}
	return nil
}

// visit reads one file (fi from Stat) or stdin (fi nil).
func (s *scanner) visit(path string, fi fs.FileInfo) error {
	in := &input{name: path, hint: filepath.Base(path)}
	s.source = filepath.Base(path)
	if fi == nil {
		s.source = StdinName
	}
	var src io.Reader
	if fi == nil {
		in.name, in.hint = StdinName, StdinName
		src = s.stdin
	} else {
		f, err := os.Open(path)
		if err != nil {
			return s.badPath(path, err)
		}
		defer f.Close()
		src = f
	}
	cr := &countReader{ctx: s.ctx, r: src, on: s.onRead}
	err := s.stream(in, cr, 0)
	// Top the progress up to the file's size: parts skipped after an error
	// were never read but count as done.
	if fi != nil && fi.Mode().IsRegular() && s.onRead != nil && cr.n < fi.Size() {
		s.onRead(fi.Size() - cr.n)
	}
	return err
}

// countReader reports bytes read to OnRead and stops reading once the
// context is cancelled, so that no reader loop outlives a cancellation.
type countReader struct {
	ctx context.Context
	r   io.Reader
	on  func(int64)
	n   int64
}

func (c *countReader) Read(p []byte) (int, error) {
	if err := c.ctx.Err(); err != nil {
		return 0, err
	}
	n, err := c.r.Read(p)
	if n > 0 {
		c.n += int64(n)
		if c.on != nil {
			c.on(int64(n))
		}
	}
	return n, err
}

// maxLayers bounds nested decoding layers (gzip in gzip, UTF-16 in gzip).
const maxLayers = 4

// stream detects the format of r and hands it to the reader for that format.
func (s *scanner) stream(in *input, r io.Reader, depth int) error {
	br := bufio.NewReaderSize(r, 64<<10)
	in.gz, in.gzbr = nil, nil
	if g, ok := r.(*memberReader); ok {
		in.gz, in.gzbr = g, br
	}
	head, err := br.Peek(sniffLen)
	for d := asDamage(err); d != nil && in.gz != nil; d = asDamage(err) {
		if len(head) > 0 {
			// Peek took the damage that follows head: the format
			// reader must meet it there.
			in.gz.requeue(d)
			break
		}
		// Damage before any data: nothing to fail but the input.
		if e := s.bad(in.errorf("%w", d)); e != nil {
			return e
		}
		d.claimed = true
		head, err = br.Peek(sniffLen)
	}
	if len(head) == 0 {
		if err != nil && !errors.Is(err, io.EOF) {
			return s.bad(in.errorf("%w", err))
		}
		return s.bad(in.errorf("empty"))
	}
	k, what := sniff(head, in.hint)
	if k != kindGzip && k != kindUTF16 && bytes.HasPrefix(head, utf8BOM) {
		_, _ = br.Discard(len(utf8BOM)) // no format reader wants it
	}
	switch k {
	case kindGzip, kindUTF16:
		if depth >= maxLayers {
			return s.bad(in.errorf("more than %d nested encodings", maxLayers))
		}
		if k == kindGzip {
			in.hint = strings.TrimSuffix(in.hint, filepath.Ext(in.hint))
			return s.gzip(in, br, depth)
		}
		return s.stream(in, utf16Reader(br), depth+1)
	case kindWARC:
		return s.readWARC(in, br)
	case kindARC:
		return s.readARC(in, br)
	case kindJSONL:
		return s.readJSONL(in, br)
	case kindFeed:
		return s.readFeed(in, br)
	case kindHTML:
		return s.readDocument(in, br, news.FormatHTML)
	case kindText:
		return s.readDocument(in, br, news.FormatText)
	default:
		return s.bad(in.errorf("%s", what))
	}
}

// walker visits the files named by paths in Scan's order, following
// symbolic links but reporting loops.
type walker struct {
	visit func(path string, fi fs.FileInfo) error // fi nil for stdin
	bad   func(path string, err error) error
	skip  func(origin, reason string)
	seen  map[string]bool // real paths of directories already walked
}

// path visits one command-line path. A path named explicitly is read even
// when hidden or not a regular file (a FIFO from process substitution).
func (w *walker) path(p string) error {
	if p == "-" {
		return w.visit(p, nil)
	}
	fi, err := os.Stat(p)
	if err != nil {
		return w.bad(p, err)
	}
	if fi.IsDir() {
		return w.dir(p, map[string]bool{})
	}
	return w.visit(p, fi)
}

// dir walks a directory; ancestors holds the real paths of the directories
// above it, to tell a symbolic-link loop from a directory reached twice.
func (w *walker) dir(dir string, ancestors map[string]bool) error {
	rp, err := filepath.EvalSymlinks(dir)
	if err == nil {
		rp, err = filepath.Abs(rp)
	}
	if err != nil {
		return w.bad(dir, err)
	}
	if ancestors[rp] {
		return w.bad(dir, errors.New("symbolic link loop: directory contains itself"))
	}
	if w.seen == nil {
		w.seen = map[string]bool{}
	}
	if w.seen[rp] {
		w.skip(dir, "directory already read")
		return nil
	}
	w.seen[rp] = true
	ancestors[rp] = true
	defer delete(ancestors, rp)

	entries, err := os.ReadDir(dir) // sorted by name
	if err != nil {
		if err := w.bad(dir, err); err != nil {
			return err
		}
	}
	for _, e := range entries {
		full := filepath.Join(dir, e.Name())
		if strings.HasPrefix(e.Name(), ".") {
			w.skip(full, "hidden")
			continue
		}
		var fi fs.FileInfo
		if e.Type()&fs.ModeSymlink != 0 {
			fi, err = os.Stat(full)
		} else {
			fi, err = e.Info()
		}
		if err != nil {
			if err := w.bad(full, err); err != nil {
				return err
			}
			continue
		}
		switch {
		case fi.IsDir():
			err = w.dir(full, ancestors)
		case fi.Mode().IsRegular():
			err = w.visit(full, fi)
		default:
			// Opening a FIFO or device found while walking could block
			// or never end.
			err = w.bad(full, fmt.Errorf("not a regular file (%s)", fi.Mode().Type()))
		}
		if err != nil {
			return err
		}
	}
	return nil
}
