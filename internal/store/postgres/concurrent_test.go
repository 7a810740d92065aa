package postgres

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"os"
	"os/exec"
	"reflect"
	"sync"
	"testing"

	"github.com/storyline-news/storyline/internal/news"
	"github.com/storyline-news/storyline/internal/store"
	"github.com/storyline-news/storyline/internal/testenv"
)

// TestConcurrentPuts runs writers on one database at once, each with its
// own pool as separate processes would have: every hook is given the
// version the store holds, so none conflicts and none is lost, and the
// journal holds every batch's entries in version order; a key written by
// several at once is inserted once.
func TestConcurrentPuts(t *testing.T) {
	ctx := context.Background()
	url := testenv.Postgres(t)
	const writers, batches = 4, 8
	stores := make([]*Store, writers)
	for i := range stores {
		s, err := Open(ctx, url)
		if err != nil {
			t.Fatal(err)
		}
		defer s.Close()
		stores[i] = s
	}
	var mu sync.Mutex
	inserted := map[string]int{}
	var wg sync.WaitGroup
	for w, s := range stores {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for b := range batches {
				items := []store.Item{testItem(fmt.Sprintf("w%d-b%d", w, b)), testItem(fmt.Sprint("shared-", b))}
				out, err := s.Put(ctx, items, func(base int64, items []store.Item, _ []store.Outcome) (store.Derived, error) {
					// The entry names the version it was written at.
					return store.Derived{Base: base, ClusterLog: []store.LogEntry{{Doc: []byte(fmt.Sprint(base + 1))}}}, nil
				})
				if err != nil {
					t.Error(err)
					return
				}
				mu.Lock()
				for i, o := range out {
					if o == store.Inserted {
						inserted[items[i].Key]++
					}
				}
				mu.Unlock()
			}
		}()
	}
	wg.Wait()
	s := stores[0]
	if v, err := s.DerivedVersion(ctx); err != nil || v != writers*batches {
		t.Errorf("version %d, %v; want %d", v, err, writers*batches)
	}
	var want int64
	err := s.ClusterLog(ctx, 0, func(e store.LogEntry) error {
		want++
		if string(e.Doc) != fmt.Sprint(want) {
			t.Errorf("journal entry %d is of version %s, want %d", e.Seq, e.Doc, want)
		}
		return nil
	})
	if err != nil || want != writers*batches {
		t.Errorf("journal: %d entries, %v", want, err)
	}
	for k, n := range inserted {
		if n != 1 {
			t.Errorf("%s inserted %d times", k, n)
		}
	}
	if n, _ := s.Count(ctx); n != writers*batches+batches {
		t.Errorf("count %d, want %d", n, writers*batches+batches)
	}
}

// TestConcurrentPutsWithoutHook: batches without a hook also wait their
// turn, and a key is inserted once however many write it at once.
func TestConcurrentPutsWithoutHook(t *testing.T) {
	ctx := context.Background()
	s := openTest(t)
	const writers = 6
	var wg sync.WaitGroup
	outs := make([][]store.Outcome, writers)
	for w := range writers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			var items []store.Item
			for k := range 20 {
				// Writers take the keys in opposite orders.
				if w%2 == 1 {
					k = 19 - k
				}
				items = append(items, testItem(fmt.Sprint("key-", k)))
			}
			out, err := s.Put(ctx, items, nil)
			if err != nil {
				t.Error(err)
			}
			outs[w] = out
		}()
	}
	wg.Wait()
	ins := 0
	for _, out := range outs {
		for _, o := range out {
			if o == store.Inserted {
				ins++
			}
		}
	}
	if ins != 20 {
		t.Errorf("%d inserted, want 20", ins)
	}
}

func testItem(key string) store.Item {
	return store.Item{Key: key, Doc: news.Document{SourceID: key, Format: news.FormatText, Content: key},
		Article: &news.Article{SourceID: key, Title: key, Text: key, ContentHash: "h-" + key}}
}

