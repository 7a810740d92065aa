package cli

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"testing"
)

// TestBenchFollow runs a small simulated day: 10 feeds on 2 hosts (2 of
// them news sitemaps), 2 items each over 4 virtual hours at 3600×, the
// poller's committed test pages. It checks what must hold on any machine,
// however loaded: every item stored once, every summary item's page
// fetched once and no other page, 304s for the polls between items.
func TestBenchFollow(t *testing.T) {
	if testing.Short() {
		t.Skip("a simulated day takes seconds")
	}
	dir := t.TempDir()
	stdout, stderr, code := run(t, "bench", "follow", "-feeds", "10", "-hosts", "2", "-items-per-feed", "2",
		"-speed", "3600", "-day", "4h", "-sitemaps", "0.2", "-pages", "../feeds/testdata/pages.jsonl.gz",
		"-grace", "1m", "-o", dir, "-json")
	if code != 0 {
		t.Fatalf("code %d\n%s\n%s", code, stdout, stderr)
	}
	var r followReport
	if err := json.Unmarshal([]byte(stdout), &r); err != nil {
		t.Fatalf("%v\n%s", err, stdout)
	}
	if r.Kinds["sitemap"] != 2 || r.Kinds["rss"]+r.Kinds["atom"] != 8 || r.Kinds["rss"] == 0 || r.Kinds["atom"] == 0 {
		t.Errorf("feed kinds %v, want 2 sitemaps and RSS and Atom feeds", r.Kinds)
	}
	if r.TimedOut || r.Appeared != 20 || r.Stored != 20 || r.StoredTwice != 0 || r.Unknown != 0 || r.Articles != 20 {
		t.Errorf("timed out %v; %d items appeared, %d stored, %d twice, %d unknown; %d articles; want 20 each stored once",
			r.TimedOut, r.Appeared, r.Stored, r.StoredTwice, r.Unknown, r.Articles)
	}
	if r.QueueRows != 20 || r.QueueStored != 20 || r.QueueFailed != 0 {
		t.Errorf("queue: %d rows, %d stored, %d failed; want 20 stored", r.QueueRows, r.QueueStored, r.QueueFailed)
	}
	if r.FetchedTwice != 0 || r.PagesServedTwice != 0 || r.QueueFetchedTwice != 0 {
		t.Errorf("fetched twice: %d (%d pages, %d queue rows)", r.FetchedTwice, r.PagesServedTwice, r.QueueFetchedTwice)
	}
	if want := 2 * r.SummaryFeeds; r.PageRequests != want || r.Poll.Fetched != want {
		t.Errorf("%d page requests, %d pages fetched; want %d, one per summary item", r.PageRequests, r.Poll.Fetched, want)
	}
	if r.Feed304 == 0 || r.Share304 <= 0 || r.Share304 >= 1 || r.Feed200 < 10 {
		t.Errorf("%d polls answered 200, %d 304 (share %.2f): want some of each", r.Feed200, r.Feed304, r.Share304)
	}
	if r.Poll.Polled != r.Feed200+r.Feed304 || r.Poll.NotModified != r.Feed304 || r.Poll.PollErrors != 0 || r.OtherRequests != 0 {
		t.Errorf("poller counted %d polls, %d not modified, %d failed; server %d + %d, %d not found",
			r.Poll.Polled, r.Poll.NotModified, r.Poll.PollErrors, r.Feed200, r.Feed304, r.OtherRequests)
	}
	for name, p := range map[string]percentiles{"latency": r.LatencyMin, "poll delay": r.PollDelayMin, "work": r.WorkS} {
		if p.P50 < 0 || p.P50 > p.P95 || p.P95 > p.P99 || p.P99 > p.Max || p.Max == 0 {
			t.Errorf("%s percentiles %+v", name, p)
		}
	}
	if r.PollDelayMin.Max > r.LatencyMin.Max {
		t.Errorf("poll delay %+v beyond the whole latency %+v", r.PollDelayMin, r.LatencyMin)
	}
	if r.Cycles < 16 || r.FeedPerCycle <= 0 || r.RequestsPerCycle < r.FeedPerCycle || r.CPUS <= 0 || r.CPUMsPerItem <= 0 ||
		r.PeakRSSMiB < r.SetupRSSMiB || r.SetupRSSMiB <= 0 {
		t.Errorf("cycles %.1f, %.1f feed requests and %.1f in all per cycle, CPU %.2f s (%.1f ms per item), RSS %.0f (setup %.0f) MiB",
			r.Cycles, r.FeedPerCycle, r.RequestsPerCycle, r.CPUS, r.CPUMsPerItem, r.PeakRSSMiB, r.SetupRSSMiB)
	}
	if _, err := os.Stat(filepath.Join(dir, "follow.db")); err != nil {
		t.Errorf("-o kept no store: %v", err)
	}
	// The kept store is not simulated on again: counts would mix.
	if _, stderr, code := run(t, "bench", "follow", "-feeds", "1", "-o", dir, "-pages", "../feeds/testdata/pages.jsonl.gz"); code == 0 {
		t.Errorf("a second run into %s succeeded: %s", dir, stderr)
	}
}

// TestSimNotModified checks the simulated server's conditional GET: the
// ETag decides when sent, else Last-Modified.
func TestSimNotModified(t *testing.T) {
	const etag, lm = `"abc"`, "Mon, 02 Nov 2026 10:00:00 GMT"
	for _, c := range []struct {
		inm, ims string
		want     bool
	}{
		{"", "", false},
		{`"abc"`, "", true},
		{`"old"`, lm, false}, // If-None-Match wins
		{"", lm, true},
		{"", "Mon, 02 Nov 2026 11:00:00 GMT", true},
		{"", "Mon, 02 Nov 2026 09:59:59 GMT", false},
		{"", "yesterday", false},
	} {
		r := httptest.NewRequest(http.MethodGet, "/feeds/1.rss", nil)
		if c.inm != "" {
			r.Header.Set("If-None-Match", c.inm)
		}
		if c.ims != "" {
			r.Header.Set("If-Modified-Since", c.ims)
		}
		if got := notModified(r, etag, lm); got != c.want {
			t.Errorf("If-None-Match %q If-Modified-Since %q: %v, want %v", c.inm, c.ims, got, c.want)
		}
	}
}
