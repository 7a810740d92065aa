package feeds

import (
	"math/rand/v2"
	"time"
)

// Polling intervals.
const (
	// DefaultEvery is the interval a feed is polled at when its
	// subscription names none.
	DefaultEvery = 15 * time.Minute
	// MinEvery is the shortest interval polled at, whatever the
	// subscription says: a feed server is somebody else's.
	MinEvery = time.Minute
	// MaxInterval is the longest time between two polls, whatever a feed's
	// ttl, caching headers or failures say: a hostile or mistaken ttl
	// cannot silence a feed forever, and a feed that was down is tried
	// again daily.
	MaxInterval = 24 * time.Hour
)

// Poll is what NextPoll schedules a feed's next poll from.
type Poll struct {
	Now time.Time // when the poll ended
	// Every is the subscription's interval; zero means DefaultEvery.
	Every time.Duration
	// TTL (the feed's RSS <ttl>) and MaxAge (the response's Cache-Control
	// max-age) are how long the feed asks not to be polled again: floors
	// on Every after a success.
	TTL, MaxAge time.Duration
	// Failures counts the polls that failed in a row, this one included;
	// 0 after a success.
	Failures int
	// RetryAfter is the response's Retry-After, a floor whether the poll
	// failed or not.
	RetryAfter time.Duration
	// Rand returns a number in [0, 1) for jitter; nil means
	// math/rand/v2.Float64. Tests fix it.
	Rand func() float64
}

// NextPoll returns when to poll a feed next. After a success the interval
// is the longest of Every, TTL and MaxAge, jittered by ±10% so that feeds
// added together drift apart. After n failures in a row it is Every·2^(n-1)
// (exponential backoff), jittered down to between half and all of it (full
// jitter, so that feeds failing together, as when the network was down,
// do not come back together). Either way it is at least RetryAfter and at
// most MaxInterval after Now.
func NextPoll(p Poll) time.Time {
	every := p.Every
	if every <= 0 {
		every = DefaultEvery
	}
	every = min(max(every, MinEvery), MaxInterval)
	rnd := p.Rand
	if rnd == nil {
		rnd = rand.Float64
	}
	r := min(max(rnd(), 0), 1) // a faulty Rand cannot push the poll out of bounds
	var d time.Duration
	if p.Failures > 0 {
		d = every
		for i := 1; i < p.Failures && d < MaxInterval; i++ {
			d *= 2
		}
		d = min(d, MaxInterval)
		d = scale(d, 0.5+0.5*r)
	} else {
		d = min(max(every, p.TTL, p.MaxAge), MaxInterval)
		d = scale(d, 0.9+0.2*r)
	}
	d = max(d, min(p.RetryAfter, MaxInterval))
	return p.Now.Add(min(d, MaxInterval))
}

// scale multiplies d by f, rounded to the second: a poll needs no finer
// time, and whole seconds keep schedules readable.
func scale(d time.Duration, f float64) time.Duration {
	return (time.Duration(float64(d) * f)).Round(time.Second)
}
