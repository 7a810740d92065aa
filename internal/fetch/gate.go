package fetch

import (
	"context"
	"sync"
	"time"
)

// pruneAt is the number of hosts above which idle gates are dropped, so a
// long-running poller's memory does not grow with every host it ever saw.
const pruneAt = 1024

// hostGate serialises the requests to one host:port.
type hostGate struct {
	slot chan struct{} // holds a token while a request is in flight
	refs int           // holders and waiters; guarded by gates.mu

	last time.Time // start of the latest request; guarded by slot

	// notBefore and code record a 429 or 503 Retry-After; guarded by gates.mu.
	notBefore time.Time
	code      int
}

// gates is the per-host politeness state of a Client.
type gates struct {
	delay time.Duration

	mu    sync.Mutex
	hosts map[string]*hostGate
}

// get returns the gate of host with a reference taken; put gives it back.
func (gs *gates) get(host string) *hostGate {
	gs.mu.Lock()
	defer gs.mu.Unlock()
	if gs.hosts == nil {
		gs.hosts = make(map[string]*hostGate)
	}
	g := gs.hosts[host]
	if g == nil {
		if len(gs.hosts) >= pruneAt {
			gs.prune()
		}
		g = &hostGate{slot: make(chan struct{}, 1)}
		gs.hosts[host] = g
	}
	g.refs++
	return g
}

func (gs *gates) put(g *hostGate) {
	gs.mu.Lock()
	g.refs--
	gs.mu.Unlock()
}

// prune drops the gates nobody holds whose delay and wait have passed;
// gs.mu must be held. A gate with references is kept, so two gates never
// exist for one host at once.
func (gs *gates) prune() {
	now := time.Now()
	for h, g := range gs.hosts {
		if g.refs > 0 || now.Before(g.notBefore) {
			continue
		}
		select {
		case g.slot <- struct{}{}:
			idle := now.Sub(g.last) > gs.delay
			<-g.slot
			if idle {
				delete(gs.hosts, h)
			}
		default:
		}
	}
}

// waiting returns the wait left before host may be asked again, with the
// status that asked for it.
func (gs *gates) waiting(host string) (time.Duration, int) {
	gs.mu.Lock()
	defer gs.mu.Unlock()
	g := gs.hosts[host]
	if g == nil {
		return 0, 0
	}
	return time.Until(g.notBefore), g.code
}

// wait records that host asked for no request before d from now.
func (gs *gates) wait(host string, d time.Duration, code int) {
	g := gs.get(host)
	defer gs.put(g)
	gs.mu.Lock()
	defer gs.mu.Unlock()
	if t := time.Now().Add(d); t.After(g.notBefore) {
		g.notBefore, g.code = t, code
	}
}

// acquire waits until no other request to host is in flight and delay has
// passed since the previous start, then marks a new start. The returned
// func releases the host; it must be called once the response is read.
func (gs *gates) acquire(ctx context.Context, host string) (func(), error) {
	g := gs.get(host)
	select {
	case g.slot <- struct{}{}:
	case <-ctx.Done():
		gs.put(g)
		return nil, ctx.Err()
	}
	release := func() {
		<-g.slot
		gs.put(g)
	}
	if d := time.Until(g.last.Add(gs.delay)); d > 0 {
		t := time.NewTimer(d)
		select {
		case <-t.C:
		case <-ctx.Done():
			t.Stop()
			release()
			return nil, ctx.Err()
		}
	}
	g.last = time.Now()
	return release, nil
}
