package cli

import (
	"flag"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
)

func TestSplitArgs(t *testing.T) {
	fs := flag.NewFlagSet("x", flag.ContinueOnError)
	fs.String("db", "", "")
	fs.Bool("q", false, "")
	fs.Int("n", 0, "")
	for _, tt := range []struct {
		args      []string
		flags     []string
		pos       []string
		wantError string
	}{
		{args: []string{"DIR", "--db", "news.db"}, flags: []string{"--db", "news.db"}, pos: []string{"DIR"}},
		{args: []string{"-q", "a", "-n=3", "b", "-q=false"}, flags: []string{"-q", "-n=3", "-q=false"}, pos: []string{"a", "b"}},
		// A boolean flag takes no separate value.
		{args: []string{"-q", "a"}, flags: []string{"-q"}, pos: []string{"a"}},
		// "--" ends the flags; "-" is stdin, an argument.
		{args: []string{"-", "--", "--db", "-q"}, flags: nil, pos: []string{"-", "--db", "-q"}},
		// A flag's value may look like a flag or be "--".
		{args: []string{"--db", "--", "a"}, flags: []string{"--db", "--"}, pos: []string{"a"}},
		{args: []string{"a", "--dbx", "b"}, wantError: "unknown flag --dbx"},
		{args: []string{"a", "--dbx=1"}, wantError: "unknown flag --dbx"},
		{args: []string{"a", "--help"}, wantError: flag.ErrHelp.Error()},
		{args: []string{"a", "--db"}, wantError: "flag needs an argument: --db"},
		// Bad syntax goes on to the flag package, which says so.
		{args: []string{"---x"}, flags: []string{"---x"}},
	} {
		flags, pos, err := splitArgs(fs, tt.args)
		if tt.wantError != "" {
			if err == nil || err.Error() != tt.wantError {
				t.Errorf("splitArgs(%q): error %v, want %q", tt.args, err, tt.wantError)
			}
			continue
		}
		if err != nil || !reflect.DeepEqual(flags, tt.flags) || !reflect.DeepEqual(pos, tt.pos) {
			t.Errorf("splitArgs(%q) = %q, %q, %v; want %q, %q", tt.args, flags, pos, err, tt.flags, tt.pos)
		}
	}
}

// TestFlagsAfterArguments runs commands with their flags after their
// arguments: "ingest DIR --db x" must ingest DIR into x, not read files
// named "--db" and "x" into ./storyline.db.
func TestFlagsAfterArguments(t *testing.T) {
	dir := t.TempDir()
	t.Chdir(dir)
	db := filepath.Join(dir, "news.db")
	seedsAbs := filepath.Join(pkgDir, seeds)
	if _, stderr, code := run(t, "ingest", seedsAbs, "--db", db, "-q"); code != 0 || !strings.Contains(stderr, "5 ingested") {
		t.Fatalf("ingest DIR --db: exit %d\n%s", code, stderr)
	}
	if _, err := os.Stat(filepath.Join(dir, "storyline.db")); err == nil {
		t.Errorf("ingest DIR --db %s wrote ./storyline.db", db)
	}
	for _, tt := range []struct {
		args []string
		want string
	}{
		{[]string{"show", "1", "--db", db}, "Russia Tells U.S. Military"},
		{[]string{"show", "1", "--json", "--db", db}, `"id": 1`},
		{[]string{"list", "--db", db, "-n", "1"}, "Newsweek"},
		{[]string{"entity", "Maria", "--db", db, "Zakharova"}, "Maria Zakharova (PER)"},
		{[]string{"export", "--db", db, "--format", "csv"}, "id,source_id,url"},
		{[]string{"show", "--db", db, "--", "2"}, "Russian Foreign Minister"},
	} {
		out, stderr, code := run(t, tt.args...)
		if code != 0 || !strings.Contains(out, tt.want) {
			t.Errorf("%q: exit %d, stdout lacks %q\n%s%s", tt.args, code, tt.want, out, stderr)
		}
	}
}

// pkgDir is the package directory, where the tests start.
var pkgDir, _ = os.Getwd()

func TestUsageErrorsSayWhatIsWrong(t *testing.T) {
	db := filepath.Join(t.TempDir(), "t.db")
	for _, tt := range []struct {
		args []string
		want string
	}{
		{[]string{"show", "--db", db}, "storyline show: missing article id\n"},
		{[]string{"show", "x", "--db", db}, `storyline show: bad article id "x"`},
		{[]string{"show", "1", "2"}, `storyline show: unexpected argument "2"`},
		{[]string{"show", "1", "--dbx", db}, "storyline show: unknown flag --dbx\n"},
		{[]string{"list", "--db"}, "storyline list: flag needs an argument: --db\n"},
		{[]string{"show", "1", "--db"}, "storyline show: flag needs an argument: --db\n"},
		{[]string{"list", "-n", "many"}, `storyline list: invalid value "many" for flag -n`},
		{[]string{"list", "extra"}, `storyline list: unexpected argument "extra"`},
		{[]string{"entity"}, "storyline entity: missing entity name"},
		{[]string{"export", "--format", "xml"}, `storyline export: unknown format "xml"`},
		{[]string{"ner"}, "storyline ner: missing --conll FILE"},
	} {
		out, stderr, code := run(t, tt.args...)
		if code != 2 || out != "" || !strings.Contains(stderr, tt.want) {
			t.Errorf("%q: exit %d, stderr %q; want exit 2, stderr with %q", tt.args, code, stderr, tt.want)
		}
		if strings.HasPrefix(stderr, "storyline ") && !strings.Contains(stderr, "Run 'storyline "+tt.args[0]+" -h' for help.") {
			t.Errorf("%q: stderr %q does not point to the help", tt.args, stderr)
		}
	}
}

func TestHelpGoesToStdout(t *testing.T) {
	var cases [][]string
	for name := range commands {
		cases = append(cases, []string{name, "-h"}, []string{name, "--help"}, []string{"help", name})
	}
	cases = append(cases, []string{"show", "1", "--db", "x.db", "-h"}, []string{"ingest", "DIR", "--help"})
	for _, args := range cases {
		name := args[0]
		if name == "help" {
			name = args[1]
		}
		out, stderr, code := run(t, args...)
		if code != 0 || !strings.HasPrefix(out, "Usage: storyline "+name) || stderr != "" {
			t.Errorf("%q: exit %d, stderr %q, stdout:\n%s", args, code, stderr, out)
		}
	}
	for _, args := range [][]string{{"-h"}, {"--help"}, {"help"}} {
		out, stderr, code := run(t, args...)
		if code != 0 || !strings.Contains(out, "Commands:") || stderr != "" {
			t.Errorf("%q: exit %d, stderr %q, stdout:\n%s", args, code, stderr, out)
		}
	}
	if out, stderr, code := run(t); code != 2 || out != "" || !strings.Contains(stderr, "Commands:") {
		t.Errorf("no command: exit %d, stdout %q; want the usage on stderr, exit 2", code, out)
	}
}
