package scaletest

import (
	"fmt"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"testing"
	"time"

	"github.com/storyline-news/storyline/internal/testenv"
)

// natsServer is a nats-server of the test's own (JetStream on, its data
// in a temporary folder), for tests that stop and restart it.
type natsServer struct {
	t    *testing.T
	url  string
	conf string
	cmd  *exec.Cmd
}

// startNATS starts a nats-server on a free loopback port; it is stopped
// when the test ends.
func startNATS(t *testing.T) *natsServer {
	t.Helper()
	needNATSServer(t)
	port := freePort(t)
	dir := t.TempDir()
	s := &natsServer{t: t, url: fmt.Sprintf("nats://127.0.0.1:%d", port), conf: filepath.Join(dir, "nats.conf")}
	conf := fmt.Sprintf("listen: 127.0.0.1:%d\nmax_payload: 8MB\njetstream {\n  store_dir: %q\n}\n", port, filepath.Join(dir, "js"))
	if err := os.WriteFile(s.conf, []byte(conf), 0o644); err != nil {
		t.Fatal(err)
	}
	s.start()
	t.Cleanup(s.stop)
	return s
}

// needNATSServer skips a test that starts nats-server where it is not
// installed (fails under CI).
func needNATSServer(t *testing.T) {
	t.Helper()
	testenv.NATS(t)
	if _, err := exec.LookPath("nats-server"); err != nil {
		if testenv.CI() {
			t.Fatal("nats-server not installed")
		}
		t.Skip("nats-server not installed")
	}
}

func (s *natsServer) start() {
	s.t.Helper()
	s.cmd = exec.Command("nats-server", "-c", s.conf)
	if err := s.cmd.Start(); err != nil {
		s.t.Fatal(err)
	}
	addr := s.url[len("nats://"):]
	for i := 0; i < 100; i++ {
		if c, err := net.Dial("tcp", addr); err == nil {
			c.Close()
			return
		}
		time.Sleep(100 * time.Millisecond)
	}
	s.t.Fatal("nats-server did not start")
}

// stop stops the server cleanly (SIGTERM) and waits for it.
func (s *natsServer) stop() {
	if s.cmd == nil {
		return
	}
	s.cmd.Process.Signal(os.Interrupt)
	s.cmd.Wait()
	s.cmd = nil
}

// restart stops the server, leaves it down for down, and starts it again
// on the same data.
func (s *natsServer) restart(down time.Duration) {
	s.stop()
	time.Sleep(down)
	s.start()
}

// TestNATSRestart: nats-server is restarted while the workers analyse and
// place; once it is back, the store holds what one process stores.
func TestNATSRestart(t *testing.T) {
	ns := startNATS(t)
	d := newDeployment(t, true)
	d.nats = ns.url
	path := corpus(t, d.dir, corpusStories, corpusSynthetic)
	want := reference(t, d, path)
	w1 := d.worker("w1")
	w1.waitLog(t, placingLine, nil, time.Minute)
	ws := []*proc{w1, d.worker("w2"), d.worker("w3")}
	ing := d.start("ingest", "ingest", "-q", "--queue", d.nats, "--wait", path)
	ing.waitLog(t, regexp.MustCompile(`documents published`), nil, 60*time.Second)
	m := w1.waitLog(t, progressLine, func(m []string) bool { return m[2] != "0" }, 60*time.Second)
	ns.restart(2 * time.Second)
	t.Logf("restarted nats-server after %s analysed and %s placed", m[1], m[2])
	ing.wait(t, 3*time.Minute)
	t.Logf("ingest:\n%s", ing.output())
	for _, w := range ws {
		w.stop(t)
	}
	same(t, want, exportOf(t, d.dir, d.env(), d.db))
}
