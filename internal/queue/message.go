package queue

import (
	"bytes"
	"compress/gzip"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strconv"

	"github.com/storyline-news/storyline/internal/news"
	"github.com/storyline-news/storyline/internal/pipeline"
)

// Headers of the messages.
const (
	hdrEncoding = "Storyline-Encoding" // "gzip": the body is gzip-compressed JSON
	hdrRawSeq   = "Storyline-Raw-Seq"  // a result's raw document's stream sequence
)

// ErrTooLarge is returned for a document whose message exceeds what the
// server takes (its max_payload).
var ErrTooLarge = errors.New("too large for the queue")

// maxDecoded bounds what a message may expand to: a compressed bomb must
// not take a worker's memory.
const maxDecoded = 256 << 20

// Result is what a worker made of one raw document: the article, or why
// not. The placer stores Doc and Article together, as ingest does.
type Result struct {
	RawSeq  uint64        `json:"raw_seq"`
	Doc     news.Document `json:"doc"`
	Article *news.Article `json:"article,omitempty"`
	// ContentHash is Article.ContentHash, which the article's JSON leaves
	// out.
	ContentHash string `json:"content_hash,omitempty"`
	Err         string `json:"err,omitempty"` // "" on success
}

// MsgID is the de-duplication id of a raw document: the same document
// (content, stated metadata, address, input id and feed item) published
// twice within DuplicateWindow is stored once in the stream.
func MsgID(d news.Document) string {
	h := sha256.New()
	for _, s := range []string{pipeline.Hash(d), d.URL, d.SourceID, d.Source, strconv.FormatInt(d.FeedItem, 10), strconv.FormatInt(d.StoredID, 10)} {
		h.Write([]byte(s))
		h.Write([]byte{0})
	}
	return "d-" + hex.EncodeToString(h.Sum(nil)[:16])
}

// resultID is the de-duplication id of the result of raw message seq: a
// worker that redoes a document after another crashed before acking it
// publishes the same id.
func resultID(seq uint64) string { return "a-" + strconv.FormatUint(seq, 10) }

// encode returns v as gzip-compressed JSON.
func encode(v any) ([]byte, error) {
	var b bytes.Buffer
	zw, _ := gzip.NewWriterLevel(&b, gzip.BestSpeed)
	enc := json.NewEncoder(zw)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return nil, err
	}
	if err := zw.Close(); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}

// decode reads gzip-compressed JSON (or plain JSON when encoding is "")
// into v.
func decode(body []byte, encoding string, v any) error {
	var r io.Reader = bytes.NewReader(body)
	switch encoding {
	case "gzip":
		zr, err := gzip.NewReader(r)
		if err != nil {
			return fmt.Errorf("decompress: %w", err)
		}
		defer zr.Close()
		r = zr
	case "":
	default:
		return fmt.Errorf("unknown encoding %q", encoding)
	}
	lr := &io.LimitedReader{R: r, N: maxDecoded + 1}
	if err := json.NewDecoder(lr).Decode(v); err != nil {
		return fmt.Errorf("decode: %w", err)
	}
	if lr.N <= 0 {
		return fmt.Errorf("decode: over %d bytes", maxDecoded)
	}
	return nil
}

// EncodeDoc returns a raw document's message body.
func EncodeDoc(d news.Document) ([]byte, error) { return encode(d) }

// DecodeDoc reads a raw document's message body.
func DecodeDoc(body []byte) (news.Document, error) {
	var d news.Document
	err := decode(body, "gzip", &d)
	return d, err
}

// encodeResult returns a result's message body, with the article's
// content hash carried beside it.
func encodeResult(r Result) ([]byte, error) {
	if r.Article != nil {
		r.ContentHash = r.Article.ContentHash
	}
	return encode(r)
}

// decodeResult reads a result's message body.
func decodeResult(body []byte, encoding string) (Result, error) {
	var r Result
	if err := decode(body, encoding, &r); err != nil {
		return r, err
	}
	if r.Article != nil {
		r.Article.ContentHash = r.ContentHash
	}
	if r.Err == "" && r.Article == nil {
		return r, errors.New("a result with neither an article nor an error")
	}
	return r, nil
}
