package watch_test

import (
	"fmt"
	"time"

	"github.com/storyline-news/storyline/internal/watch"
)

// A receiver checks each request with the secret shown when the
// watchlist was created.
func ExampleVerify() {
	const secret = "6b1f0c2d9e8a7b6c5d4e3f2a1b0c9d8e7f6a5b4c3d2e1f0a9b8c7d6e5f4a3b2c"
	body := []byte(`{"watchlist":{"id":7},"hits":[]}`)
	sent := time.Date(2026, 3, 1, 9, 5, 0, 0, time.UTC)
	header := watch.Sign(secret, sent, body)
	fmt.Println(header)

	fmt.Println(watch.Verify(secret, header, body, sent.Add(time.Minute), watch.DefaultTolerance))
	fmt.Println(watch.Verify(secret, header, body, sent.Add(time.Hour), watch.DefaultTolerance))
	fmt.Println(watch.Verify(secret, header, []byte(`{}`), sent, watch.DefaultTolerance))
	// Output:
	// t=1772355900,v1=897252fbca3bae415d163e9681494b88b4741b2aaabbf99bb6915a167365a8a5
	// <nil>
	// watch: signature timestamp outside tolerance: 1h0m0s off
	// watch: signature does not match
}
