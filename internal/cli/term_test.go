package cli

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestTermEscape(t *testing.T) {
	for _, tt := range []struct{ in, want string }{
		{"plain title", "plain title"},
		{"two\nlines\tand a tab", "two\nlines\tand a tab"},
		{"\x1b[2J\x1b]0;pwned\x07Title", `\x1b[2J\x1b]0;pwned\x07Title`},
		{"carriage\rreturn", `carriage\x0dreturn`},
		{"nul\x00", `nul\x00`},
		{"csi \u009b31m", `csi \u009b31m`},
		{"nel \u0085 and del \x7f", `nel \u0085 and del ` + "\x7f"},
		{"invalid \x9b byte", `invalid \x9b byte`},
		{"«Ünïcödé» — “quotes”", "«Ünïcödé» — “quotes”"},
	} {
		if got := termEscape(tt.in); got != tt.want {
			t.Errorf("termEscape(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestTermWriter(t *testing.T) {
	for _, tt := range []struct {
		name   string
		writes []string
		want   string
	}{
		{"escape in one write", []string{"a\x1b[2Jb\n"}, `a\x1b[2Jb` + "\n"},
		// A bufio.Writer or tabwriter may cut a rune in two.
		{"rune split across writes", []string{"caf\xc3", "\xa9 \xe2\x80", "\x9c"}, "café “"},
		{"C1 split across writes", []string{"x\xc2", "\x9by"}, `x\u009by`},
		{"incomplete rune at the end", []string{"x\xe2\x80"}, `x\xe2\x80`},
		{"our own line wipe passes", []string{"error\n", clearLine, "next\n"}, "error\n" + clearLine + "next\n"},
		{"a wipe inside text does not", []string{"a" + clearLine}, `a\x0d\x1b[K`},
	} {
		var b bytes.Buffer
		w := newTermWriter(&b)
		for _, s := range tt.writes {
			if n, err := w.Write([]byte(s)); n != len(s) || err != nil {
				t.Errorf("%s: Write(%q) = %d, %v", tt.name, s, n, err)
			}
		}
		w.Flush()
		if b.String() != tt.want {
			t.Errorf("%s: got %q, want %q", tt.name, b.String(), tt.want)
		}
	}
}

// TestHostileTitleIsEscaped stores an article whose title, outlet and file
// name carry terminal escapes, and checks that no command meant for people
// passes a raw ESC, BEL or C1 character to the terminal.
func TestHostileTitleIsEscaped(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "t.db")
	in := filepath.Join(dir, "evil\x1b]0;pwned\x07.jsonl")
	os.WriteFile(in, []byte(`{"id":"x","title":"\u001b[2J\u001b]0;pwned\u0007Title \u009b31m","outlet":"Evil\u001b[5m Times",`+
		`"text":"\u001b[2J\u001b]0;pwned\u0007Title\n\nA body of text long enough to be an article, and it goes on."}`+"\n"+
		`{not json`+"\n"), 0o644)
	_, stderr, code := run(t, "ingest", "-q", "--db", db, in)
	if code != 1 {
		t.Fatalf("ingest: exit %d, want 1 (one bad line)\n%s", code, stderr)
	}
	if !strings.Contains(stderr, `evil\x1b]0;pwned\x07.jsonl line 2`) {
		t.Errorf("ingest error line does not name the file escaped:\n%q", stderr)
	}
	outputs := map[string]string{"ingest stderr": stderr}
	for _, args := range [][]string{{"list"}, {"show", "1"}, {"events"}, {"storylines"}, {"quotes"}, {"entities"}} {
		stdout, stderr, code := run(t, append(args, "--db", db)...)
		if code != 0 {
			t.Errorf("%v: exit %d\n%s", args, code, stderr)
		}
		outputs[strings.Join(args, " ")] = stdout + stderr
	}
	for _, args := range []string{"list", "show 1"} {
		if !strings.Contains(outputs[args], `\x1b[2J\x1b]0;pwned\x07Title`) {
			t.Errorf("%s does not show the title escaped:\n%q", args, outputs[args])
		}
	}
	for name, out := range outputs {
		if i := strings.IndexAny(out, "\x1b\x07\u009b\r"); i >= 0 {
			t.Errorf("%s writes a raw control character at %d:\n%q", name, i, out)
		}
	}
	// A file name in an error line of Main's.
	_, stderr, _ = run(t, "ner", "--conll", filepath.Join(dir, "no\x1b[2Jsuch"))
	if strings.ContainsRune(stderr, '\x1b') || !strings.Contains(stderr, `no\x1b[2Jsuch`) {
		t.Errorf("ner error line: %q", stderr)
	}
}
