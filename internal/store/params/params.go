// Package params checks and reads the parameters of store queries that
// both stores take the same way (date ranges, list limits and orders,
// cursors), so that the SQLite and PostgreSQL stores accept and refuse
// the same inputs. The SQL each writes from them stays in its store.
package params

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/storyline-news/storyline/internal/store"
)

// DateRange is a published-date filter as bounds on the stored text:
// dates are "2006-01-02" or longer RFC 3339 forms, which sort as text.
// Published >= Lo AND published < Hi; "" leaves that side open, and Lo ""
// means no filter.
type DateRange struct{ Lo, Hi string }

// ParseRange checks a From/To pair and turns the inclusive To into the
// next day, so that a date-time on the To day is in range.
func ParseRange(from, to string) (DateRange, error) {
	var r DateRange
	if from == "" && to == "" {
		return r, nil
	}
	r.Lo = "0000" // above "": undated articles are out of any range
	if from != "" {
		if _, err := time.Parse(time.DateOnly, from); err != nil {
			return r, fmt.Errorf("from %q: %w (want YYYY-MM-DD)", from, store.ErrBadQuery)
		}
		r.Lo = from
	}
	if to != "" {
		t, err := time.Parse(time.DateOnly, to)
		if err != nil {
			return r, fmt.Errorf("to %q: %w (want YYYY-MM-DD)", to, store.ErrBadQuery)
		}
		r.Hi = t.AddDate(0, 0, 1).Format(time.DateOnly)
	}
	return r, nil
}

// ListLimit applies store.MaxList: 0, negative or larger is the most.
func ListLimit(n int) int {
	if n <= 0 || n > store.MaxList {
		return store.MaxList
	}
	return n
}

// ListOrder maps a ListQuery's order (def when empty) to the ORDER BY
// clause, the same in both dialects, that the partial indexes serve.
func ListOrder(q store.ListQuery, def string) (string, error) {
	o := q.Order
	if o == "" {
		o = def
	}
	switch o {
	case "latest":
		return " ORDER BY last_day DESC, id", nil
	case "largest":
		return " ORDER BY articles DESC, id", nil
	}
	return "", fmt.Errorf("unknown order %q (latest or largest)", q.Order)
}

// CheckSince checks ListQuery.Since: "" or a YYYY-MM-DD date.
func CheckSince(since string) error {
	if since == "" {
		return nil
	}
	if _, err := time.Parse(time.DateOnly, since); err != nil {
		return fmt.Errorf("since %q: %w (want YYYY-MM-DD)", since, store.ErrBadQuery)
	}
	return nil
}

// ParseQuoteCursor reads store.QuoteCursor's form: day,article,index.
func ParseQuoteCursor(c string) (day string, article int64, idx int, err error) {
	parts := strings.Split(c, ",")
	if len(parts) == 3 && parts[0] != "" {
		article, err1 := strconv.ParseInt(parts[1], 10, 64)
		idx, err2 := strconv.Atoi(parts[2])
		if err1 == nil && err2 == nil {
			return parts[0], article, idx, nil
		}
	}
	return "", 0, 0, fmt.Errorf("quote cursor %q: %w", c, store.ErrBadQuery)
}

// KeyLimit checks the keys of an EntityIDsByKeys call (at most
// store.MaxList) and returns its limit of ids a key, at least 1.
func KeyLimit(keys []string, limit int) (int, error) {
	if len(keys) > store.MaxList {
		return 0, fmt.Errorf("%d entity keys: %w (at most %d)", len(keys), store.ErrBadQuery, store.MaxList)
	}
	return max(limit, 1), nil
}
