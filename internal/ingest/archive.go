package ingest

import (
	"bufio"
	"bytes"
	"errors"
	"io"
	"strconv"

	"github.com/storyline-news/storyline/internal/news"
)

// recordScan is what readWARC and readARC share: reading the lines where a
// record may start, counting records (good or bad, for in.record), and
// skipping to the next header after a malformed or damaged record.
type recordScan struct {
	s      *scanner
	in     *input
	br     *bufio.Reader
	rec    int
	resync bool // looking for the next record after a malformed one
	buf    []byte

	// Set by next: the line without its "\r", where it started in the
	// stream, whether it was cut at maxHeaderLine, and whether the input
	// ended with it.
	line    []byte
	start   int64
	tooLong bool
	eof     bool
	err     error // why next returned false; nil when the input is over
}

// next reads the next line where a record may start. False means the scan
// stops, returning rs.err.
func (rs *recordScan) next() bool {
	for {
		if rs.err = rs.s.ctx.Err(); rs.err != nil {
			return false
		}
		rs.start = rs.in.pos()
		line, tooLong, err := readLine(rs.br, rs.buf[:0], maxHeaderLine)
		rs.buf = line[:0]
		if d := asDamage(err); d != nil {
			// A damaged gzip member where a record should start: unless
			// a record was failed for it, it took a record's header.
			if !d.claimed && !rs.resync {
				rs.rec++
			}
			rs.in.record = max(rs.rec, 1)
			if rs.err = rs.s.damageAt(rs.in, d, false); rs.err != nil {
				return false
			}
			rs.resync = true
			continue
		}
		if err != nil && !errors.Is(err, io.EOF) {
			// The input cannot be read further.
			rs.in.record = rs.rec + 1
			rs.err = rs.s.bad(rs.in.errorf("%w", err))
			return false
		}
		rs.line, rs.tooLong, rs.eof = bytes.TrimRight(line, "\r"), tooLong, err != nil
		return true
	}
}

// begin counts a record whose header line was read.
func (rs *recordScan) begin() {
	rs.rec++
	rs.in.record = rs.rec
}

// fail counts and reports a record lost to a bad header, and skips to the
// next one.
func (rs *recordScan) fail(format string, args ...any) error {
	rs.begin()
	rs.resync = true
	return rs.s.bad(rs.in.errorf(format, args...))
}

// notHeader handles a line that is no record header: bytes where a record
// should start (a malformed record, or a length that did not match its
// block) are reported once, then skipped up to the next header.
func (rs *recordScan) notHeader(kind string) error {
	if rs.resync || !rs.tooLong && len(bytes.TrimSpace(rs.line)) == 0 {
		return nil
	}
	return rs.fail("no %s record header where a record should start; skipping to the next one", kind)
}

// endRecord finishes a record whose header started at start and whose
// block blk was read for doc, skip and rerr (as the payload readers return
// them): the rest of the block is skipped unread, then damage, truncation,
// a fault of the record, a skip or the document is reported. stop, resync
// and err are as for warcRecord.
func (s *scanner) endRecord(in *input, blk *blockReader, start int64, doc news.Document, skip string, rerr error) (stop, resync bool, err error) {
	if _, err := io.Copy(io.Discard, blk); err != nil && blk.err == nil {
		blk.err = err
	}
	if d := asDamage(blk.err); d != nil {
		return false, true, s.damageAt(in, d, true)
	}
	if blk.err != nil {
		return true, false, s.bad(in.errorf("%w", blk.err))
	}
	// Damage found only at the end of the record's gzip member.
	if d := in.damaged(start); d != nil {
		return false, false, s.bad(in.errorf("%w", d))
	}
	if rerr != nil {
		return false, false, s.bad(in.errorf("%w", rerr))
	}
	origin := in.name + "#record " + strconv.Itoa(in.record)
	if skip != "" {
		s.skip(origin, skip)
		return false, false, nil
	}
	doc.Origin = origin
	if doc.SourceID == "" {
		doc.SourceID = origin
	}
	return false, false, s.emit(doc)
}
