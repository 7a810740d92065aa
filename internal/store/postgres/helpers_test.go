package postgres

import (
	"encoding/json"
	"testing"
)

func TestIdent(t *testing.T) {
	seen := map[string]string{}
	for _, s := range []string{"", "url:https://x.example/a", "nul\x00", "nul\uFFFD", "bad\xff", "bad\xfe", "bad\uFFFD",
		"\uFFFE", "\uFFFEx", identMark + `"x"`, "x"} {
		id := ident(s)
		if text(id) != id {
			t.Errorf("ident(%q) = %q, which PostgreSQL cannot hold", s, id)
		}
		if back := unident(id); back != s {
			t.Errorf("unident(ident(%q)) = %q", s, back)
		}
		if other, ok := seen[id]; ok {
			t.Errorf("%q and %q are both stored as %q", other, s, id)
		}
		seen[id] = s
	}
}

func TestNoNulEscape(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{`"a"`, `"a"`},
		{`"a\u0000b"`, `"a\ufffdb"`},
		{`"a\\u0000b"`, `"a\\u0000b"`},   // an escaped backslash, then text
		{`"a\\\u0000b"`, `"a\\\ufffdb"`}, // an escaped backslash, then NUL
		{`["\u0000","\u0000"]`, `["\ufffd","\ufffd"]`},
		{`"\u00001"`, `"\ufffd1"`},
	} {
		got := string(noNulEscape([]byte(c.in)))
		if got != c.want {
			t.Errorf("noNulEscape(%s) = %s, want %s", c.in, got, c.want)
		}
		var v any
		if err := json.Unmarshal([]byte(got), &v); err != nil {
			t.Errorf("noNulEscape(%s) = %s: %v", c.in, got, err)
		}
	}
	if got := mustJSON([]string{"x\x00y"}); got != `["x\ufffdy"]` {
		t.Errorf("mustJSON with NUL: %s", got)
	}
}

func TestText(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{"plain", "plain"}, {"ünï", "ünï"}, {"a\x00b", "a\uFFFDb"}, {"a\xffb", "a\uFFFDb"},
	} {
		if got := text(c.in); got != c.want {
			t.Errorf("text(%q) = %q, want %q", c.in, got, c.want)
		}
	}
}
