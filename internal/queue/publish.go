package queue

import (
	"context"
	"fmt"

	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"

	"github.com/storyline-news/storyline/internal/news"
)

// Published is what publishing one document did.
type Published struct {
	Doc news.Document
	// Seq is the document's sequence number in the raw stream: the order
	// in which the placer stores it.
	Seq uint64
	// Duplicate says the stream held the same document already (MsgID,
	// within DuplicateWindow): nothing new was queued.
	Duplicate bool
	Err       error
}

// Publisher publishes raw documents, several in flight at once; their
// order in the stream is the order Publish was called in.
type Publisher struct {
	q        *Queue
	window   int
	inflight []pending
	done     func(Published)
}

type pending struct {
	doc news.Document
	f   jetstream.PubAckFuture
}

// NewPublisher returns a Publisher that tells done (from the caller's
// goroutine, in publishing order) what became of each document.
func (q *Queue) NewPublisher(done func(Published)) *Publisher {
	return &Publisher{q: q, window: 256, done: done}
}

// Publish queues d. A document too large for the server, or that cannot be
// encoded, is reported to done with an error naming its origin; an error
// is returned only when ctx ends.
func (p *Publisher) Publish(ctx context.Context, d news.Document) error {
	body, err := EncodeDoc(d)
	if err == nil && len(body) > p.q.maxPayload() {
		err = fmt.Errorf("%s: %w (%d bytes compressed; the server takes %d)", d.Origin, ErrTooLarge, len(body), p.q.maxPayload())
	}
	if err != nil {
		if werr := p.wait(ctx, 0); werr != nil {
			return werr
		}
		p.done(Published{Doc: d, Err: err})
		return nil
	}
	if err := p.wait(ctx, p.window-1); err != nil {
		return err
	}
	m := nats.NewMsg(p.q.Names.RawSubject)
	m.Header.Set(hdrEncoding, "gzip")
	m.Data = body
	for {
		f, err := p.q.js.PublishMsgAsync(m, jetstream.WithMsgID(MsgID(d)))
		if err == nil {
			p.inflight = append(p.inflight, pending{doc: d, f: f})
			return nil
		}
		// Too many unacknowledged publishes: wait for all of them.
		if werr := p.wait(ctx, 0); werr != nil {
			return werr
		}
		if err != jetstream.ErrTooManyStalledMsgs {
			p.done(Published{Doc: d, Err: fmt.Errorf("%s: publish: %w", d.Origin, err)})
			return nil
		}
	}
}

// Flush waits until every document published is acknowledged or failed.
func (p *Publisher) Flush(ctx context.Context) error { return p.wait(ctx, 0) }

// wait reports finished publishes, in order, until at most keep are in
// flight.
func (p *Publisher) wait(ctx context.Context, keep int) error {
	for len(p.inflight) > keep {
		x := p.inflight[0]
		select {
		case ack := <-x.f.Ok():
			p.done(Published{Doc: x.doc, Seq: ack.Sequence, Duplicate: ack.Duplicate})
		case err := <-x.f.Err():
			p.done(Published{Doc: x.doc, Err: fmt.Errorf("%s: publish: %w", x.doc.Origin, err)})
		case <-ctx.Done():
			return ctx.Err()
		}
		p.inflight = p.inflight[1:]
	}
	return nil
}

// LastRawSeq is the raw stream's last sequence number: what a placer must
// pass before everything published so far is stored.
func (q *Queue) LastRawSeq(ctx context.Context) (uint64, error) {
	info, err := q.raw.Info(ctx)
	if err != nil {
		return 0, err
	}
	return info.State.LastSeq, nil
}

// Backlog is the number of messages in each stream: raw documents not yet
// analysed (or being analysed), and results not yet placed.
func (q *Queue) Backlog(ctx context.Context) (raw, analyzed uint64, err error) {
	ri, err := q.raw.Info(ctx)
	if err != nil {
		return 0, 0, err
	}
	ai, err := q.an.Info(ctx)
	if err != nil {
		return 0, 0, err
	}
	return ri.State.Msgs, ai.State.Msgs, nil
}
