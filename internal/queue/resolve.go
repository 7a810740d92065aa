package queue

import (
	"context"
	"errors"
	"strconv"
	"time"

	"github.com/nats-io/nats.go/jetstream"
)

// resolve finds out why the result of raw sequence number st.Next has not
// come: it reads it directly when it is in the stream but the consumer
// cannot deliver it (its buffer is full of later results, or a previous
// placer holds it), waits while the raw document is still queued or being
// worked on, and skips it when it is gone from both streams (a gap: a
// purge, a lost message), after GapWait.
func (p *placer) resolve(ctx context.Context) error {
	next := p.st.Next
	raw, err := p.q.raw.Info(ctx)
	if err != nil {
		return err
	}
	if raw.State.LastSeq < next {
		return nil // not published yet
	}
	// The raw document is checked first: a worker publishes the result
	// before it acknowledges the document, so a document gone from the raw
	// stream has its result in the analyzed stream, or never will.
	inRaw, err := p.inRaw(ctx, next)
	if err != nil || inRaw {
		p.gapAt = 0
		return err
	}
	if ok, err := p.direct(ctx, next); ok || err != nil {
		p.gapAt = 0
		return err
	}
	if p.gapAt != next {
		p.gapAt, p.gapSeen = next, time.Now()
		return nil
	}
	if time.Since(p.gapSeen) < p.opt.GapWait {
		return nil
	}
	to, err := p.gapEnd(ctx, next, raw)
	if err != nil {
		return err
	}
	p.q.log.Warn("queue: raw documents lost before their result reached the placer; skipped",
		"from", next, "to", to-1)
	st := p.st
	st.Skipped += int64(to - next)
	st.Next = to
	p.gapAt = 0
	return p.save(ctx, st)
}

// inRaw says whether raw message seq is still in the raw stream.
func (p *placer) inRaw(ctx context.Context, seq uint64) (bool, error) {
	_, err := p.q.raw.GetMsg(ctx, seq)
	if errors.Is(err, jetstream.ErrMsgNotFound) {
		return false, nil
	}
	return err == nil, err
}

// direct reads the result of raw message seq from the analyzed stream,
// without the consumer; the consumer's delivery of it later is dropped as
// placed.
func (p *placer) direct(ctx context.Context, seq uint64) (bool, error) {
	m, err := p.q.an.GetLastMsgForSubject(ctx, p.q.Names.AnalyzedSubject+"."+strconv.FormatUint(seq, 10))
	if errors.Is(err, jetstream.ErrMsgNotFound) {
		return false, nil
	}
	if err != nil {
		return false, err
	}
	res, err := decodeResult(m.Data, m.Header.Get(hdrEncoding))
	if err != nil {
		res = Result{Err: "result of raw message " + strconv.FormatUint(seq, 10) + ": " + err.Error()}
	}
	res.RawSeq = seq
	p.buf[seq] = &entry{res: res}
	return true, nil
}

// gapEnd returns the first raw sequence number after next that may still
// come: next+1, unless the consumer has delivered everything there is
// (so that the buffer holds every result) and the raw stream holds nothing
// from next on below its first message, when the whole run up to the
// first buffered result or raw document is gone.
func (p *placer) gapEnd(ctx context.Context, next uint64, raw *jetstream.StreamInfo) (uint64, error) {
	ci, err := p.cons.Info(ctx)
	if err != nil {
		return 0, err
	}
	if ci.NumPending != 0 || ci.NumAckPending != p.held {
		return next + 1, nil
	}
	end := raw.State.LastSeq + 1
	if raw.State.Msgs > 0 {
		if raw.State.FirstSeq <= next {
			return next + 1, nil
		}
		end = min(end, raw.State.FirstSeq)
	}
	for s := range p.buf {
		end = min(end, s)
	}
	return max(end, next+1), nil
}
