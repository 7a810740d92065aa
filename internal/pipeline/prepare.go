package pipeline

import (
	"fmt"

	"github.com/storyline-news/storyline/internal/analyze"
	"github.com/storyline-news/storyline/internal/extract"
	"github.com/storyline-news/storyline/internal/news"
)

// Prepare runs the stages that need no store on one document: extraction
// and analysis, as every ingest path does. It is what a queue worker runs
// on another machine than the store's.
func Prepare(d news.Document) (*news.Article, error) {
	return prepare(d, extract.Article, analyze.Article)
}

// PrepareWith is Prepare with the stages given: a worker times each.
func PrepareWith(d news.Document, ex Extractor, an func(*news.Article) error) (*news.Article, error) {
	return prepare(d, ex, an)
}

// prepare runs ex and then an (when not nil) on d, turning a panic on
// hostile input into an error so that one document cannot stop the run.
func prepare(d news.Document, ex Extractor, an func(*news.Article) error) (a *news.Article, err error) {
	defer func() {
		if p := recover(); p != nil {
			a, err = nil, fmt.Errorf("extract %s: %w: %v", d.Origin, ErrInternal, p)
		}
	}()
	a, err = ex(d)
	if err != nil {
		return nil, fmt.Errorf("extract %s: %w", d.Origin, err)
	}
	if an != nil {
		if err := an(a); err != nil {
			return nil, fmt.Errorf("analyze %s: %w", d.Origin, err)
		}
	}
	a.SourceID = d.SourceID
	a.FetchedURL = d.URL
	a.ContentHash = Hash(d)
	return a, nil
}
