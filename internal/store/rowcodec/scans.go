package rowcodec

import "github.com/storyline-news/storyline/internal/store"

// Scanners of rows whose columns both stores select in the same order,
// for Collect.

// CopyLink scans (copy_id, copy_outlet, original_id, original_outlet).
func CopyLink(r Scanner) (store.CopyLink, error) {
	var l store.CopyLink
	err := r.Scan(&l.Copy, &l.CopyOutlet, &l.Original, &l.OriginalOutlet)
	return l, err
}

// DayCount scans (day, count).
func DayCount(r Scanner) (store.DayCount, error) {
	var d store.DayCount
	err := r.Scan(&d.Day, &d.Count)
	return d, err
}

// MonthCount scans (month, count).
func MonthCount(r Scanner) (store.MonthCount, error) {
	var m store.MonthCount
	err := r.Scan(&m.Month, &m.Count)
	return m, err
}

// EventBrief scans an event without its JSON columns: (id, merged_into,
// title, first_day, last_day, articles, originals, storyline_id).
func EventBrief(r Scanner) (store.EventRow, error) {
	var e store.EventRow
	err := r.Scan(&e.ID, &e.MergedInto, &e.Title, &e.First, &e.Last, &e.Articles, &e.Originals, &e.Storyline)
	return e, err
}

// EntitiesInto reads (id, name, type, articles, first seen, last seen)
// rows into out by id.
func EntitiesInto(r Rows, out map[int64]store.EntityRow) error {
	for r.Next() {
		var e store.EntityRow
		if err := r.Scan(&e.ID, &e.Name, &e.Type, &e.Articles, &e.FirstSeen, &e.LastSeen); err != nil {
			return err
		}
		out[e.ID] = e
	}
	return r.Err()
}
