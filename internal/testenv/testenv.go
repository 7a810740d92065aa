// Package testenv gives tests the external servers of the scale-out: a
// PostgreSQL database of their own and a NATS server, named by
// STORYLINE_TEST_POSTGRES and STORYLINE_TEST_NATS (scripts/services.sh
// starts both). A test skips when its variable is unset, unless
// STORYLINE_CI is set: under CI a missing or unreachable server fails it.
package testenv

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"net"
	"net/url"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
)

// CI says the servers must be there.
func CI() bool { return os.Getenv("STORYLINE_CI") != "" }

func need(t testing.TB, name string) string {
	t.Helper()
	v := os.Getenv(name)
	if v == "" {
		if CI() {
			t.Fatalf("%s is not set under CI (STORYLINE_CI): scripts/services.sh start DIR sets it", name)
		}
		t.Skipf("%s not set (scripts/services.sh start DIR starts the servers)", name)
	}
	return v
}

// PostgresAdmin returns the URL of the server's maintenance database, for
// tests that create databases themselves.
func PostgresAdmin(t testing.TB) string { return need(t, "STORYLINE_TEST_POSTGRES") }

// Postgres creates an empty database for the test, dropped when it ends,
// and returns its URL.
func Postgres(t testing.TB) string {
	t.Helper()
	admin := PostgresAdmin(t)
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	conn, err := pgx.Connect(ctx, admin)
	if err != nil {
		t.Fatalf("PostgreSQL at STORYLINE_TEST_POSTGRES: %v", err)
	}
	defer conn.Close(ctx)
	b := make([]byte, 6)
	rand.Read(b)
	name := "storyline_test_" + hex.EncodeToString(b)
	if _, err := conn.Exec(ctx, "CREATE DATABASE "+name); err != nil {
		t.Fatalf("create database: %v", err)
	}
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		defer cancel()
		conn, err := pgx.Connect(ctx, admin)
		if err != nil {
			t.Logf("drop database %s: %v", name, err)
			return
		}
		defer conn.Close(ctx)
		if _, err := conn.Exec(ctx, "DROP DATABASE IF EXISTS "+name+" WITH (FORCE)"); err != nil {
			t.Logf("drop database %s: %v", name, err)
		}
	})
	u, err := url.Parse(admin)
	if err != nil {
		t.Fatal(err)
	}
	u.Path = "/" + name
	return u.String()
}

// NATS returns the URL of the NATS server (JetStream on), after checking
// that it answers.
func NATS(t testing.TB) string {
	t.Helper()
	v := need(t, "STORYLINE_TEST_NATS")
	host := strings.TrimPrefix(v, "nats://")
	if i := strings.IndexByte(host, ','); i >= 0 {
		host = host[:i]
	}
	c, err := net.DialTimeout("tcp", host, 5*time.Second)
	if err != nil {
		t.Fatalf("NATS at STORYLINE_TEST_NATS: %v", err)
	}
	c.Close()
	return v
}

// ServicesDir is the folder scripts/services.sh keeps the servers in, for
// tests that restart them; "" skips (or fails under CI).
func ServicesDir(t testing.TB) string { return need(t, "STORYLINE_SERVICES_DIR") }
