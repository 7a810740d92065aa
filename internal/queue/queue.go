// Package queue carries documents between Storyline processes through NATS
// JetStream: ingest and follow publish raw documents to one stream, any
// number of workers extract and analyse them and publish the results to a
// second stream, and one placer at a time (held by a lease) commits the
// results to the store in the order the raw documents arrived, so that
// placement equals a single process's for the same arrival order.
package queue

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"math/rand/v2"
	"strings"
	"time"

	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"
)

// DefaultPrefix names the streams and buckets of a deployment.
const DefaultPrefix = "STORYLINE"

// Options configure a connection.
type Options struct {
	// Prefix names the streams (PREFIX_RAW, PREFIX_ANALYZED), the key-value
	// buckets (PREFIX_STATE, PREFIX_LEASE) and, lower-cased, the subjects
	// (prefix.raw, prefix.analyzed.SEQ); "" is DefaultPrefix. Tests use
	// their own so that they collide neither with each other nor with a
	// developer's run.
	Prefix string
	// Name is the client name the server shows (nats-server's connz).
	Name string
	// LeaseTTL is how long the placer's lease outlives its holder; 0 is
	// 15s. Every process of a deployment must use the same.
	LeaseTTL time.Duration
	Log      *slog.Logger
}

// Names are the JetStream names of a prefix.
type Names struct {
	Raw, Analyzed          string // streams
	RawSubject             string
	AnalyzedSubject        string // the results' subjects are AnalyzedSubject.SEQ
	State, Lease           string // key-value buckets
	Workers, PlacerDurable string // consumers
}

// NamesOf returns the names of prefix ("" is DefaultPrefix).
func NamesOf(prefix string) Names {
	if prefix == "" {
		prefix = DefaultPrefix
	}
	subj := strings.ToLower(prefix)
	return Names{
		Raw: prefix + "_RAW", Analyzed: prefix + "_ANALYZED",
		RawSubject: subj + ".raw", AnalyzedSubject: subj + ".analyzed",
		State: prefix + "_STATE", Lease: prefix + "_LEASE",
		Workers: "workers", PlacerDurable: "placer",
	}
}

// Queue is a connection to the JetStream streams of one deployment.
type Queue struct {
	URL   string
	Names Names
	nc    *nats.Conn
	js    jetstream.JetStream
	raw   jetstream.Stream
	an    jetstream.Stream
	state jetstream.KeyValue
	lease jetstream.KeyValue
	ttl   time.Duration
	log   *slog.Logger
}

// DuplicateWindow is how long JetStream remembers a message id: a document
// published again within it (a rerun of the same ingest, a worker's
// result sent twice) is stored once.
const DuplicateWindow = 10 * time.Minute

// Connect connects to the NATS server at url and creates the streams and
// buckets if they are missing. Once connected, the client reconnects
// forever, with backoff; a first connection that fails is an error
// naming url.
func Connect(ctx context.Context, url string, opt Options) (*Queue, error) {
	log := opt.Log
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	q := &Queue{URL: url, Names: NamesOf(opt.Prefix), ttl: opt.LeaseTTL, log: log}
	if q.ttl <= 0 {
		q.ttl = 15 * time.Second
	}
	nopts := []nats.Option{
		nats.Name(opt.Name),
		nats.MaxReconnects(-1),
		nats.CustomReconnectDelay(func(attempts int) time.Duration {
			d := min(time.Duration(attempts)*250*time.Millisecond, 5*time.Second)
			return d + rand.N(d/4+1)
		}),
		nats.DisconnectErrHandler(func(_ *nats.Conn, err error) {
			if err != nil {
				log.Warn("queue: disconnected", "url", url, "err", err)
			}
		}),
		nats.ReconnectHandler(func(*nats.Conn) { log.Info("queue: reconnected", "url", url) }),
	}
	nc, err := nats.Connect(url, nopts...)
	if err != nil {
		return nil, fmt.Errorf("connect to NATS at %s: %w", url, err)
	}
	q.nc = nc
	if q.js, err = jetstream.New(nc); err != nil {
		nc.Close()
		return nil, fmt.Errorf("NATS at %s: %w", url, err)
	}
	if err := q.setup(ctx); err != nil {
		nc.Close()
		return nil, fmt.Errorf("NATS JetStream at %s: %w", url, err)
	}
	return q, nil
}

// setup creates the streams and buckets, or updates them to this
// configuration: both are idempotent.
func (q *Queue) setup(ctx context.Context) error {
	n := q.Names
	var err error
	q.raw, err = q.js.CreateOrUpdateStream(ctx, jetstream.StreamConfig{
		Name: n.Raw, Subjects: []string{n.RawSubject},
		Storage: jetstream.FileStorage, Retention: jetstream.WorkQueuePolicy,
		Duplicates: DuplicateWindow,
	})
	if err != nil {
		return fmt.Errorf("stream %s: %w", n.Raw, err)
	}
	// One subject per raw sequence number, so that the placer can read the
	// result it waits for directly when its consumer cannot deliver it.
	q.an, err = q.js.CreateOrUpdateStream(ctx, jetstream.StreamConfig{
		Name: n.Analyzed, Subjects: []string{n.AnalyzedSubject + ".>"},
		Storage: jetstream.FileStorage, Retention: jetstream.WorkQueuePolicy,
		Duplicates: DuplicateWindow,
	})
	if err != nil {
		return fmt.Errorf("stream %s: %w", n.Analyzed, err)
	}
	q.state, err = q.js.CreateOrUpdateKeyValue(ctx, jetstream.KeyValueConfig{
		Bucket: n.State, History: 1, Storage: jetstream.FileStorage,
	})
	if err != nil {
		return fmt.Errorf("bucket %s: %w", n.State, err)
	}
	q.lease, err = q.js.CreateOrUpdateKeyValue(ctx, jetstream.KeyValueConfig{
		Bucket: n.Lease, History: 1, Storage: jetstream.FileStorage, TTL: q.ttl,
	})
	if err != nil {
		return fmt.Errorf("bucket %s: %w", n.Lease, err)
	}
	return nil
}

// Close drains what was published and closes the connection.
func (q *Queue) Close() {
	if q.nc != nil {
		q.nc.Close()
	}
}

// Delete removes the streams and buckets (tests clean up with it).
func (q *Queue) Delete(ctx context.Context) error {
	var errs []error
	for _, s := range []string{q.Names.Raw, q.Names.Analyzed} {
		if err := q.js.DeleteStream(ctx, s); err != nil && !errors.Is(err, jetstream.ErrStreamNotFound) {
			errs = append(errs, err)
		}
	}
	for _, b := range []string{q.Names.State, q.Names.Lease} {
		if err := q.js.DeleteKeyValue(ctx, b); err != nil && !errors.Is(err, jetstream.ErrBucketNotFound) {
			errs = append(errs, err)
		}
	}
	return errors.Join(errs...)
}

// maxPayload is the largest message the server takes, less room for
// headers.
func (q *Queue) maxPayload() int {
	return int(q.nc.MaxPayload()) - 4096
}
