// Package scaletest runs Storyline as separate processes against real
// servers (PostgreSQL, NATS JetStream): end-to-end runs with several
// workers, and runs with faults (a worker killed mid-batch), each
// compared with a single-process ingest of the same documents. It holds
// tests only; they skip without the servers (internal/testenv).
package scaletest
