package feeds

import (
	"testing"
	"time"
)

func TestNextPoll(t *testing.T) {
	now := time.Date(2024, 3, 7, 10, 0, 0, 0, time.UTC)
	fixed := func(r float64) func() float64 { return func() float64 { return r } }
	const (
		low, mid, high = 0.0, 0.5, 0.999999
	)
	for _, tc := range []struct {
		name string
		p    Poll
		want time.Duration // after now
	}{
		// Success: max(Every, TTL, MaxAge), ±10%.
		{"default interval", Poll{Rand: fixed(mid)}, 15 * time.Minute},
		{"user interval", Poll{Every: time.Hour, Rand: fixed(mid)}, time.Hour},
		{"jitter down", Poll{Every: time.Hour, Rand: fixed(low)}, 54 * time.Minute},
		{"jitter up", Poll{Every: time.Hour, Rand: fixed(high)}, 66 * time.Minute},
		{"ttl is a floor", Poll{Every: 15 * time.Minute, TTL: time.Hour, Rand: fixed(mid)}, time.Hour},
		{"max-age is a floor", Poll{Every: 15 * time.Minute, TTL: 30 * time.Minute, MaxAge: 2 * time.Hour, Rand: fixed(mid)}, 2 * time.Hour},
		{"a short ttl does not speed up", Poll{Every: time.Hour, TTL: time.Minute, Rand: fixed(mid)}, time.Hour},
		{"a hostile ttl is capped", Poll{TTL: 1 << 62, Rand: fixed(high)}, MaxInterval},
		{"the cap holds after jitter", Poll{MaxAge: 30 * 24 * time.Hour, Rand: fixed(mid)}, MaxInterval},
		{"a huge interval is capped", Poll{Every: 7 * 24 * time.Hour, Rand: fixed(low)}, 21*time.Hour + 36*time.Minute},
		{"too short an interval is raised", Poll{Every: time.Second, Rand: fixed(mid)}, MinEvery},
		{"negative values are ignored", Poll{Every: -time.Hour, TTL: -time.Hour, MaxAge: -1, RetryAfter: -1, Rand: fixed(mid)}, DefaultEvery},

		// Failures: Every·2^(n-1), capped, times [0.5, 1.0].
		{"first failure", Poll{Every: 10 * time.Minute, Failures: 1, Rand: fixed(high)}, 10 * time.Minute},
		{"first failure, low jitter", Poll{Every: 10 * time.Minute, Failures: 1, Rand: fixed(low)}, 5 * time.Minute},
		{"third failure", Poll{Every: 10 * time.Minute, Failures: 3, Rand: fixed(mid)}, 30 * time.Minute},
		{"ttl does not hold back a retry", Poll{Every: 10 * time.Minute, TTL: 12 * time.Hour, Failures: 1, Rand: fixed(high)}, 10 * time.Minute},
		{"backoff is capped", Poll{Every: 15 * time.Minute, Failures: 20, Rand: fixed(high)}, MaxInterval},
		{"backoff cannot overflow", Poll{Every: 15 * time.Minute, Failures: 1 << 30, Rand: fixed(low)}, MaxInterval / 2},

		// Retry-After: a floor, capped.
		{"retry-after after a failure", Poll{Every: 10 * time.Minute, Failures: 1, RetryAfter: 2 * time.Hour, Rand: fixed(low)}, 2 * time.Hour},
		{"retry-after after a success", Poll{Every: 10 * time.Minute, RetryAfter: 45 * time.Minute, Rand: fixed(high)}, 45 * time.Minute},
		{"a short retry-after does not speed up", Poll{Every: time.Hour, RetryAfter: time.Minute, Rand: fixed(mid)}, time.Hour},
		{"retry-after is capped", Poll{Failures: 2, RetryAfter: 365 * 24 * time.Hour, Rand: fixed(low)}, MaxInterval},

		// A faulty Rand stays within bounds.
		{"rand above 1", Poll{Every: time.Hour, Rand: fixed(7)}, 66 * time.Minute},
		{"rand below 0", Poll{Every: time.Hour, Failures: 1, Rand: fixed(-3)}, 30 * time.Minute},
	} {
		tc.p.Now = now
		if got := NextPoll(tc.p).Sub(now); got != tc.want {
			t.Errorf("%s: next poll in %v, want %v", tc.name, got, tc.want)
		}
	}
}

// TestNextPollRand: without a Rand, the poll falls within the jitter's
// bounds.
func TestNextPollRand(t *testing.T) {
	now := time.Date(2024, 3, 7, 10, 0, 0, 0, time.UTC)
	for range 1000 {
		if d := NextPoll(Poll{Now: now, Every: time.Hour}).Sub(now); d < 54*time.Minute || d > 66*time.Minute {
			t.Fatalf("success: %v", d)
		}
		if d := NextPoll(Poll{Now: now, Every: time.Hour, Failures: 2}).Sub(now); d < time.Hour || d > 2*time.Hour {
			t.Fatalf("failure: %v", d)
		}
	}
}
