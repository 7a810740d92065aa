package ingest

import (
	"bufio"
	"bytes"
	"compress/flate"
	"compress/gzip"
	"errors"
	"fmt"
	"io"
)

// gzip decompresses a gzip input and reads what it holds.
func (s *scanner) gzip(in *input, br *bufio.Reader, depth int) error {
	g := &memberReader{}
	g.src.r = br
	g.onDamage = func(err error) {
		// The damage is found ahead of the format reader, which reads
		// through a buffer, so its line or record would mislead: the
		// compressed offset says where the damage is.
		_ = s.bad(&Error{Input: in.name, Err: fmt.Errorf("damaged gzip data at byte %d skipped: %w", g.src.n, err)})
	}
	return s.stream(in, g, depth+1)
}

var gzipMagic = []byte{0x1f, 0x8b, 8}

// memberReader decompresses a gzip stream one member at a time, so that a
// damaged member can be skipped: after a checksum or deflate error it looks
// for the next member header and goes on. WARC.gz files compress each record
// as its own member, so one bad record then costs one record, and the WARC
// reader resynchronises on the next record header. A stream that ends inside
// a member is an error that ends the reading (ErrTruncated).
type memberReader struct {
	src      byteCounter // a ByteReader, so flate never reads past a member
	z        gzip.Reader
	open     bool  // z is inside a member
	quiet    bool  // damage already reported: skip to the next member silently
	err      error // sticky: the stream is over
	onDamage func(error)
}

// errTruncated marks a compressed stream that ended too early.
var errTruncated = errors.New("truncated gzip stream")

func (m *memberReader) Read(p []byte) (int, error) {
	for {
		if m.err != nil {
			return 0, m.err
		}
		if !m.open {
			if err := m.next(); err != nil {
				m.err = err
				continue
			}
		}
		n, err := m.z.Read(p)
		switch {
		case err == nil:
			return n, nil
		case errors.Is(err, io.EOF):
			m.open = false
		case errors.Is(err, io.ErrUnexpectedEOF):
			m.err = fmt.Errorf("%w: %w", errTruncated, err)
		default:
			// A reader error from below (e.g. cancellation) ends the
			// stream; a decoding error skips to the next member.
			var corrupt flate.CorruptInputError
			if !errors.As(err, &corrupt) && !errors.Is(err, gzip.ErrChecksum) && !errors.Is(err, gzip.ErrHeader) {
				m.err = err
			} else {
				// next skips what is left of this member quietly: the
				// damage is reported once, here.
				m.open = false
				m.quiet = true
				m.onDamage(err)
			}
		}
		if n > 0 {
			return n, nil
		}
	}
}

// next opens the next member; io.EOF when the stream ends cleanly.
func (m *memberReader) next() error {
	for {
		head, err := m.src.r.Peek(len(gzipMagic))
		if len(head) == 0 {
			return err // io.EOF at a member boundary is a clean end
		}
		if !bytes.Equal(head, gzipMagic) {
			// Zero padding after the last member is tolerated, as gzip(1)
			// tolerates it; other bytes between members are damage.
			zeros, err := m.skip(false)
			if !zeros && !m.quiet {
				m.onDamage(errors.New("bytes between gzip members"))
			}
			if err != nil {
				return err
			}
			continue
		}
		err = m.z.Reset(&m.src)
		switch {
		case err == nil:
			m.z.Multistream(false)
			m.open = true
			m.quiet = false
			return nil
		case errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF):
			return fmt.Errorf("%w: %w", errTruncated, io.ErrUnexpectedEOF)
		case errors.Is(err, gzip.ErrHeader):
			if !m.quiet {
				m.onDamage(err)
			}
			m.quiet = true
			if err := m.resync(); err != nil {
				return err
			}
		default:
			return err
		}
	}
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
