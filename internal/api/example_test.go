package api_test

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"

	"github.com/storyline-news/storyline/internal/api"
	"github.com/storyline-news/storyline/internal/store/sqlite"
)

// ExampleNew mounts the API on a server's mux: reads open to all, uploads
// with a token into the same store.
func ExampleNew() {
	dir, _ := os.MkdirTemp("", "storyline-example")
	defer os.RemoveAll(dir)
	st, err := sqlite.Open(filepath.Join(dir, "news.db"))
	if err != nil {
		fmt.Println(err)
		return
	}
	defer st.Close()

	mux := http.NewServeMux()
	mux.Handle("/api/v1/", api.New(st, api.Options{Tokens: st, Ingest: api.NewIngester(st)}))

	rec := httptest.NewRecorder()
	mux.ServeHTTP(rec, httptest.NewRequest("GET", "/api/v1/articles", nil))
	fmt.Print(rec.Code, " ", rec.Body)
	rec = httptest.NewRecorder()
	mux.ServeHTTP(rec, httptest.NewRequest("POST", "/api/v1/documents", nil))
	fmt.Print(rec.Code, " ", rec.Body)
	// Output:
	// 200 {
	//   "items": []
	// }
	// 401 {"error":{"code":"unauthorized","message":"this needs a token: Authorization: Bearer TOKEN (storyline token create NAME)"}}
}
