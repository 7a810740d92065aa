package queue

import (
	"context"
	"errors"
	"fmt"
	"runtime"
	"strconv"
	"sync"
	"time"

	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"

	"github.com/storyline-news/storyline/internal/news"
)

// WorkOptions configure the analysis side of a worker.
type WorkOptions struct {
	// Workers is the number of documents analysed at once; 0 is GOMAXPROCS.
	Workers int
	// Prepare extracts and analyses one document (pipeline.Prepare).
	Prepare func(news.Document) (*news.Article, error)
	// AckWait is how long a raw document stays with a worker that stops
	// answering before another gets it; 0 is a minute. A slow document is
	// kept by in-progress acknowledgements meanwhile.
	AckWait time.Duration
	// OnDone, if set, hears of each document analysed: err is its
	// failure, nil when an article was published.
	OnDone func(d news.Document, err error)
}

// MaxDeliveries is the delivery of a raw document at which a worker no
// longer tries it: it crashed (or outlasted) a worker each time before,
// and is published as failed so that the placer moves on.
const MaxDeliveries = 4

// Work consumes raw documents, analyses them and publishes the results,
// until ctx ends; then it stops fetching, finishes what it holds
// (publishing and acknowledging it), and returns nil.
func (q *Queue) Work(ctx context.Context, opt WorkOptions) error {
	n := opt.Workers
	if n <= 0 {
		n = runtime.GOMAXPROCS(0)
	}
	wait := opt.AckWait
	if wait <= 0 {
		wait = time.Minute
	}
	cons, err := q.js.CreateOrUpdateConsumer(ctx, q.Names.Raw, jetstream.ConsumerConfig{
		Durable: q.Names.Workers, AckPolicy: jetstream.AckExplicitPolicy, AckWait: wait,
		MaxAckPending: 4096, MaxWaiting: 512,
	})
	if err != nil {
		return fmt.Errorf("consumer %s on %s: %w", q.Names.Workers, q.Names.Raw, err)
	}
	var wg sync.WaitGroup
	for i := 0; i < n; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for ctx.Err() == nil {
				fctx, cancel := context.WithTimeout(ctx, time.Second)
				batch, err := cons.Fetch(1, jetstream.FetchContext(fctx))
				if err != nil {
					cancel()
					q.pause(ctx, err)
					continue
				}
				for m := range batch.Messages() {
					q.work(ctx, m, opt, wait)
				}
				cancel()
				if err := batch.Error(); err != nil && !quiet(err) {
					q.pause(ctx, err)
				}
			}
		}()
	}
	wg.Wait()
	return nil
}

// quiet says a fetch's error is only its end: its time was up, or the
// worker stops.
func quiet(err error) bool {
	return errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded) ||
		errors.Is(err, jetstream.ErrNoMessages) || errors.Is(err, nats.ErrTimeout)
}

// pause waits a moment after a failed fetch (NATS away).
func (q *Queue) pause(ctx context.Context, err error) {
	if ctx.Err() != nil {
		return
	}
	q.log.Warn("queue: fetch", "err", err)
	select {
	case <-ctx.Done():
	case <-time.After(time.Second):
	}
}

// work analyses one raw message, publishes its result, and only then
// acknowledges it. Once fetched, a message is finished even when ctx ends
// (a clean stop); only a publish NATS never takes leaves it for another
// worker.
func (q *Queue) work(ctx context.Context, m jetstream.Msg, opt WorkOptions, wait time.Duration) {
	meta, err := m.Metadata()
	if err != nil {
		q.log.Warn("queue: raw message without metadata", "err", err)
		m.Term()
		return
	}
	seq := meta.Sequence.Stream
	res := Result{RawSeq: seq}
	d, derr := DecodeDoc(m.Data())
	res.Doc = d
	stop := q.keepAlive(m, wait)
	switch {
	case derr != nil:
		res.Err = fmt.Sprintf("raw message %d: %v", seq, derr)
	case meta.NumDelivered >= MaxDeliveries:
		res.Err = fmt.Sprintf("extract %s: given up after %d deliveries (it stopped a worker each time)", d.Origin, meta.NumDelivered-1)
	default:
		a, err := opt.Prepare(d)
		if err != nil {
			res.Err = err.Error()
		} else {
			res.Article = a
		}
	}
	err = q.publishResult(context.WithoutCancel(ctx), res)
	if err == nil {
		err = m.DoubleAck(context.WithoutCancel(ctx))
	}
	stop()
	if err != nil {
		// Not acknowledged: it comes back after AckWait, and the result,
		// if it was published, is de-duplicated.
		q.log.Warn("queue: result not delivered", "seq", seq, "origin", d.Origin, "err", err)
		return
	}
	if opt.OnDone != nil {
		var e error
		if res.Err != "" {
			e = errors.New(res.Err)
		}
		opt.OnDone(d, e)
	}
}

// keepAlive tells the server, while a document is being analysed, that the
// worker is still at it, so that it is not handed to another.
func (q *Queue) keepAlive(m jetstream.Msg, wait time.Duration) (stop func()) {
	done := make(chan struct{})
	go func() {
		t := time.NewTicker(wait / 3)
		defer t.Stop()
		for {
			select {
			case <-done:
				return
			case <-t.C:
				m.InProgress()
			}
		}
	}()
	return func() { close(done) }
}

// publishTries bounds how long a worker tries to publish a result while
// NATS is away before leaving the document to be redelivered.
const publishTries = 30

// publishResult publishes res to the analyzed stream and waits for the
// server to store it. A result too large for a message is published as a
// failure.
func (q *Queue) publishResult(ctx context.Context, res Result) error {
	body, err := encodeResult(res)
	if err == nil && len(body) > q.maxPayload() {
		err = fmt.Errorf("%d bytes compressed; the server takes %d", len(body), q.maxPayload())
	}
	if err != nil {
		// The document alone may still be too large: keep only its origin.
		res = Result{RawSeq: res.RawSeq, Doc: news.Document{Origin: res.Doc.Origin, SourceID: res.Doc.SourceID, FeedItem: res.Doc.FeedItem},
			Err: fmt.Sprintf("extract %s: result %v", res.Doc.Origin, err)}
		if body, err = encodeResult(res); err != nil {
			return err
		}
	}
	subj := q.Names.AnalyzedSubject + "." + strconv.FormatUint(res.RawSeq, 10)
	msg := nats.NewMsg(subj)
	msg.Header.Set(hdrEncoding, "gzip")
	msg.Header.Set(hdrRawSeq, strconv.FormatUint(res.RawSeq, 10))
	msg.Data = body
	for try := 0; ; try++ {
		pctx, cancel := context.WithTimeout(ctx, 10*time.Second)
		_, err = q.js.PublishMsg(pctx, msg, jetstream.WithMsgID(resultID(res.RawSeq)))
		cancel()
		if err == nil || try >= publishTries {
			return err
		}
		time.Sleep(time.Second)
	}
}
