package pipeline_test

import (
	"context"
	"fmt"
	"math/rand/v2"
	"path/filepath"
	"runtime"
	"strings"
	"testing"

	"github.com/storyline-news/storyline/internal/news"
	"github.com/storyline-news/storyline/internal/pipeline"
	"github.com/storyline-news/storyline/internal/store"
	"github.com/storyline-news/storyline/internal/store/sqlite"
)

// syllables spell generated names: every number its own name.
var syllables = strings.Fields("ba ko ti ze mu ra no vi lo su da fe gi ha ju ke li ma ne po")

func genName(n int) string {
	var b strings.Builder
	for k := 0; k < 3 || n > 0; k++ {
		b.WriteString(syllables[n%len(syllables)])
		n /= len(syllables)
	}
	s := b.String()
	return strings.ToUpper(s[:1]) + s[1:]
}

// genEntities is article i's entities: about eight, a third of them new
// names, the rest recurring (recent ones mostly, a few famous ones), so
// that the table grows with the corpus as real news does (about six new
// entities per article).
func genEntities(r *rand.Rand, i int, next *int) []news.Entity {
	n := 6 + r.IntN(5)
	var out []news.Entity
	seen := map[int]bool{}
	for k := 0; k < n; k++ {
		var id int
		switch x := r.IntN(10); {
		case x < 6 || *next < 100:
			id = *next
			*next++
		case x < 8:
			id = r.IntN(50) // famous
		default:
			id = *next - 1 - r.IntN(min(*next, 3000)) // recent
		}
		if seen[id] {
			continue
		}
		seen[id] = true
		switch id % 3 {
		case 0:
			first, last := genName(id*7+1), genName(id)
			out = append(out, news.Entity{Name: first + " " + last, Type: "PER", Mentions: 3, Aliases: []string{last}})
		case 1:
			out = append(out, news.Entity{Name: genName(id) + " Institute", Type: "ORG", Mentions: 2})
		default:
			out = append(out, news.Entity{Name: genName(id) + "ville", Type: "LOC", Mentions: 1})
		}
	}
	return out
}

// BenchmarkEntityTableMemory measures what the placer's entity table holds
// after ingesting N generated articles (entities given, no extraction),
// with the whole table in memory and with a window of 1,000 articles:
// heap after GC and entities held. Run with -benchtime=1x:
//
//	go test ./internal/pipeline/ -run '^$' -bench EntityTableMemory -benchtime=1x
func BenchmarkEntityTableMemory(b *testing.B) {
	for _, n := range []int{2000, 8000, 32000} {
		for _, window := range []int64{0, 1000} {
			b.Run(fmt.Sprintf("N=%d/window=%d", n, window), func(b *testing.B) {
				for range b.N {
					entityTableMemory(b, n, window)
				}
			})
		}
	}
}

func entityTableMemory(b *testing.B, n int, window int64) {
	ctx := context.Background()
	st, err := sqlite.Open(filepath.Join(b.TempDir(), "m.db"))
	if err != nil {
		b.Fatal(err)
	}
	defer st.Close()
	ents, err := pipeline.LoadEntitiesWindow(ctx, st, window)
	if err != nil {
		b.Fatal(err)
	}
	r := rand.New(rand.NewPCG(1, 2))
	next := 0
	const batch = 200
	for start := 0; start < n; start += batch {
		var items []store.Item
		for i := start; i < min(start+batch, n); i++ {
			id := fmt.Sprint("m", i)
			a := &news.Article{SourceID: id, Text: id, ContentHash: id, Published: fmt.Sprintf("2020-01-%02d", 1+i%28),
				Entities: genEntities(r, i, &next)}
			items = append(items, store.Item{Doc: news.Document{SourceID: id, Origin: id, Content: id}, Article: a, Key: "id:" + id})
		}
		if err := ents.Prefetch(ctx, items); err != nil {
			b.Fatal(err)
		}
		if _, err := st.Put(ctx, items, ents.Hook); err != nil {
			b.Fatal(err)
		}
	}
	// The table's size: the heap with it less the heap once it is
	// dropped, the store still open.
	heap := func() float64 {
		runtime.GC()
		var ms runtime.MemStats
		runtime.ReadMemStats(&ms)
		return float64(ms.HeapAlloc) / (1 << 20)
	}
	with := heap()
	held, total := ents.Registry().Held(), ents.Registry().Len()
	ents = nil
	b.ReportMetric(with-heap(), "table-MB")
	b.ReportMetric(float64(held), "held")
	b.ReportMetric(float64(total), "entities")
}
