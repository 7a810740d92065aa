package sqlite

import (
	"strconv"

	"github.com/storyline-news/storyline/internal/news"
)

func newsDoc(i int, body string) news.Document {
	return news.Document{SourceID: strconv.Itoa(i), Origin: "bench", URL: "https://x.example/" + strconv.Itoa(i),
		Format: news.FormatText, Content: body}
}

func newsArticle(i int, title, body string) *news.Article {
	return &news.Article{SourceID: strconv.Itoa(i), URL: "https://x.example/" + strconv.Itoa(i), Title: title, Text: body,
		Outlet: "X", Published: "2020-01-01", ContentHash: "h" + strconv.Itoa(i),
		Entities: []news.Entity{{Name: "A", Type: "PER", Mentions: 2, ID: int64(i%50 + 1)}}}
}
