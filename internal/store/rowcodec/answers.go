package rowcodec

import (
	"crypto/subtle"
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
