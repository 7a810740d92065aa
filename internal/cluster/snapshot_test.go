package cluster

import (
	"bytes"
	"compress/flate"
	"errors"
	"fmt"
	"io"
	"reflect"
	"testing"

	"github.com/storyline-news/storyline/internal/cluster/synth"
)

// snapStream is a stream of articles that makes the clusterer use all of
// its state: copies, merges, splits, moves, storylines, outlets and dates.
type snapStream struct {
	name string
	cfg  Config
	docs []Doc
}

func snapStreams(t testing.TB, n int) []snapStream {
	loose := DefaultConfig()
	// A looser merge bar: merges too happen within a short stream.
	loose.MergeThreshold, loose.BridgeThreshold, loose.MergeVeto = 0.3, 0.3, 0
	// A shorter idle window: events are shrunk and their exemplars freed.
	loose.ExemplarWindow = 200
	next := seedStream(t, 2)
	var seeds []Doc
	for i := int64(1); i <= int64(n); i++ {
		d := next(i)
		d.Outlet = fmt.Sprintf("outlet %d", i%7)
		seeds = append(seeds, d)
	}
	g, err := synth.New(benchTexts(t), 1)
	if err != nil {
		t.Fatal(err)
	}
	var syn []Doc
	for range n {
		a := g.Next()
		syn = append(syn, Doc{ID: a.ID, Title: a.Title, Text: a.Text, Published: a.Published, Outlet: fmt.Sprintf("o%d", a.ID%5)})
	}
	// The synthetic stream brings headlines and dates.
	return []snapStream{{"seeds", loose, seeds}, {"synth", DefaultConfig(), syn}}
}

func snapshot(t testing.TB, c *Clusterer) []byte {
	var b bytes.Buffer
	n, err := c.WriteTo(&b)
	if err != nil {
		t.Fatal(err)
	}
	if n != int64(b.Len()) {
		t.Fatalf("WriteTo reported %d bytes, wrote %d", n, b.Len())
	}
	return b.Bytes()
}

type changeSets struct{ ev, mev, st, mst []int64 }

func sets(c *Clusterer) changeSets {
	var s changeSets
	s.ev, s.mev, s.st, s.mst = c.ChangedSets()
	return s
}

// TestSnapshotContinues: a clusterer restored from a snapshot taken after
// k articles places the rest exactly as the one that wrote it.
func TestSnapshotContinues(t *testing.T) {
	for _, s := range snapStreams(t, 300) {
		for _, k := range []int{0, 1, 37, 150, 299} {
			t.Run(fmt.Sprintf("%s/k=%d", s.name, k), func(t *testing.T) {
				a := New(s.cfg)
				a.TrackChanges()
				for i, d := range s.docs[:k] {
					a.Add(d)
					// Leave some changes pending in the snapshot.
					if i%10 == 0 {
						a.Changed()
						a.ChangedSets()
					}
				}
				snap := snapshot(t, a)
				b, err := ReadClusterer(bytes.NewReader(snap), s.cfg)
				if err != nil {
					t.Fatal(err)
				}
				if again := snapshot(t, b); !bytes.Equal(again, snap) {
					t.Fatalf("snapshot of the restored clusterer differs (%d and %d bytes)", len(again), len(snap))
				}
				for _, d := range s.docs[k:] {
					pa, pb := a.Add(d), b.Add(d)
					if !reflect.DeepEqual(pa, pb) {
						t.Fatalf("doc %d: placed %+v, restored clusterer %+v", d.ID, pa, pb)
					}
					if ca, cb := a.Changed(), b.Changed(); !reflect.DeepEqual(ca, cb) {
						t.Fatalf("doc %d: Changed %v, restored %v", d.ID, ca, cb)
					}
					if d.ID%3 == 0 {
						if ca, cb := sets(a), sets(b); !reflect.DeepEqual(ca, cb) {
							t.Fatalf("doc %d: ChangedSets %+v, restored %+v", d.ID, ca, cb)
						}
					}
				}
				for _, d := range s.docs {
					pa, _ := a.Placement(d.ID)
					pb, _ := b.Placement(d.ID)
					if !reflect.DeepEqual(pa, pb) {
						t.Fatalf("placement of %d: %+v, restored %+v", d.ID, pa, pb)
					}
				}
				if ea, eb := a.Events(), b.Events(); !reflect.DeepEqual(ea, eb) {
					t.Fatal("Events differ")
				}
				if sa, sb := a.Storylines(), b.Storylines(); !reflect.DeepEqual(sa, sb) {
					t.Fatal("Storylines differ")
				}
				if !bytes.Equal(snapshot(t, a), snapshot(t, b)) {
					t.Fatal("final snapshots differ")
				}
			})
		}
	}
}

// TestSnapshotCoversCorrections: the stream the continuation test uses
// makes every kind of correction, so the state they leave is covered.
func TestSnapshotCoversCorrections(t *testing.T) {
	s := snapStreams(t, 300)[0]
	c := New(s.cfg)
	var tr bytes.Buffer
	c.SetTrace(&tr)
	for _, d := range s.docs {
		c.Add(d)
	}
	for _, what := range []string{"split e", "merges e", "copies doc", "stray e", "move doc"} {
		if !bytes.Contains(tr.Bytes(), []byte(what)) {
			t.Errorf("the stream made no %q", what)
		}
	}
	shrunk := false
	for _, ev := range c.events {
		shrunk = shrunk || ev.parent >= 0 && ev.ex == nil && ev.size > 0
	}
	if !shrunk {
		t.Error("no event lost its exemplars")
	}
}

