package rowcodec

import (
	"github.com/storyline-news/storyline/internal/news"
	"github.com/storyline-news/storyline/internal/store"
)

// Paged hands the rows after the key after (in key order, at most limit
// when limit > 0) to fn, reading them page at a time with read (the rows
// after a key, at most n), so that fn may run long without a read of the
// whole table held open. key is a row's key.
func Paged[T any](after int64, limit, page int, read func(after int64, n int) ([]T, error), key func(T) int64, fn func(T) error) error {
	seen := 0
	for {
		n := page
		if limit > 0 && limit-seen < n {
			n = limit - seen
		}
		if n <= 0 {
			return nil
		}
		batch, err := read(after, n)
		if err != nil {
			return err
		}
		for _, x := range batch {
			if err := fn(x); err != nil {
				return err
			}
			after = key(x)
		}
		seen += len(batch)
		if len(batch) < n {
			return nil
		}
	}
}

// Page sizes of Paged: articles for Each, cluster log entries for
// ClusterLog.
const (
	ArticlePage = 500
	LogPage     = 1000
)

// ArticleID is an article's key for Paged.
func ArticleID(a *news.Article) int64 { return a.ID }

// LogSeq is a cluster log entry's key.
func LogSeq(e store.LogEntry) int64 { return e.Seq }

// LogEntry scans (seq, remove, doc).
func LogEntry(r Scanner) (store.LogEntry, error) {
	var e store.LogEntry
	err := r.Scan(&e.Seq, &e.Remove, &e.Doc)
	return e, err
}
