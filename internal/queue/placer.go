package queue

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/nats-io/nats.go/jetstream"

	"github.com/storyline-news/storyline/internal/news"
	"github.com/storyline-news/storyline/internal/pipeline"
	"github.com/storyline-news/storyline/internal/store"
)

// PlaceOptions configure the placing side of a worker.
type PlaceOptions struct {
	// Holder names this process in the lease (host and pid).
	Holder string
	// Open returns the runner that commits to the store (pipeline.New with
	// every stage), once this process holds the lease: its in-memory state
	// is loaded then, not while another placer changes the store.
	Open func(ctx context.Context) (*pipeline.Runner, error)
	// Batch is the most results committed in one transaction; 0 is 256.
	Batch int
	// GapWait is how long the placer waits on a raw sequence number whose
	// document is gone from the raw stream with no result anywhere before
	// it skips it; 0 is 2s.
	GapWait time.Duration
	// OnResult, if set, hears of each document placed or failed (from one
	// goroutine).
	OnResult func(d news.Document, o store.Outcome, err error)
	// OnLease, if set, hears when this process starts placing.
	OnLease func()
	// Buffer is the most results held unacknowledged; 0 is MaxBuffer.
	Buffer int
}

// MaxBuffer bounds the results a placer holds unacknowledged (its buffer,
// and the consumer's MaxAckPending): a result is a raw document and its
// article, some tens of kilobytes.
const MaxBuffer = 1024

// Place holds the placer lease whenever it can and commits results until
// ctx ends; then it finishes the batch it is committing, checkpoints,
// releases the lease and returns nil.
func (q *Queue) Place(ctx context.Context, opt PlaceOptions) error {
	for {
		l, err := q.acquire(ctx, opt.Holder)
		if err != nil {
			return nil // ctx ended
		}
		if opt.OnLease != nil {
			opt.OnLease()
		}
		err = q.placeHeld(ctx, l, opt)
		l.release(context.WithoutCancel(ctx))
		if ctx.Err() != nil {
			return err
		}
		q.log.Warn("queue: placing stopped; waiting for the lease again", "err", err)
		select {
		case <-ctx.Done():
			return nil
		case <-time.After(time.Second):
		}
	}
}

// errLeaseLost ends a placer whose lease another process took.
var errLeaseLost = errors.New("the placer lease was lost")

// keepLease renews l until work ends, and cancels work when the lease is
// lost or cannot be renewed within its TTL.
func (q *Queue) keepLease(work context.Context, cancel context.CancelCauseFunc, l *lease) {
	last := time.Now()
	t := time.NewTicker(q.ttl / 4)
	defer t.Stop()
	for {
		select {
		case <-work.Done():
			return
		case <-t.C:
		}
		rctx, c := context.WithTimeout(work, q.ttl/4)
		err := l.renew(rctx)
		c()
		switch {
		case err == nil:
			last = time.Now()
		case errors.Is(err, jetstream.ErrKeyRevisionMismatch), errors.Is(err, jetstream.ErrKeyExists), errors.Is(err, jetstream.ErrKeyNotFound):
			cancel(fmt.Errorf("%w: %v", errLeaseLost, err))
			return
		case time.Since(last) > q.ttl*3/4:
			cancel(fmt.Errorf("%w: not renewed for %s: %v", errLeaseLost, time.Since(last).Round(time.Second), err))
			return
		}
	}
}

// entry is one raw sequence number's result and the messages that carried
// it (several when it was delivered again; none when read directly).
type entry struct {
	res  Result
	msgs []jetstream.Msg
}

// placer is the state of one lease's placing.
type placer struct {
	q       *Queue
	opt     PlaceOptions
	r       *pipeline.Runner
	cons    jetstream.Consumer
	st      State
	rev     uint64
	buf     map[uint64]*entry
	held    int // messages in buf
	gapAt   uint64
	gapSeen time.Time
	looked  time.Time
	// failWait is the wait after the last failed batch: doubled at each
	// failure in a row, up to 10s.
	failWait time.Duration
}

