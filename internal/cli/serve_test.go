package cli

import (
	"bytes"
	"context"
	"io"
	"net/http"
	"os"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"
)

// syncBuffer is a bytes.Buffer safe for a writer and a reader at once.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// TestServeDemo serves the sample on a free port, reads a page and the
// API, then stops as on Ctrl-C: the command returns without error and
// leaves no temporary store behind.
func TestServeDemo(t *testing.T) {
	dir := t.TempDir()
	t.Setenv("TMPDIR", dir)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	var out, errs syncBuffer
	e := &env{ctx: ctx, stdin: strings.NewReader(""), stdout: &out, stderr: &errs}
	done := make(chan error, 1)
	go func() { done <- runServe(e, []string{"--demo", "--addr", "127.0.0.1:0"}) }()
	url := regexp.MustCompile(`http://127\.0\.0\.1:\d+/`)
	var base string
	for deadline := time.Now().Add(60 * time.Second); base == ""; {
		select {
		case err := <-done:
			t.Fatalf("serve ended: %v\n%s", err, errs.String())
		default:
		}
		if time.Now().After(deadline) {
			t.Fatalf("no URL printed: %q %q", out.String(), errs.String())
		}
		base = url.FindString(out.String())
		time.Sleep(50 * time.Millisecond)
	}
	for path, want := range map[string]string{"": "Storylines", "storylines/1": "Maria Zakharova", "api/v1/storylines": `"items"`} {
		res, err := http.Get(base + path)
		if err != nil {
			t.Fatal(err)
		}
		b, _ := io.ReadAll(res.Body)
		res.Body.Close()
		if res.StatusCode != http.StatusOK || !strings.Contains(string(b), want) {
			t.Errorf("/%s: status %d, want 200 and %q", path, res.StatusCode, want)
		}
	}
	cancel()
	select {
	case err := <-done:
		if err != nil {
			t.Errorf("serve: %v", err)
		}
	case <-time.After(15 * time.Second):
		t.Fatal("serve did not stop")
	}
	if left, _ := os.ReadDir(dir); len(left) != 0 {
		t.Errorf("serve --demo left %v behind", left)
	}
}

func TestServeUsage(t *testing.T) {
	if _, stderr, code := run(t, "serve", "--auth", "everyone"); code != 2 || !strings.Contains(stderr, "--auth") {
		t.Errorf("serve --auth everyone: exit %d, %q", code, stderr)
	}
	if _, stderr, code := run(t, "serve", "--db", t.TempDir()+"/none.db"); code != 1 || !strings.Contains(stderr, "no database") {
		t.Errorf("serve on a missing store: exit %d, %q", code, stderr)
	}
}
