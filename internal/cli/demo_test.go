package cli

import (
	"flag"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/storyline-news/storyline"
)

var updateDemo = flag.Bool("update-demo", false, "rewrite testdata/demo.golden")

// demoGolden is what "storyline demo" prints on stdout.
const demoGolden = "testdata/demo.golden"

func checkDemoGolden(t *testing.T, name, got string) {
	t.Helper()
	golden := filepath.Join(pkgDir, demoGolden)
	if *updateDemo {
		if err := os.WriteFile(golden, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatal(err)
	}
	if got != string(want) {
		t.Errorf("%s: stdout differs from %s (go test -run Demo -update-demo rewrites it):\n%s", name, demoGolden, got)
	}
}

// TestSampleIsTheSeeds checks that the embedded sample holds the files of
// testdata/seeds, byte for byte.
func TestSampleIsTheSeeds(t *testing.T) {
	disk, err := filepath.Glob(filepath.Join(pkgDir, seeds, "*"))
	if err != nil || len(disk) == 0 {
		t.Fatalf("seeds on disk: %v", err)
	}
	embedded, err := fs.Glob(storyline.Sample, "*")
	if err != nil || len(embedded) != len(disk) {
		t.Fatalf("sample: %q, %v; want the %d files of %s", embedded, err, len(disk), seeds)
	}
	for _, path := range disk {
		want, _ := os.ReadFile(path)
		got, err := fs.ReadFile(storyline.Sample, filepath.Base(path))
		if err != nil || string(got) != string(want) {
			t.Errorf("sample %s differs from %s (%v)", filepath.Base(path), path, err)
		}
	}
}

// TestDemoAnywhere runs the demo from a directory without testdata/seeds:
// in this process, and as a binary (the test binary, which carries the
// same embedded sample) in a child process.
func TestDemoAnywhere(t *testing.T) {
	dir := t.TempDir()
	t.Chdir(dir)
	t.Setenv("TMPDIR", dir)
	out, stderr, code := run(t, "demo")
	if code != 0 || !strings.Contains(stderr, "5 ingested") {
		t.Fatalf("demo: exit %d\n%s", code, stderr)
	}
	checkDemoGolden(t, "demo", out)
	if left, _ := os.ReadDir(dir); len(left) != 0 {
		t.Errorf("demo left %v behind", left)
	}
	if testing.Short() {
		return
	}
	cmd := exec.Command(os.Args[0], "demo")
	cmd.Env = append(os.Environ(), "STORYLINE_TEST_MAIN=1")
	cmd.Dir = dir
	b, err := cmd.Output()
	if err != nil {
		t.Fatalf("demo binary: %v", err)
	}
	checkDemoGolden(t, "demo binary", string(b))
}

func TestDemoKeepsOnlyANewDatabase(t *testing.T) {
	dir := t.TempDir()
	kept := filepath.Join(dir, "demo.db")
	if _, stderr, code := run(t, "demo", "--db", kept); code != 0 {
		t.Fatalf("demo --db NEW: exit %d\n%s", code, stderr)
	}
	if out, _, _ := run(t, "list", "--db", kept); strings.Count(out, "\n") != 6 {
		t.Errorf("the kept demo database:\n%s", out)
	}
	// The sample must never be mixed into a user's store.
	user := seededStore(t, t.TempDir())
	before := fileHash(t, user)
	_, stderr, code := run(t, "demo", "--db", user)
	if code != 1 || !strings.Contains(stderr, "exists") {
		t.Errorf("demo --db EXISTING: exit %d, %q", code, stderr)
	}
	if fileHash(t, user) != before {
		t.Error("demo --db EXISTING changed it")
	}
	// An empty file (from mktemp) is new.
	empty := filepath.Join(dir, "empty.db")
	os.WriteFile(empty, nil, 0o644)
	if _, stderr, code := run(t, "demo", "--db", empty); code != 0 {
		t.Errorf("demo --db EMPTY: exit %d\n%s", code, stderr)
	}
}
