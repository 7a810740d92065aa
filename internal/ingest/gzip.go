package ingest

import (
	"bufio"
	"bytes"
	"compress/flate"
	"compress/gzip"
	"errors"
	"fmt"
	"io"
	"slices"
)

// gzip decompresses a gzip input and reads what it holds.
func (s *scanner) gzip(in *input, br *bufio.Reader, depth int) error {
	g := &memberReader{limit: int(min(s.max, maxAhead))}
	g.src.r = br
	return s.stream(in, g, depth+1)
}

var gzipMagic = []byte{0x1f, 0x8b, 8}

// damageError is a damaged gzip member (or bytes between members) met in a
// decompressed stream. The memberReader returns it once, at the place in the
// stream where the damage cut in, and then goes on with the next member, so
// that a format reader can fail the item it was reading and resynchronise.
type damageError struct {
	at      int64 // compressed offset of the damaged member or bytes
	err     error
	claimed bool // an item was failed for it: no need to report it again
}

func (d *damageError) Error() string {
	return fmt.Sprintf("gzip data damaged at byte %d: %v", d.at, d.err)
}

func (d *damageError) Unwrap() error { return d.err }

// asDamage returns err as a *damageError, or nil.
func asDamage(err error) *damageError {
	var d *damageError
	if errors.As(err, &d) {
		return d
	}
	return nil
}

// damageSpan is the decompressed bytes [start, end) of a damaged member;
// empty for bytes between members, which damage the item around them.
type damageSpan struct {
	start, end int64
	d          *damageError
}

// memberReader decompresses a gzip stream one member at a time, so that a
// damaged member can be skipped: after a checksum or deflate error it looks
// for the next member header and goes on. WARC.gz files compress each record
// as its own member, so one bad record then costs one record.
//
// gzip checks a member's checksum only at its end, after its data was handed
// on. So the damage is both returned in the stream (a *damageError where it
// cut in) and kept as a span of decompressed offsets, and before a reader
// hands a document on it asks check whether the document's bytes came from
// an intact member; check reads ahead (at most limit bytes) to finish the
// member. A member longer than limit is verified only as far as that: a
// checksum error at its end fails only the documents in its last limit bytes.
type memberReader struct {
	src   byteCounter // a ByteReader, so flate never reads past a member
	z     gzip.Reader
	open  bool  // z is inside a member
	quiet bool  // damage already reported: skip to the next member silently
	err   error // sticky: the stream is over (io.EOF after a truncation)
	limit int   // most bytes check reads ahead

	ahead  []byte // read ahead by check, not yet returned: ahead[off:]
	off    int
	queued *damageError // returned once ahead is drained

	prod        int64 // decompressed bytes produced, returned or read ahead
	memberStart int64 // prod when the current member opened
	memberAt    int64 // compressed offset of the current member
	spans       []damageSpan
}

// errTruncated marks a compressed stream that ended too early.
var errTruncated = errors.New("truncated gzip stream")

// aheadChunk is the least check decompresses at a time.
const aheadChunk = 32 << 10

// maxAhead bounds how far check reads ahead to finish a member: enough for
// a WARC.gz record's member, which ends just after the record, and for whole
// files of a few megabytes.
const maxAhead = 4 << 20

// maxSpans bounds the damage remembered between two checks.
const maxSpans = 256

func (m *memberReader) Read(p []byte) (int, error) {
	for {
		if m.off < len(m.ahead) {
			n := copy(p, m.ahead[m.off:])
			m.off += n
			if m.off == len(m.ahead) {
				m.ahead, m.off = m.ahead[:0], 0
			}
			return n, nil
		}
		if d := m.queued; d != nil {
			m.queued = nil
			return 0, d
		}
		if m.err != nil {
			return 0, m.err
		}
		if n := m.step(p); n > 0 {
			return n, nil
		}
	}
}

// released is the number of decompressed bytes Read has returned.
func (m *memberReader) released() int64 { return m.prod - int64(len(m.ahead)-m.off) }

// requeue puts back a damage error that a reader above took without acting
// on it (bufio.Reader.Peek does): Read returns it again next.
func (m *memberReader) requeue(d *damageError) {
	if m.off == len(m.ahead) && m.queued == nil {
		m.queued = d
	}
}

// step decompresses into p, opening the next member when none is open, and
// records any damage. It returns the bytes produced, possibly none.
func (m *memberReader) step(p []byte) int {
	if !m.open {
		m.next()
		if !m.open {
			return 0
		}
	}
	n, err := m.z.Read(p)
	m.prod += int64(n)
	switch {
	case err == nil:
	case errors.Is(err, io.EOF):
		m.open = false
	case errors.Is(err, io.ErrUnexpectedEOF):
		m.open = false
		m.damage(fmt.Errorf("%w: %w", errTruncated, err))
		m.err = io.EOF
	default:
		// A reader error from below (e.g. cancellation) ends the stream;
		// a decoding error skips to the next member.
		var corrupt flate.CorruptInputError
		if !errors.As(err, &corrupt) && !errors.Is(err, gzip.ErrChecksum) && !errors.Is(err, gzip.ErrHeader) {
			m.err = err
		} else {
			// next skips what is left of this member quietly: the damage
			// is reported once, here.
			m.open = false
			m.quiet = true
			m.damage(err)
		}
	}
	return n
}

