package rowcodec

import (
	"crypto/subtle"
	"encoding/json"
	"fmt"
	"sort"

	"github.com/storyline-news/storyline/internal/store"
)

// MatchToken reads (name, hash) rows and returns the name whose hash is
// hash, or store.ErrNotFound. It compares with every row in constant
// time, without stopping at a match, so that the time it takes says
// nothing about which bytes matched (an index lookup by hash would).
func MatchToken(r Rows, hash []byte) (string, error) {
	found := ""
	for r.Next() {
		var name string
		var h []byte
		if err := r.Scan(&name, &h); err != nil {
			return "", err
		}
		if subtle.ConstantTimeCompare(h, hash) == 1 {
			found = name
		}
	}
	if err := r.Err(); err != nil {
		return "", err
	}
	if found == "" {
		return "", fmt.Errorf("token: %w", store.ErrNotFound)
	}
	return found, nil
}

// AddCopyLinks reads (copy outlet, original outlet, count) rows into the
// outlets' CopiesOfOther and CopiedByOther; at maps an outlet's name to its
// index in out, and outlets not in it are passed over.
func AddCopyLinks(r Rows, out []store.OutletRow, at map[string]int) error {
	for r.Next() {
		var copyAt, of string
		var n int
		if err := r.Scan(&copyAt, &of, &n); err != nil {
			return err
		}
		if i, ok := at[copyAt]; ok {
			out[i].CopiesOfOther += n
		}
		if i, ok := at[of]; ok {
			out[i].CopiedByOther += n
		}
	}
	return r.Err()
}

// People reads (storyline id, entity id, name, articles, quoted) rows
// into out, then orders each storyline's people most articles first (then
// by name and id) and keeps store.MaxList of them.
func People(r Rows, out map[int64][]store.PersonCount) error {
	for r.Next() {
		var id int64
		var p store.PersonCount
		if err := r.Scan(&id, &p.ID, &p.Name, &p.Articles, &p.Quoted); err != nil {
			return err
		}
		out[id] = append(out[id], p)
	}
	if err := r.Err(); err != nil {
		return err
	}
	for id, ps := range out {
		sort.Slice(ps, func(i, j int) bool {
			if ps[i].Articles != ps[j].Articles {
				return ps[i].Articles > ps[j].Articles
			}
			if ps[i].Name != ps[j].Name {
				return ps[i].Name < ps[j].Name
			}
			return ps[i].ID < ps[j].ID
		})
		out[id] = ps[:min(len(ps), store.MaxList)]
	}
	return nil
}

// Days reads (storyline id, day, count) rows into out, at most max days a
// storyline.
func Days(r Rows, out map[int64][]store.DayCount, max int) error {
	for r.Next() {
		var id int64
		var d store.DayCount
		if err := r.Scan(&id, &d.Day, &d.Count); err != nil {
			return err
		}
		if len(out[id]) < max {
			out[id] = append(out[id], d)
		}
	}
	return r.Err()
}

// Quotes reads (article, index, day, quote JSON, event, storyline, outlet,
// published, title) rows, limit+1 at the most, and returns the first
// limit and the cursor of the next page ("" when no more). S is how the
// driver reads the JSON column.
func Quotes[S string | []byte](r Rows, limit int) ([]store.QuoteRow, string, error) {
	var out []store.QuoteRow
	var days []string
	for r.Next() {
		var q store.QuoteRow
		var day string
		var js S
		if err := r.Scan(&q.Article, &q.Index, &day, &js, &q.Event, &q.Storyline, &q.Outlet, &q.Published, &q.Title); err != nil {
			return nil, "", err
		}
		if err := json.Unmarshal([]byte(js), &q.Quote); err != nil {
			return nil, "", fmt.Errorf("article %d quote %d: %w", q.Article, q.Index, err)
		}
		out = append(out, q)
		days = append(days, day)
	}
	if err := r.Err(); err != nil {
		return nil, "", err
	}
	next := ""
	if len(out) > limit {
		out = out[:limit]
		last := out[limit-1]
		next = store.QuoteCursor(days[limit-1], last.Article, last.Index)
	}
	return out, next, nil
}
