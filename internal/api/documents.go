package api

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strings"

	"github.com/storyline-news/storyline/internal/ingest"
	"github.com/storyline-news/storyline/internal/news"
)

// uploadSummary is what an upload did, as storyline ingest reports it.
type uploadSummary struct {
	Name      string        `json:"name"`
	Ingested  int           `json:"ingested"`
	Unchanged int           `json:"unchanged"`
	Revised   int           `json:"revised"`
	Failed    int           `json:"failed"`
	Errors    []uploadError `json:"errors"`
}

// uploadError is one item of an upload that failed.
type uploadError struct {
	Line    int    `json:"line,omitempty"`   // the JSONL line, 1-based
	Record  int    `json:"record,omitempty"` // the WARC/ARC record or feed item, 1-based
	Reason  string `json:"reason"`           // the innermost cause: "no main text", "document too large" ...
	Message string `json:"message"`          // the whole message, with where
}

// maxNameBytes bounds an upload's name.
const maxNameBytes = 100

// validName reports whether an upload may be named so: a plain file name
// of letters, digits, '.', '-' and '_', not starting with '.'.
func validName(name string) bool {
	if name == "" || len(name) > maxNameBytes || name[0] == '.' {
		return false
	}
	for _, c := range name {
		ok := c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '.' || c == '-' || c == '_'
		if !ok {
			return false
		}
	}
	return true
}

// upload stores the documents of the request body, one input in any
// format ingest reads, and answers with what it did. ?name names the
// input as a file name would: an item without an address is identified by
// its id within its input, so uploads that reuse a name revise its
// articles. Without a name the input is named after its content.
func (s *server) upload(w http.ResponseWriter, r *http.Request) {
	if s.opt.Ingest == nil {
		writeError(w, errorf(http.StatusForbidden, "read_only", "this server takes no uploads"))
		return
	}
	p, err := query(r, "name")
	if err != nil {
		s.fail(w, r, err)
		return
	}
	name := p.str("name")
	if name != "" && !validName(name) {
		s.fail(w, r, badParam("name", "want a file name of at most %d letters, digits, '.', '-' and '_', not starting with '.'", maxNameBytes))
		return
	}
	body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, s.opt.MaxUploadBytes))
	var tooLarge *http.MaxBytesError
	switch {
	case errors.As(err, &tooLarge):
		s.fail(w, r, errorf(http.StatusRequestEntityTooLarge, "too_large", "the body is larger than %d bytes", s.opt.MaxUploadBytes))
		return
	case err != nil:
		s.fail(w, r, errorf(http.StatusBadRequest, "bad_body", "the body could not be read"))
		return
	case len(body) == 0:
		s.fail(w, r, errorf(http.StatusBadRequest, "empty_body", "the body is empty: send one document, feed, JSONL or WARC file"))
		return
	}
	if name == "" {
		h := sha256.Sum256(body)
		name = "upload-" + hex.EncodeToString(h[:8])
	}
	sum, err := s.ingest(r.Context(), name, body)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	b, err := marshal(sum)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("Cache-Control", "no-store")
	w.Write(b)
}

// ingest runs one upload through ingest's reader and the pipeline. The
// body is written to a file of the upload's name, so that the reader
// names its documents and errors as it does for a file on the command
// line.
func (s *server) ingest(ctx context.Context, name string, body []byte) (uploadSummary, error) {
	dir, err := os.MkdirTemp("", "storyline-upload")
	if err != nil {
		return uploadSummary{}, err
	}
	defer os.RemoveAll(dir)
	path := filepath.Join(dir, name)
	if err := os.WriteFile(path, body, 0o600); err != nil {
		return uploadSummary{}, err
	}
	opt := ingest.Options{MaxDocBytes: s.opt.MaxDocBytes}
	sum, err := s.opt.Ingest(ctx, func(ctx context.Context, emit func(news.Document) error, fail func(error)) error {
		return ingest.Scan(ctx, []string{path}, opt, emit, func(ie *ingest.Error) { fail(ie) })
	})
	if err != nil {
		return uploadSummary{}, err
	}
	out := uploadSummary{Name: name, Ingested: sum.Inserted, Unchanged: sum.Unchanged, Revised: sum.Revised,
		Failed: sum.Failed, Errors: []uploadError{}}
	for _, e := range sum.Errors {
		ue := uploadError{Reason: innermost(e).Error(), Message: strings.ReplaceAll(e.Error(), dir+string(filepath.Separator), "")}
		var ie *ingest.Error
		if errors.As(e, &ie) {
			ue.Line, ue.Record = ie.Line, ie.Record
		}
		out.Errors = append(out.Errors, ue)
	}
	return out, nil
}

func innermost(err error) error {
	for {
		u := errors.Unwrap(err)
		if u == nil {
			return err
		}
		err = u
	}
}
