package scaletest

import (
	"context"
	"fmt"
	"net"
	"net/url"
	"os"
	"os/exec"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/storyline-news/storyline/internal/testenv"
)

// services is a PostgreSQL and a nats-server of the test's own, started
// by scripts/services.sh (so that the test can restart them); both are
// stopped and their data removed when the test ends.
type services struct {
	t       *testing.T
	dir     string
	env     []string
	pgAdmin string
	natsURL string
}

// freePort returns a loopback port nothing listens on.
func freePort(t *testing.T) int {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port
}

func startServices(t *testing.T) *services {
	t.Helper()
	needNATSServer(t)
	// Not t.TempDir: the postgres user, which runs the server when the
	// test runs as root, must reach the folder.
	dir, err := os.MkdirTemp("", "scaletest-services")
	if err != nil {
		t.Fatal(err)
	}
	os.Chmod(dir, 0o755)
	s := &services{t: t, dir: dir}
	pg, nats := freePort(t), freePort(t)
	s.env = append(os.Environ(), fmt.Sprintf("STORYLINE_PG_PORT=%d", pg), fmt.Sprintf("STORYLINE_NATS_PORT=%d", nats))
	t.Cleanup(func() {
		s.script("stop")
		os.RemoveAll(dir)
	})
	out := s.script("start")
	for _, l := range strings.Split(out, "\n") {
		if v, ok := strings.CutPrefix(l, "export STORYLINE_TEST_POSTGRES="); ok {
			s.pgAdmin = strings.Trim(v, "'")
		}
		if v, ok := strings.CutPrefix(l, "export STORYLINE_TEST_NATS="); ok {
			s.natsURL = strings.Trim(v, "'")
		}
	}
	if s.pgAdmin == "" || s.natsURL == "" {
		t.Fatalf("services.sh start said:\n%s", out)
	}
	return s
}

// script runs scripts/services.sh cmd on the services' folder.
func (s *services) script(cmd string) string {
	s.t.Helper()
	c := exec.Command("bash", "../../scripts/services.sh", cmd, s.dir)
	c.Env = s.env
	out, err := c.CombinedOutput()
	if err != nil {
		s.t.Fatalf("services.sh %s: %v\n%s", cmd, err, out)
	}
	return string(out)
}

// database creates a database on the services' PostgreSQL and returns its
// URL.
func (s *services) database(name string) string {
	s.t.Helper()
	ctx := context.Background()
	conn, err := pgx.Connect(ctx, s.pgAdmin)
	if err != nil {
		s.t.Fatal(err)
	}
	defer conn.Close(ctx)
	if _, err := conn.Exec(ctx, "CREATE DATABASE "+pgx.Identifier{name}.Sanitize()); err != nil {
		s.t.Fatal(err)
	}
	u, _ := url.Parse(s.pgAdmin)
	u.Path = "/" + name
	return u.String()
}

// TestPostgresRestart: PostgreSQL is stopped abruptly (pg_ctl -m
// immediate) and started again while the workers place; the placer backs
// off and retries, and the store then equals one process's.
func TestPostgresRestart(t *testing.T) {
	testenv.PostgresAdmin(t) // skips (or fails under CI) where PostgreSQL is not set up
	sv := startServices(t)
	d := newDeployment(t, false)
	d.nats, d.db = sv.natsURL, sv.database("restarted")
	path := corpus(t, d.dir, corpusStories, corpusSynthetic)
	want := reference(t, d, path)
	w1 := d.worker("w1")
	w1.waitLog(t, placingLine, nil, time.Minute)
	ws := []*proc{w1, d.worker("w2"), d.worker("w3")}
	ing := d.start("ingest", "ingest", "-q", "--queue", d.nats, "--wait", path)
	m := w1.waitLog(t, progressLine, func(m []string) bool { return m[2] != "0" }, 60*time.Second)
	sv.script("restart-postgres")
	t.Logf("restarted PostgreSQL after %s analysed and %s placed", m[1], m[2])
	ing.wait(t, 3*time.Minute)
	t.Logf("ingest:\n%s", ing.output())
	for _, w := range ws {
		w.stop(t)
	}
	same(t, want, exportOf(t, d.dir, d.env(), d.db))
}
