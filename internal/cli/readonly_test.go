package cli

import (
	"bytes"
	"crypto/sha256"
	"database/sql"
	"errors"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"

	"github.com/storyline-news/storyline/internal/store/sqlite"
)

// readCommands are the read-only commands, with arguments that find
// something in the seeds' store.
var readCommands = [][]string{
	{"list"}, {"show", "1"}, {"export"}, {"export", "--format", "csv"}, {"entities"}, {"entity", "Zakharova"},
	{"quotes"}, {"events"}, {"storylines"}, {"storyline", "1"},
}

// seededStore ingests the seeds into dir/t.db.
func seededStore(t *testing.T, dir string) string {
	t.Helper()
	db := filepath.Join(dir, "t.db")
	if _, stderr, code := run(t, "ingest", "-q", "--db", db, filepath.Join(pkgDir, seeds)); code != 0 {
		t.Fatal(stderr)
	}
	return db
}

// lockDown makes db read-only (444) in a read-only directory (555), until
// the test ends.
func lockDown(t *testing.T, db string) {
	t.Helper()
	dir := filepath.Dir(db)
	os.Chmod(db, 0o444)
	os.Chmod(dir, 0o555)
	t.Cleanup(func() { os.Chmod(dir, 0o755); os.Chmod(db, 0o644) })
}

func fileHash(t *testing.T, path string) [32]byte {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return sha256.Sum256(b)
}

// TestReadCommandsOnReadOnlyStore runs every read-only command on a 444
// store in a 555 directory. Run as root, the modes stop nothing, so the
// test also checks that the file is left byte for byte as it was; the
// refusal of writes is TestOpenReadOnlyRefusesWrites's, and the non-root
// case TestReadOnlyAsAnotherUser's.
func TestReadCommandsOnReadOnlyStore(t *testing.T) {
	db := seededStore(t, t.TempDir())
	before := fileHash(t, db)
	lockDown(t, db)
	for _, args := range readCommands {
		out, stderr, code := run(t, append(args, "--db", db)...)
		if code != 0 || out == "" {
			t.Errorf("%v on a read-only store: exit %d\n%s", args, code, stderr)
		}
	}
	if fileHash(t, db) != before {
		t.Errorf("read-only commands changed %s", db)
	}
}

func TestOpenReadOnlyRefusesWrites(t *testing.T) {
	db := seededStore(t, t.TempDir())
	st, err := sqlite.OpenReadOnly(db)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	var n int
	if err := st.DB().QueryRow("SELECT count(*) FROM articles").Scan(&n); err != nil || n != 5 {
		t.Fatalf("read: %d articles, %v", n, err)
	}
	for _, stmt := range []string{
		"CREATE TABLE t (x)",
		"DELETE FROM articles",
		"PRAGMA query_only = 0; DELETE FROM articles", // mode=ro holds without query_only
		"PRAGMA user_version = 99",
	} {
		if _, err := st.DB().Exec(stmt); err == nil {
			t.Errorf("%q through a read-only store: no error", stmt)
		}
	}
	if err := st.DB().QueryRow("SELECT count(*) FROM articles").Scan(&n); err != nil || n != 5 {
		t.Errorf("after the refused writes: %d articles, %v", n, err)
	}
	if _, err := sqlite.OpenReadOnly(filepath.Join(t.TempDir(), "missing.db")); err == nil {
		t.Error("OpenReadOnly created a missing database")
	}
}

// TestOldSchemaNeedsMigrate opens a store made by an older storyline (only
// the first migration applied): the read commands refuse it and say to run
// migrate, which brings it up to date.
func TestOldSchemaNeedsMigrate(t *testing.T) {
	db := filepath.Join(t.TempDir(), "old.db")
	init, err := os.ReadFile("../store/sqlite/migrations/001_init.sql")
	if err != nil {
		t.Fatal(err)
	}
	sdb, err := sql.Open("sqlite", db)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := sdb.Exec(string(init) + ";PRAGMA user_version = 1"); err != nil {
		t.Fatal(err)
	}
	sdb.Close()
	if _, err := sqlite.OpenReadOnly(db); !errors.Is(err, sqlite.ErrOldSchema) {
		t.Errorf("OpenReadOnly of schema 1: %v, want ErrOldSchema", err)
	}
	_, stderr, code := run(t, "list", "--db", db)
	if code != 1 || !strings.Contains(stderr, "storyline migrate --db "+db) {
		t.Errorf("list on schema 1: exit %d, %q", code, stderr)
	}
	if _, stderr, code := run(t, "migrate", "--db", db); code != 0 {
		t.Fatalf("migrate: exit %d, %s", code, stderr)
	}
	if _, stderr, code := run(t, "list", "--db", db); code != 0 {
		t.Errorf("list after migrate: exit %d, %s", code, stderr)
	}
	if _, stderr, code := run(t, "migrate", "--db", db+".typo"); code != 1 || !strings.Contains(stderr, "no database at") {
		t.Errorf("migrate of a missing database: exit %d, %s", code, stderr)
	}
}

// TestReadOnlyAsAnotherUser runs the read commands where the modes bite: as
// this user if it is not root, else in a child process as nobody (the test
// binary, copied where nobody can run it).
func TestReadOnlyAsAnotherUser(t *testing.T) {
	if testing.Short() {
		t.Skip("copies the test binary")
	}
	if os.Geteuid() != 0 {
		db := seededStore(t, t.TempDir())
		lockDown(t, db)
		for _, args := range readCommands {
			if _, stderr, code := run(t, append(args, "--db", db)...); code != 0 {
				t.Errorf("%v on a read-only store: exit %d\n%s", args, code, stderr)
			}
		}
		return
	}
	// t.TempDir's parent is private to root.
	dir, err := os.MkdirTemp("", "storyline-ro")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.RemoveAll(dir) })
	os.Chmod(dir, 0o755)
	bin := filepath.Join(dir, "storyline.test")
	if err := copyFile(os.Args[0], bin); err != nil {
		t.Fatal(err)
	}
	os.Chmod(bin, 0o755)
	store := filepath.Join(dir, "store")
	os.Mkdir(store, 0o755)
	db := seededStore(t, store)
	lockDown(t, db)
	const nobody = 65534
	for _, args := range readCommands {
		cmd := exec.Command(bin, append(args, "--db", db)...)
		cmd.Env = append(os.Environ(), "STORYLINE_TEST_MAIN=1")
		cmd.Dir = dir
		cmd.SysProcAttr = &syscall.SysProcAttr{Credential: &syscall.Credential{Uid: nobody, Gid: nobody}}
		var stderr bytes.Buffer
		cmd.Stderr = &stderr
		if err := cmd.Run(); err != nil {
			if _, ok := err.(*exec.ExitError); !ok {
				t.Skipf("cannot run as nobody: %v", err)
			}
			// A command that opens with openExisting rather than
			// openReadOnly fails here: "attempt to write a readonly database".
			t.Errorf("%v as nobody on a read-only store: %v\n%s", args, err, stderr.String())
		}
	}
	if _, err := os.Stat(db + "-shm"); err == nil {
		t.Errorf("a reader created %s-shm in a read-only directory", db)
	}
}

func copyFile(from, to string) error {
	in, err := os.Open(from)
	if err != nil {
		return err
	}
	defer in.Close()
	out, err := os.Create(to)
	if err != nil {
		return err
	}
	if _, err := io.Copy(out, in); err != nil {
		out.Close()
		return err
	}
	return out.Close()
}
