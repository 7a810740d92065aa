package api

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strings"

	"github.com/storyline-news/storyline/internal/store"
)

// apiError is an error answered as {"error": {"code", "message"}} with
// its status. Its message is meant for the client: it never holds a path,
// a query or anything else of the server's internals.
type apiError struct {
	Status  int    `json:"-"`
	Code    string `json:"code"`
	Message string `json:"message"`
}

func (e *apiError) Error() string { return e.Message }

func errorf(status int, code, format string, args ...any) *apiError {
	return &apiError{Status: status, Code: code, Message: fmt.Sprintf(format, args...)}
}

// errInternal is what a client learns of a fault of the server.
var errInternal = &apiError{Status: http.StatusInternalServerError, Code: "internal", Message: "internal error"}

// badParam is a 400 for one query parameter.
func badParam(name, format string, args ...any) *apiError {
	return errorf(http.StatusBadRequest, "bad_parameter", "%s: %s", name, fmt.Sprintf(format, args...))
}

func notFound(what string, id int64) *apiError {
	return errorf(http.StatusNotFound, "not_found", "no %s %d", what, id)
}

// fail answers err: an apiError as it is, a store's ErrNotFound as 404,
// anything else as a 500 whose cause is logged, not sent.
func (s *server) fail(w http.ResponseWriter, r *http.Request, err error) {
	var ae *apiError
	switch {
	case errors.As(err, &ae):
	case errors.Is(err, store.ErrBadQuery):
		ae = errorf(http.StatusBadRequest, "bad_parameter", "%v", err)
	case errors.Is(err, store.ErrNotFound):
		ae = errorf(http.StatusNotFound, "not_found", "not found")
	case r.Context().Err() != nil:
		// The client left; nobody reads the answer.
		ae = errorf(http.StatusServiceUnavailable, "canceled", "request canceled")
	default:
		s.log.Error("api", "method", r.Method, "path", r.URL.Path, "err", err)
		ae = errInternal
	}
	if ae.Status == http.StatusUnauthorized {
		w.Header().Set("WWW-Authenticate", `Bearer realm="storyline"`)
	}
	writeError(w, ae)
}

func writeError(w http.ResponseWriter, e *apiError) {
	b, _ := json.Marshal(map[string]*apiError{"error": e})
	h := w.Header()
	h.Set("Content-Type", "application/json")
	h.Set("Cache-Control", "no-store")
	h.Del("ETag")
	h.Del("Content-Disposition")
	w.WriteHeader(e.Status)
	w.Write(append(b, '\n'))
}

// marshal encodes v as the API sends it: indented, HTML characters not
// escaped (the body is JSON, never markup), one final newline.
func marshal(v any) ([]byte, error) {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	if err := enc.Encode(v); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

func (s *server) writeJSON(w http.ResponseWriter, r *http.Request, v any) {
	b, err := marshal(v)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.writeBody(w, r, b, "application/json")
}

// writeBody sends a read's body with its ETag, or 304 when the client's
// If-None-Match names it.
func (s *server) writeBody(w http.ResponseWriter, r *http.Request, body []byte, contentType string) {
	sum := sha256.Sum256(body)
	etag := `"` + hex.EncodeToString(sum[:16]) + `"`
	h := w.Header()
	h.Set("ETag", etag)
	if s.opt.RequireReadToken {
		h.Set("Cache-Control", "private, no-cache")
	} else {
		h.Set("Cache-Control", "no-cache")
	}
	h.Set("Vary", "Authorization")
	if etagMatch(r.Header.Get("If-None-Match"), etag) {
		w.WriteHeader(http.StatusNotModified)
		return
	}
	h.Set("Content-Type", contentType)
	h.Set("Content-Length", fmt.Sprint(len(body)))
	w.WriteHeader(http.StatusOK)
	if r.Method != http.MethodHead {
		w.Write(body)
	}
}

// etagMatch reports whether an If-None-Match header names etag, by the
// weak comparison RFC 9110 prescribes for it.
func etagMatch(header, etag string) bool {
	for _, t := range strings.Split(header, ",") {
		t = strings.TrimPrefix(strings.TrimSpace(t), "W/")
		if t == "*" || t == etag {
			return true
		}
	}
	return false
}