func (q *Queue) placeHeld(ctx context.Context, l *lease, opt PlaceOptions) error {
	work, cancel := context.WithCancelCause(context.WithoutCancel(ctx))
	defer cancel(nil)
	go q.keepLease(work, cancel, l)
	p := &placer{q: q, opt: opt, buf: map[uint64]*entry{}}
	if p.opt.Batch <= 0 {
		p.opt.Batch = 256
	}
	if p.opt.Buffer <= 0 {
		p.opt.Buffer = MaxBuffer
	}
	if p.opt.GapWait <= 0 {
		p.opt.GapWait = 2 * time.Second
	}
	// What the previous holder was delivered and did not acknowledge is
	// delivered again at once to a consumer made afresh.
	err := retry(ctx, work, q, "open the placer", func() error {
		if err := q.js.DeleteConsumer(work, q.Names.Analyzed, q.Names.PlacerDurable); err != nil && !errors.Is(err, jetstream.ErrConsumerNotFound) {
			return err
		}
		c, err := q.js.CreateOrUpdateConsumer(work, q.Names.Analyzed, jetstream.ConsumerConfig{
			Durable: q.Names.PlacerDurable, AckPolicy: jetstream.AckExplicitPolicy,
			AckWait: 10 * time.Minute, MaxAckPending: p.opt.Buffer, DeliverPolicy: jetstream.DeliverAllPolicy,
		})
		if err != nil {
			return err
		}
		p.cons = c
		if p.st, p.rev, err = q.ReadState(work); err != nil {
			return err
		}
		p.r, err = opt.Open(work)
		return err
	})
	if err != nil {
		return err
	}
	defer func() {
		if p.r.Checkpoint != nil {
			if err := p.r.Checkpoint(work, true); err != nil {
				q.log.Warn("queue: final checkpoint", "err", err)
			}
		}
	}()
	q.log.Info("queue: placing", "next", p.st.Next)
	for ctx.Err() == nil && work.Err() == nil {
		// What is ready joins the batch; with nothing to place, wait a
		// little for it.
		if p.fetch(work, 0) == 0 {
			if _, ok := p.buf[p.st.Next]; !ok {
				p.fetch(work, 500*time.Millisecond)
			}
		}
		if _, ok := p.buf[p.st.Next]; ok {
			if err := p.placeRun(work); err != nil {
				if errors.Is(err, errLostState) || work.Err() != nil {
					return err
				}
				p.failWait = min(max(p.failWait*2, 500*time.Millisecond), 10*time.Second)
				q.log.Warn("queue: placing a batch failed; trying again", "next", p.st.Next, "err", err, "retry_in", p.failWait)
				sleep(ctx, p.failWait)
				continue
			}
			p.failWait = 0
			continue
		}
		if time.Since(p.looked) >= 500*time.Millisecond {
			p.looked = time.Now()
			if err := p.resolve(work); err != nil && work.Err() == nil {
				q.log.Warn("queue: looking for the next result", "next", p.st.Next, "err", err)
			}
		}
	}
	if err := context.Cause(work); err != nil && !errors.Is(err, context.Canceled) {
		return err
	}
	return nil
}

// retry runs f until it succeeds or a context ends, backing off.
func retry(ctx, work context.Context, q *Queue, what string, f func() error) error {
	wait := 250 * time.Millisecond
	for {
		err := f()
		if err == nil {
			return nil
		}
		if ctx.Err() != nil || work.Err() != nil {
			return err
		}
		q.log.Warn("queue: "+what, "err", err, "retry_in", wait)
		sleep(ctx, wait)
		wait = min(wait*2, 10*time.Second)
	}
}

func sleep(ctx context.Context, d time.Duration) {
	select {
	case <-ctx.Done():
	case <-time.After(d):
	}
}

// fetch adds delivered results to the buffer: those ready now (wait 0),
// else waiting up to wait for one. It returns how many messages came.
func (p *placer) fetch(ctx context.Context, wait time.Duration) int {
	room := p.opt.Buffer - p.held
	if room <= 0 {
		// Full of later results: the one awaited is read directly
		// (resolve) meanwhile.
		sleep(ctx, wait)
		return 0
	}
	var batch jetstream.MessageBatch
	var err error
	if wait == 0 {
		batch, err = p.cons.FetchNoWait(min(room, 256))
	} else {
		fctx, cancel := context.WithTimeout(ctx, wait)
		defer cancel()
		batch, err = p.cons.Fetch(1, jetstream.FetchContext(fctx))
	}
	if err != nil {
		if ctx.Err() == nil {
			p.q.log.Warn("queue: placer fetch", "err", err)
			sleep(ctx, 500*time.Millisecond)
		}
		return 0
	}
	n := 0
	for m := range batch.Messages() {
		n++
		p.add(m)
	}
	return n
}

