// Package rowcodec holds what the SQLite and PostgreSQL stores do the same
// with the rows they read and write: loops over a result set (Collect,
// Each, Paged), scanners of rows both select alike, decoding JSON columns
// and compressed raw input, following merged events and storylines, and
// the Go-side parts of some answers (token checks, outlet copy counts,
// people of a storyline, quotation pages) and of Put (PutEach). Both
// drivers' result sets (database/sql and pgx) satisfy Rows; the SQL stays
// in each store.
package rowcodec

import (
	"errors"
	"fmt"

	"github.com/storyline-news/storyline/internal/store"
)

// Scanner is one row: *sql.Row, *sql.Rows, pgx.Row or pgx.Rows.
type Scanner interface{ Scan(dest ...any) error }

// Rows is a result set: *sql.Rows or pgx.Rows. The caller closes it.
type Rows interface {
	Scanner
	Next() bool
	Err() error
}

// Collect scans every row of r with scan, in order.
func Collect[T any](r Rows, scan func(Scanner) (T, error)) ([]T, error) {
	var out []T
	for r.Next() {
		v, err := scan(r)
		if err != nil {
			return nil, err
		}
		out = append(out, v)
	}
	return out, r.Err()
}

// MaxMergeChain bounds the walk from a merged id to its home: merges form
// a tree, so a longer chain means a damaged table, not a deep history.
const MaxMergeChain = 1 << 16

// FollowMerges reads the row of id (an event or storyline: what) with
// read, and while that row was merged into another, the other's. read
// returns the row, the id it was merged into (0 for none) and noRow when
// there is no such row, which becomes store.ErrNotFound naming the id.
func FollowMerges[R any](what string, id int64, noRow error, read func(id int64) (row R, mergedInto int64, err error)) (R, error) {
	for range MaxMergeChain {
		r, into, err := read(id)
		if err != nil || into == 0 {
			return r, NotFound(err, noRow, what, id)
		}
		id = into
	}
	var zero R
	return zero, fmt.Errorf("%s %d: merge chain too long", what, id)
}

// NotFound is err, but store.ErrNotFound naming what and id when err is
// noRow (the driver's "no rows").
func NotFound(err, noRow error, what string, id int64) error {
	if errors.Is(err, noRow) {
		return fmt.Errorf("%s %d: %w", what, id, store.ErrNotFound)
	}
	return err
}

// Each scans every row of r with scan and hands it to fn, in order,
// without holding them all: fn runs while the rows are read.
func Each[T any](r Rows, scan func(Scanner) (T, error), fn func(T) error) error {
	for r.Next() {
		x, err := scan(r)
		if err != nil {
			return err
		}
		if err := fn(x); err != nil {
			return err
		}
	}
	return r.Err()
}
