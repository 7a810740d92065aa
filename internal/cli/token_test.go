package cli

import (
	"context"
	"encoding/base64"
	"path/filepath"
	"strings"
	"testing"

	"github.com/storyline-news/storyline/internal/api"
	"github.com/storyline-news/storyline/internal/store/sqlite"
)

// TestToken: create prints a token once and stores its hash, which the API
// accepts; list names it; revoke deletes it.
func TestToken(t *testing.T) {
	db := filepath.Join(t.TempDir(), "t.db")
	out, stderr, code := run(t, "token", "create", "ci", "--db", db)
	token := strings.TrimSpace(out)
	if raw, err := base64.RawURLEncoding.DecodeString(token); code != 0 || err != nil || len(raw) != 32 {
		t.Fatalf("create: exit %d, stdout %q, stderr %q", code, out, stderr)
	}
	if _, stderr, code := run(t, "token", "create", "ci", "--db", db); code != 1 || !strings.Contains(stderr, "exists") {
		t.Errorf("create ci again: exit %d, %s", code, stderr)
	}
	st, err := sqlite.OpenReadOnly(db)
	if err != nil {
		t.Fatal(err)
	}
	name, err := st.CheckToken(context.Background(), api.HashToken(token))
	st.Close()
	if err != nil || name != "ci" {
		t.Errorf("stored token: %q, %v", name, err)
	}
	if out, _, code := run(t, "token", "list", "--db", db); code != 0 || !strings.Contains(out, "ci ") || strings.Contains(out, token) {
		t.Errorf("list: exit %d\n%s", code, out)
	}
	if _, stderr, code := run(t, "token", "revoke", "ci", "--db", db); code != 0 {
		t.Errorf("revoke: exit %d, %s", code, stderr)
	}
	if _, stderr, code := run(t, "token", "revoke", "ci", "--db", db); code != 1 || !strings.Contains(stderr, `no token named "ci"`) {
		t.Errorf("revoke twice: exit %d, %s", code, stderr)
	}
	for _, args := range [][]string{{"token"}, {"token", "make", "x"}, {"token", "create"}, {"token", "list", "x"}} {
		if _, stderr, code := run(t, append(args, "--db", db)...); code != 2 || !strings.Contains(stderr, "storyline token: ") {
			t.Errorf("%q: exit %d, %s", args, code, stderr)
		}
	}
}