// add files one delivered result under its raw sequence number.
func (p *placer) add(m jetstream.Msg) {
	seq, err := rawSeqOf(m.Headers().Get(hdrRawSeq), m.Subject())
	if err != nil {
		p.q.log.Warn("queue: a result without its raw sequence number; dropped", "subject", m.Subject(), "err", err)
		m.Term()
		return
	}
	if seq < p.st.Next {
		m.Ack() // placed before (a redelivery, or read directly)
		return
	}
	if e, ok := p.buf[seq]; ok {
		e.msgs = append(e.msgs, m)
		p.held++
		return
	}
	res, err := decodeResult(m.Data(), m.Headers().Get(hdrEncoding))
	if err != nil {
		res = Result{Err: fmt.Sprintf("result of raw message %d: %v", seq, err)}
	}
	res.RawSeq = seq
	p.buf[seq] = &entry{res: res, msgs: []jetstream.Msg{m}}
	p.held++
}

// rawSeqOf reads a result's raw sequence number from its header, else
// from its subject's last token.
func rawSeqOf(header, subject string) (uint64, error) {
	s := header
	if s == "" {
		s = subject[strings.LastIndexByte(subject, '.')+1:]
	}
	n, err := strconv.ParseUint(s, 10, 64)
	if err != nil || n == 0 {
		return 0, fmt.Errorf("bad raw sequence number %q", s)
	}
	return n, nil
}

// placeRun commits the consecutive results from st.Next on (at most a
// batch), saves the checkpoint past them, and then acknowledges them.
func (p *placer) placeRun(ctx context.Context) error {
	var run []*entry
	for s := p.st.Next; len(run) < p.opt.Batch; s++ {
		e, ok := p.buf[s]
		if !ok {
			break
		}
		run = append(run, e)
	}
	var docs []news.Document
	var arts []*news.Article
	var at []int
	for i, e := range run {
		if e.res.Err == "" {
			docs = append(docs, e.res.Doc)
			arts = append(arts, e.res.Article)
			at = append(at, i)
		}
	}
	outs := make([]store.Outcome, len(run))
	errs := make([]error, len(run))
	for i, e := range run {
		if e.res.Err != "" {
			errs[i] = errors.New(e.res.Err)
		}
	}
	if len(docs) > 0 {
		// The articles are the store's once Place returns: a retry after a
		// failure must start from the workers' articles again.
		o, es, err := p.r.Place(ctx, docs, cloneArticles(arts))
		if err != nil {
			return err
		}
		for k, i := range at {
			outs[i], errs[i] = o[k], es[k]
		}
	}
	st := p.st
	st.Next += uint64(len(run))
	for i := range run {
		switch {
		case errs[i] != nil:
			st.Failed++
		case outs[i] == store.Inserted:
			st.Inserted++
		case outs[i] == store.Unchanged:
			st.Unchanged++
		case outs[i] == store.Revised:
			st.Revised++
		}
	}
	if err := p.save(ctx, st); err != nil {
		return err
	}
	for i, e := range run {
		for _, m := range e.msgs {
			m.Ack()
		}
		p.held -= len(e.msgs)
		delete(p.buf, e.res.RawSeq)
		if p.opt.OnResult != nil {
			p.opt.OnResult(e.res.Doc, outs[i], errs[i])
		}
	}
	return nil
}

// cloneArticles copies the articles' top level: Put sets ids and the
// hook cluster fields on them.
func cloneArticles(arts []*news.Article) []*news.Article {
	out := make([]*news.Article, len(arts))
	for i, a := range arts {
		c := *a
		out[i] = &c
	}
	return out
}

// save stores the checkpoint st, retrying while NATS is away; another
// placer's checkpoint (errLostState) ends this one.
func (p *placer) save(ctx context.Context, st State) error {
	wait := 250 * time.Millisecond
	for {
		rev, err := p.q.saveState(ctx, st, p.rev)
		if err == nil {
			p.st, p.rev = st, rev
			return nil
		}
		if errors.Is(err, errLostState) || ctx.Err() != nil {
			return err
		}
		p.q.log.Warn("queue: save the placer's checkpoint", "err", err, "retry_in", wait)
		sleep(ctx, wait)
		wait = min(wait*2, 10*time.Second)
	}
}
