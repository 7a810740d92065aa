package rowcodec

import (
	"bytes"
	"compress/flate"
	"encoding/json"
	"fmt"
	"io"
	"sync"
	"time"

	"github.com/storyline-news/storyline/internal/news"
)

// UnmarshalAll decodes pairs of (JSON text, as []byte or string;
// destination), naming what in an error.
func UnmarshalAll(what string, pairs ...any) error {
	for i := 0; i+1 < len(pairs); i += 2 {
		var b []byte
		switch t := pairs[i].(type) {
		case []byte:
			b = t
		case string:
			b = []byte(t)
		default:
			panic(fmt.Sprintf("rowcodec.UnmarshalAll: %T is not JSON text", t))
		}
		if err := json.Unmarshal(b, pairs[i+1]); err != nil {
			return fmt.Errorf("%s: %w", what, err)
		}
	}
	return nil
}

// Article decodes the JSON and time columns of an article row (as []byte
// or string, by driver) into a. An empty list of entities, quotes or
// claims stays nil, as most articles of a plain ingest have.
func Article[S string | []byte](a *news.Article, authors, comments, ents, quotes, claims S, ingested string) error {
	for _, f := range []struct {
		name string
		src  S
		dst  any
	}{{"entities", ents, &a.Entities}, {"quotes", quotes, &a.Quotes}, {"claims", claims, &a.Claims}} {
		if string(f.src) == "[]" {
			continue
		}
		if err := json.Unmarshal([]byte(f.src), f.dst); err != nil {
			return fmt.Errorf("article %d %s: %w", a.ID, f.name, err)
		}
	}
	if err := json.Unmarshal([]byte(authors), &a.Authors); err != nil {
		return fmt.Errorf("article %d authors: %w", a.ID, err)
	}
	if err := json.Unmarshal([]byte(comments), &a.Comments); err != nil {
		return fmt.Errorf("article %d comments: %w", a.ID, err)
	}
	a.IngestedAt, _ = time.Parse(time.RFC3339, ingested)
	return nil
}

// NonNil is s, or an empty slice for nil, so that it is stored as [] and
// not null.
func NonNil[T any](s []T) []T {
	if s == nil {
		return []T{}
	}
	return s
}

// writers recycles flate writers: each holds buffers of several hundred KB
// that would otherwise be allocated for every article.
var writers = sync.Pool{New: func() any {
	w, _ := flate.NewWriter(nil, flate.BestSpeed)
	return w
}}

// Deflate compresses raw input for storage.
func Deflate(s string) []byte {
	var b bytes.Buffer
	w := writers.Get().(*flate.Writer)
	w.Reset(&b)
	io.WriteString(w, s)
	w.Close()
	writers.Put(w)
	return b.Bytes()
}

// Inflate reverses Deflate.
func Inflate(b []byte) (string, error) {
	text, err := io.ReadAll(flate.NewReader(bytes.NewReader(b)))
	return string(text), err
}
