package fts

import (
	"encoding/base64"
	"fmt"
	"strconv"
	"strings"

	"github.com/storyline-news/storyline/internal/store"
)

// EncodeCursor writes the position after a search hit (its score, in the
// store's own scale, and its id) as an opaque page cursor.
func EncodeCursor(score float64, id int64) string {
	return base64.RawURLEncoding.EncodeToString([]byte(strconv.FormatFloat(score, 'g', -1, 64) + "|" + strconv.FormatInt(id, 10)))
}

// DecodeCursor reads a cursor EncodeCursor wrote; any other text is
// store.ErrBadQuery.
func DecodeCursor(c string) (score float64, id int64, err error) {
	b, err := base64.RawURLEncoding.DecodeString(c)
	if err == nil {
		s, ids, ok := strings.Cut(string(b), "|")
		if !ok {
			err = fmt.Errorf("no separator")
		} else if score, err = strconv.ParseFloat(s, 64); err == nil {
			id, err = strconv.ParseInt(ids, 10, 64)
		}
	}
	if err != nil {
		return 0, 0, fmt.Errorf("cursor %q: %w", c, store.ErrBadQuery)
	}
	return score, id, nil
}
