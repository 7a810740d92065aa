package queue

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/nats-io/nats.go/jetstream"
)

// stateKey holds the placer's checkpoint in the state bucket.
const stateKey = "placed"

// State is the placer's checkpoint: every raw document below Next is
// stored (or failed, or skipped), and the counts of what became of them.
type State struct {
	Next      uint64 `json:"next"`
	Inserted  int64  `json:"inserted"`
	Unchanged int64  `json:"unchanged"`
	Revised   int64  `json:"revised"`
	Failed    int64  `json:"failed"`
	Skipped   int64  `json:"skipped"` // raw sequence numbers lost before a result reached the placer
}

// Placed is the number of documents the state accounts for.
func (s State) Placed() int64 { return s.Inserted + s.Unchanged + s.Revised + s.Failed }

// ReadState returns the placer's checkpoint and its revision in the
// bucket (0 when none was saved: nothing placed yet, Next 1).
func (q *Queue) ReadState(ctx context.Context) (State, uint64, error) {
	e, err := q.state.Get(ctx, stateKey)
	if errors.Is(err, jetstream.ErrKeyNotFound) {
		return State{Next: 1}, 0, nil
	}
	if err != nil {
		return State{}, 0, fmt.Errorf("read the placer's checkpoint: %w", err)
	}
	var s State
	if err := json.Unmarshal(e.Value(), &s); err != nil {
		return State{}, 0, fmt.Errorf("read the placer's checkpoint: %w", err)
	}
	return s, e.Revision(), nil
}

// errLostState says another placer saved a checkpoint since this one read
// it: this one's lease is gone.
var errLostState = errors.New("the placer's checkpoint was saved by another placer")

// saveState saves s if the checkpoint is still at revision rev, and
// returns the new revision.
func (q *Queue) saveState(ctx context.Context, s State, rev uint64) (uint64, error) {
	b, _ := json.Marshal(s)
	var err error
	var n uint64
	if rev == 0 {
		n, err = q.state.Create(ctx, stateKey, b)
	} else {
		n, err = q.state.Update(ctx, stateKey, b, rev)
	}
	if errors.Is(err, jetstream.ErrKeyExists) || errors.Is(err, jetstream.ErrKeyRevisionMismatch) {
		return 0, errLostState
	}
	return n, err
}

// WaitPlaced waits until the placer's checkpoint passes seq (every raw
// document up to seq is placed) and returns it; every, if set, hears the
// state at each look.
func (q *Queue) WaitPlaced(ctx context.Context, seq uint64, every func(State)) (State, error) {
	for {
		s, _, err := q.ReadState(ctx)
		if err == nil {
			if every != nil {
				every(s)
			}
			if s.Next > seq {
				return s, nil
			}
		} else {
			q.log.Warn("queue: waiting for the placer", "err", err)
		}
		select {
		case <-ctx.Done():
			return s, ctx.Err()
		case <-time.After(200 * time.Millisecond):
		}
	}
}

// leaseKey holds the placer's lease in the lease bucket, whose entries
// expire TTL after they were last written.
const leaseKey = "placer"

// lease is a held placer lease.
type lease struct {
	q      *Queue
	holder string
	rev    uint64
}

// acquire waits until this process holds the placer lease.
func (q *Queue) acquire(ctx context.Context, holder string) (*lease, error) {
	logged := false
	for {
		rev, err := q.lease.Create(ctx, leaseKey, []byte(holder))
		if err == nil {
			return &lease{q: q, holder: holder, rev: rev}, nil
		}
		if !errors.Is(err, jetstream.ErrKeyExists) {
			q.log.Warn("queue: placer lease", "err", err)
		} else if !logged {
			if e, gerr := q.lease.Get(ctx, leaseKey); gerr == nil {
				q.log.Info("queue: another process places; waiting for its lease", "holder", string(e.Value()))
			}
			logged = true
		}
		select {
		case <-ctx.Done():
			return nil, ctx.Err()
		case <-time.After(q.ttl / 5):
		}
	}
}

// renew extends the lease; an error means it is lost (or NATS is
// unreachable for longer than the caller can wait).
func (l *lease) renew(ctx context.Context) error {
	rev, err := l.q.lease.Update(ctx, leaseKey, []byte(l.holder), l.rev)
	if err != nil {
		return err
	}
	l.rev = rev
	return nil
}

// release gives the lease up, if still held, so that another process
// takes over at once.
func (l *lease) release(ctx context.Context) {
	if err := l.q.lease.Delete(ctx, leaseKey, jetstream.LastRevision(l.rev)); err != nil {
		l.q.log.Info("queue: release the placer lease", "err", err)
	}
}