// damage records the current member as damaged, from its start to what it
// has produced, and queues the error for Read.
func (m *memberReader) damage(err error) {
	d := &damageError{at: m.memberAt, err: err}
	if len(m.spans) >= maxSpans {
		// Merge the two oldest: a wider span only fails more.
		m.spans[1].start = m.spans[0].start
		m.spans = append(m.spans[:0], m.spans[1:]...)
	}
	m.spans = append(m.spans, damageSpan{m.memberStart, m.prod, d})
	m.queued = d
}

// next opens the next member, or sets err at the end of the stream, or
// queues damage found on the way (and returns without opening, so that the
// damage comes first).
func (m *memberReader) next() {
	head, err := m.src.r.Peek(len(gzipMagic))
	if len(head) == 0 {
		if err == nil || errors.Is(err, io.EOF) {
			err = io.EOF // a clean end at a member boundary
		}
		m.err = err
		return
	}
	m.memberAt, m.memberStart = m.src.n, m.prod
	if !bytes.Equal(head, gzipMagic) {
		// Zero padding after the last member is tolerated, as gzip(1)
		// tolerates it; other bytes between members are damage.
		zeros, err := m.skip(false)
		if !zeros && !m.quiet {
			m.quiet = true
			m.damage(errors.New("bytes between gzip members"))
		}
		if err != nil && !errors.Is(err, io.EOF) {
			m.err = err
		}
		return
	}
	err = m.z.Reset(&m.src)
	switch {
	case err == nil:
		m.z.Multistream(false)
		m.open = true
		m.quiet = false
	case errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF):
		m.damage(fmt.Errorf("%w: %w", errTruncated, io.ErrUnexpectedEOF))
		m.err = io.EOF
	case errors.Is(err, gzip.ErrHeader):
		if !m.quiet {
			m.damage(err)
		}
		m.quiet = true
		if err := m.resync(); err != nil && !errors.Is(err, io.EOF) {
			m.err = err
		}
	default:
		m.err = err
	}
}

// check says whether the decompressed bytes [start, end) came from intact
// members, returning the damage of the first one that was not. It first
// finishes the open member when end falls in it, reading ahead at most
// limit bytes. Checks must come in the order of the stream: damage before
// start is forgotten.
func (m *memberReader) check(start, end int64) *damageError {
	for m.open && m.memberStart < end && len(m.ahead)-m.off < m.limit && m.queued == nil && m.err == nil {
		if m.off == len(m.ahead) {
			m.ahead, m.off = m.ahead[:0], 0
		}
		if cap(m.ahead)-len(m.ahead) < aheadChunk {
			if m.off >= len(m.ahead)/2 {
				// Compact only when that frees half, so that copies
				// stay in proportion to the bytes read.
				n := copy(m.ahead, m.ahead[m.off:])
				m.ahead, m.off = m.ahead[:n], 0
			}
			m.ahead = slices.Grow(m.ahead, aheadChunk)
		}
		l := len(m.ahead)
		chunk := min(cap(m.ahead)-l, m.limit-(l-m.off))
		n := m.step(m.ahead[l : l+chunk])
		m.ahead = m.ahead[:l+n]
	}
	keep := m.spans[:0]
	var found *damageError
	for _, s := range m.spans {
		if s.end < start || s.start == s.end && s.end == start {
			continue
		}
		keep = append(keep, s)
		if found == nil && (s.start < end && s.end > start || s.start == s.end && s.start > start && s.start < end) {
			found = s.d
		}
	}
	m.spans = keep
	return found
}

// resync skips to the next gzip member header, after at least one byte.
func (m *memberReader) resync() error {
	_, err := m.skip(true)
	return err
}

// skip discards bytes up to the next gzip member header (or the end),
// dropping at least one byte when skipFirst is set. It reports whether every
// byte dropped was zero.
func (m *memberReader) skip(skipFirst bool) (zeros bool, err error) {
	zeros = true
	if skipFirst {
		b, err := m.src.ReadByte()
		if err != nil {
			return zeros, err
		}
		zeros = b == 0
	}
	for {
		buf, err := m.src.r.Peek(m.src.r.Size())
		n := len(buf)
		found := false
		if i := bytes.Index(buf, gzipMagic); i >= 0 {
			n, found = i, true
		} else if err == nil {
			n = len(buf) - len(gzipMagic) + 1 // the magic may straddle the window
		}
		zeros = zeros && allZero(buf[:n])
		_, _ = m.src.discard(n)
		if found {
			return zeros, nil
		}
		if err != nil {
			return zeros, err
		}
	}
}

func allZero(b []byte) bool {
	for _, c := range b {
		if c != 0 {
			return false
		}
	}
	return true
}

// byteCounter counts the compressed bytes consumed, to say where damage is.
type byteCounter struct {
	r *bufio.Reader
	n int64
}

func (c *byteCounter) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	c.n += int64(n)
	return n, err
}

func (c *byteCounter) ReadByte() (byte, error) {
	b, err := c.r.ReadByte()
	if err == nil {
		c.n++
	}
	return b, err
}

func (c *byteCounter) discard(n int) (int, error) {
	d, err := c.r.Discard(n)
	c.n += int64(d)
	return d, err
}