func TestReadClustererRejects(t *testing.T) {
	s := snapStreams(t, 40)[1]
	c := New(s.cfg)
	for _, d := range s.docs {
		c.Add(d)
	}
	snap := snapshot(t, c)
	other := s.cfg
	other.JoinThreshold += 0.01
	flip := func(i int) []byte {
		b := bytes.Clone(snap)
		b[i] ^= 0x40
		return b
	}
	tests := []struct {
		name     string
		data     []byte
		cfg      Config
		mismatch bool
	}{
		{"empty", nil, s.cfg, false},
		{"bad magic", flip(0), s.cfg, false},
		{"other version", flip(4), s.cfg, true},
		{"other config", snap, other, true},
		{"header only", snap[:snapHeader], s.cfg, false},
		{"half", snap[:len(snap)/2], s.cfg, false},
		{"no checksum", snap[:len(snap)-4], s.cfg, false},
		{"bad checksum", flip(len(snap) - 1), s.cfg, false},
		{"corrupt body", flip(snapHeader + 40), s.cfg, false},
		{"long body length", flip(snapHeader - 3), s.cfg, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := ReadClusterer(bytes.NewReader(tt.data), tt.cfg)
			if err == nil {
				t.Fatal("accepted")
			}
			if errors.Is(err, ErrSnapshotMismatch) != tt.mismatch {
				t.Errorf("error %q: mismatch %v, want %v", err, !tt.mismatch, tt.mismatch)
			}
		})
	}
	// Every truncation is an error, never a panic.
	for n := 0; n < len(snap); n += 1 + n/8 {
		if _, err := ReadClusterer(bytes.NewReader(snap[:n]), s.cfg); err == nil {
			t.Fatalf("accepted %d of %d bytes", n, len(snap))
		}
	}
	// A snapshot inside a longer stream is read to its end only.
	r := bytes.NewReader(append(bytes.Clone(snap), "tail"...))
	if _, err := ReadClusterer(r, s.cfg); err != nil {
		t.Fatal(err)
	}
	if rest, _ := io.ReadAll(r); string(rest) != "tail" {
		t.Errorf("left %q unread, want \"tail\"", rest)
	}
}

// snapshotBody returns the uncompressed body of a snapshot.
func snapshotBody(t testing.TB, snap []byte) []byte {
	body, err := io.ReadAll(flate.NewReader(bytes.NewReader(snap[snapHeader : len(snap)-4])))
	if err != nil {
		t.Fatal(err)
	}
	return body
}

// FuzzReadClusterer: no input makes ReadClusterer (or the decoder behind
// the checksum) panic, and what they accept can be used.
func FuzzReadClusterer(f *testing.F) {
	s := snapStreams(f, 30)[0]
	c := New(s.cfg)
	c.TrackChanges()
	for _, d := range s.docs {
		c.Add(d)
	}
	snap := snapshot(f, c)
	f.Add(snap)
	f.Add(snapshotBody(f, snap))
	f.Add(snap[:len(snap)/2])
	f.Fuzz(func(t *testing.T, data []byte) {
		use := func(c *Clusterer) {
			c.Events()
			c.Storylines()
			c.ChangedSets()
			for id := int64(0); id < 5; id++ {
				c.Placement(id)
				c.Resolve(id)
				c.Storyline(id)
			}
			c.Add(Doc{ID: 1 << 40, Text: "A new article about the council and the bridge."})
			c.WriteTo(io.Discard)
		}
		if c, err := ReadClusterer(bytes.NewReader(data), s.cfg); err == nil {
			use(c)
		}
		if c, err := decodeBody(data, s.cfg); err == nil {
			use(c)
		}
	})
}

// BenchmarkSnapshot writes and reads the state of 10,000 articles.
func BenchmarkSnapshot(b *testing.B) {
	g, err := synth.New(benchTexts(b), 1)
	if err != nil {
		b.Fatal(err)
	}
	const n = 10000
	c := New(DefaultConfig())
	for range n {
		a := g.Next()
		c.Add(Doc{ID: a.ID, Title: a.Title, Text: a.Text, Published: a.Published, Outlet: fmt.Sprintf("o%d", a.ID%50)})
	}
	snap := snapshot(b, c)
	body := snapshotBody(b, snap)
	b.Run("write", func(b *testing.B) {
		for b.Loop() {
			c.WriteTo(io.Discard)
		}
		b.ReportMetric(float64(len(snap))/n, "B/article")
		b.ReportMetric(float64(len(body))/n, "raw-B/article")
	})
	b.Run("read", func(b *testing.B) {
		for b.Loop() {
			if _, err := ReadClusterer(bytes.NewReader(snap), DefaultConfig()); err != nil {
				b.Fatal(err)
			}
		}
		b.ReportMetric(float64(len(snap))/n, "B/article")
	})
}
