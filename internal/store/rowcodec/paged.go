package rowcodec

import "github.com/storyline-news/storyline/internal/news"

// eachPage is how many articles Paged reads at a time.
const eachPage = 500

// Paged hands the articles after afterID (in id order, at most limit when
// limit > 0) to fn, reading them a page at a time with read (the articles
// after an id, at most n), so that fn may run long without a read of the
// whole table held open.
func Paged(afterID int64, limit int, read func(after int64, n int) ([]*news.Article, error), fn func(*news.Article) error) error {
	after, seen := afterID, 0
	for {
		n := eachPage
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
		for _, a := range batch {
			if err := fn(a); err != nil {
				return err
			}
			after = a.ID
		}
		seen += len(batch)
		if len(batch) < n {
			return nil
		}
	}
}
