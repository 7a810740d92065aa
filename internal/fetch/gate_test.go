package fetch

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"sort"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

func TestHostGateOneHost(t *testing.T) {
	const delay = 200 * time.Millisecond
	var (
		mu               sync.Mutex
		starts           []time.Time
		inflight, maxInf atomic.Int32
	)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		n := inflight.Add(1)
		defer inflight.Add(-1)
		for m := maxInf.Load(); n > m && !maxInf.CompareAndSwap(m, n); m = maxInf.Load() {
		}
		mu.Lock()
		starts = append(starts, time.Now())
		mu.Unlock()
		time.Sleep(50 * time.Millisecond)
		fmt.Fprint(w, "ok")
	}))
	defer srv.Close()
	c := newClient(func(o *Options) { o.HostDelay = delay })

	begin := time.Now()
	var wg sync.WaitGroup
	for i := range 3 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if _, err := c.Get(context.Background(), Request{URL: fmt.Sprintf("%s/%d", srv.URL, i)}); err != nil {
				t.Error(err)
			}
		}()
	}
	wg.Wait()
	// Three starts, each delay after the one before: the last one cannot
	// have begun before 2*delay, whatever the scheduling.
	if el := time.Since(begin); el < 2*delay {
		t.Errorf("three requests took %v, want ≥ %v", el, 2*delay)
	}
	if m := maxInf.Load(); m != 1 {
		t.Errorf("%d requests in flight at once, want 1", m)
	}
	sort.Slice(starts, func(i, j int) bool { return starts[i].Before(starts[j]) })
	for i := 1; i < len(starts); i++ {
		// Seen by the server, so a little connection latency is allowed for.
		if gap := starts[i].Sub(starts[i-1]); gap < delay*3/4 {
			t.Errorf("requests %d and %d started %v apart, want about %v", i-1, i, gap, delay)
		}
	}
}

func TestHostGateOtherHosts(t *testing.T) {
	var arrived atomic.Int32
	both := make(chan struct{})
	var overlapped atomic.Int32
	handler := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if arrived.Add(1) == 2 {
			close(both)
		}
		select {
		case <-both:
			overlapped.Add(1)
		case <-time.After(10 * time.Second):
		}
	})
	// Two servers on one IP are two hosts: the gate is keyed on host:port.
	a, b := httptest.NewServer(handler), httptest.NewServer(handler)
	defer a.Close()
	defer b.Close()
	c := newClient(func(o *Options) { o.HostDelay = time.Second })

	var wg sync.WaitGroup
	for _, url := range []string{a.URL, b.URL} {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if _, err := c.Get(context.Background(), Request{URL: url}); err != nil {
				t.Error(err)
			}
		}()
	}
	wg.Wait()
	if overlapped.Load() != 2 {
		t.Errorf("requests to two hosts did not run at the same time")
	}
}

func TestHostGateContext(t *testing.T) {
	var hits atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { hits.Add(1) }))
	defer srv.Close()
	c := newClient(func(o *Options) { o.HostDelay = time.Hour })
	if _, err := c.Get(context.Background(), Request{URL: srv.URL}); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
	defer cancel()
	_, err := c.Get(ctx, Request{URL: srv.URL})
	if !errors.Is(err, context.DeadlineExceeded) {
		t.Errorf("err = %v, want the context's deadline", err)
	}
	if hits.Load() != 1 {
		t.Errorf("server saw %d requests, want 1", hits.Load())
	}
}

func TestGatesPrune(t *testing.T) {
	gs := &gates{}
	held := gs.get("held:1")
	for i := range pruneAt + 10 {
		release, err := gs.acquire(context.Background(), fmt.Sprintf("h%d:80", i))
		if err != nil {
			t.Fatal(err)
		}
		release()
	}
	gs.mu.Lock()
	n, kept := len(gs.hosts), gs.hosts["held:1"] == held
	gs.mu.Unlock()
	if n > pruneAt {
		t.Errorf("%d gates kept, want at most %d", n, pruneAt)
	}
	if !kept {
		t.Errorf("a gate in use was pruned")
	}
	gs.put(held)
}
