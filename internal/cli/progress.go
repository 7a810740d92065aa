package cli

import (
	"fmt"
	"io"
	"log/slog"
	"os"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/mattn/go-isatty"
)

// progress reports a long run: a redrawn bar on a terminal, a log line every
// few seconds otherwise, so that logs of unattended runs stay readable.
type progress struct {
	w          io.Writer
	tty        bool
	total      int64 // bytes, 0 if unknown
	read, docs atomic.Int64
	failed     atomic.Int64
	start      time.Time
	stop       chan struct{}
	done       sync.WaitGroup
}

// newProgress draws on w; given a termWriter, it draws on the writer under
// it, since the bar is made of control characters (\r) of our own.
func newProgress(w io.Writer, total int64) *progress {
	w = rawWriter(w)
	p := &progress{w: w, total: total, start: time.Now(), stop: make(chan struct{})}
	if f, ok := w.(*os.File); ok {
		p.tty = isatty.IsTerminal(f.Fd())
	}
	every := 10 * time.Second
	if p.tty {
		every = 200 * time.Millisecond
	}
	p.done.Add(1)
	go func() {
		defer p.done.Done()
		t := time.NewTicker(every)
		defer t.Stop()
		for {
			select {
			case <-t.C:
				p.draw(false)
			case <-p.stop:
				return
			}
		}
	}()
	return p
}

func (p *progress) draw(final bool) {
	docs, read := p.docs.Load(), p.read.Load()
	secs := time.Since(p.start).Seconds()
	rate := float64(docs) / max(secs, 1e-9)
	if !p.tty {
		if !final {
			slog.Info("ingest progress", "documents", docs, "failed", p.failed.Load(),
				"read_mb", fmt.Sprintf("%.1f", float64(read)/1e6), "docs_per_sec", fmt.Sprintf("%.0f", rate))
		}
		return
	}
	bar := ""
	if p.total > 0 {
		frac := min(float64(read)/float64(p.total), 1)
		n := int(frac * 30)
		bar = fmt.Sprintf("[%s%s] %3.0f%% ", strings.Repeat("=", n), strings.Repeat(" ", 30-n), frac*100)
	}
	fmt.Fprintf(p.w, "\r%s%.1f MB  %d documents  %d failed  %.0f/s ", bar, float64(read)/1e6, docs, p.failed.Load(), rate)
	if final {
		fmt.Fprintln(p.w)
	}
}

// clearLine wipes the bar, on a terminal, so that a line can be printed
// in its place.
func (p *progress) clearLine() {
	if p != nil && p.tty {
		io.WriteString(p.w, clearLine)
	}
}

func (p *progress) finish() {
	close(p.stop)
	p.done.Wait()
	p.draw(true)
}