// TestConcurrentOpens starts processes that open (and so migrate) one new
// database at the same moment: all succeed, and the schema is made once.
func TestConcurrentOpens(t *testing.T) {
	if url := os.Getenv("STORYLINE_TEST_OPEN_URL"); url != "" {
		// In a child process: open, and say how it went by the exit code.
		s, err := Open(context.Background(), url)
		if err != nil {
			t.Fatal(err)
		}
		s.Close()
		return
	}
	url := testenv.Postgres(t)
	const procs = 4
	errs := make([]error, procs)
	outs := make([][]byte, procs)
	var wg sync.WaitGroup
	for i := range procs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			cmd := exec.Command(os.Args[0], "-test.run=^TestConcurrentOpens$", "-test.count=1")
			cmd.Env = append(os.Environ(), "STORYLINE_TEST_OPEN_URL="+url)
			outs[i], errs[i] = cmd.CombinedOutput()
		}()
	}
	wg.Wait()
	for i := range procs {
		if errs[i] != nil {
			t.Errorf("process %d: %v\n%s", i, errs[i], outs[i])
		}
	}
	s, err := Open(context.Background(), url)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	var versions int
	if err := s.pool.QueryRow(context.Background(), "SELECT count(*) FROM schema_version").Scan(&versions); err != nil || versions != 1 {
		t.Errorf("schema_version rows: %d, %v", versions, err)
	}
}

// TestSnapshotWhileSaving: a process reading the clusterer's snapshot
// while another saves a new one reads the one it opened whole, and then
// finds the journal entries after it.
func TestSnapshotWhileSaving(t *testing.T) {
	ctx := context.Background()
	url := testenv.Postgres(t)
	reader, err := Open(ctx, url)
	if err != nil {
		t.Fatal(err)
	}
	defer reader.Close()
	writer, err := Open(ctx, url)
	if err != nil {
		t.Fatal(err)
	}
	defer writer.Close()
	journal := func(docs ...string) {
		t.Helper()
		_, err := writer.Put(ctx, []store.Item{testItem(docs[0])}, func(base int64, _ []store.Item, _ []store.Outcome) (store.Derived, error) {
			d := store.Derived{Base: base}
			for _, x := range docs {
				d.ClusterLog = append(d.ClusterLog, store.LogEntry{Doc: []byte(x)})
			}
			return d, nil
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	save := func(content []byte) {
		t.Helper()
		v, _ := writer.DerivedVersion(ctx)
		if err := writer.SaveClusterSnapshot(ctx, v, func(w io.Writer) error { _, err := w.Write(content); return err }); err != nil {
			t.Fatal(err)
		}
	}
	first := bytes.Repeat([]byte("first snapshot. "), snapshotChunk/8) // two chunks
	journal("a", "b")
	save(first)
	journal("c")

	rc, upto, err := reader.ClusterSnapshot(ctx)
	if err != nil || rc == nil {
		t.Fatal(rc, err)
	}
	half := make([]byte, snapshotChunk+10)
	if _, err := io.ReadFull(rc, half); err != nil {
		t.Fatal(err)
	}
	save(bytes.Repeat([]byte("the second one. "), snapshotChunk/4)) // folds "c" in
	journal("d")
	rest, err := io.ReadAll(rc)
	rc.Close()
	if err != nil || !bytes.Equal(append(half, rest...), first) {
		t.Fatalf("snapshot read while another was saved: %d bytes, %v", len(half)+len(rest), err)
	}
	var after []string
	if err := reader.ClusterLog(ctx, upto, func(e store.LogEntry) error { after = append(after, string(e.Doc)); return nil }); err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(after, []string{"c", "d"}) {
		t.Errorf("journal after the snapshot read: %q, want c and d", after)
	}
	// From the new snapshot, only what came after it.
	rc, upto, err = reader.ClusterSnapshot(ctx)
	if err != nil || rc == nil {
		t.Fatal(rc, err)
	}
	rc.Close()
	after = nil
	reader.ClusterLog(ctx, upto, func(e store.LogEntry) error { after = append(after, string(e.Doc)); return nil })
	if !reflect.DeepEqual(after, []string{"d"}) {
		t.Errorf("journal after the new snapshot: %q, want d", after)
	}
}
