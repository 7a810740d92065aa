// Package cli implements the storyline subcommands, one file each.
package cli

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"sort"
	"strings"
	"sync"
	"syscall"

	"github.com/storyline-news/storyline/internal/store"
	"github.com/storyline-news/storyline/internal/store/postgres"
	"github.com/storyline-news/storyline/internal/store/sqlite"
)

// env is what a subcommand may touch.
type env struct {
	ctx    context.Context
	stdin  io.Reader
	stdout io.Writer
	stderr io.Writer
}

type command struct {
	summary string
	run     func(e *env, args []string) error
}

var commands = map[string]command{}

func register(name, summary string, run func(e *env, args []string) error) {
	commands[name] = command{summary, run}
}

// errUsage marks a usage error that has already been reported (by
// fs.Usage); usageErrorf makes one that Main reports.
var errUsage = errors.New("usage")

// usageError is a usage error with what is wrong: Main prints it with a
// pointer to the command's help, and exits 2.
type usageError struct{ msg string }

func (e usageError) Error() string { return e.msg }

// usageErrorf returns a usage error saying what is wrong with the command
// line, such as "missing article id".
func usageErrorf(format string, args ...any) error {
	return usageError{fmt.Sprintf(format, args...)}
}

// exitError carries an exit status without more output.
type exitError int

func (e exitError) Error() string { return fmt.Sprintf("exit status %d", int(e)) }

// rawOutput names the commands whose standard output is data for programs,
// written as is (export neutralises CSV formulas itself). Every other
// command's output, and every command's standard error, is passed through
// a termWriter, since it prints text taken from articles and file names.
var rawOutput = map[string]bool{"export": true, "ner": true}

// isHelp reports whether arg asks for help.
func isHelp(arg string) bool {
	switch arg {
	case "-h", "-help", "--h", "--help":
		return true
	}
	return false
}

// Main runs the storyline command line and returns the exit status.
func Main(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	errw := newTermWriter(stderr)
	defer errw.Flush()
	if len(args) == 0 {
		usage(errw)
		return 2
	}
	if isHelp(args[0]) || args[0] == "help" {
		if len(args) > 1 && args[0] == "help" {
			// "storyline help CMD" is "storyline CMD -h".
			return Main([]string{args[1], "-h"}, stdin, stdout, stderr)
		}
		usage(stdout)
		return 0
	}
	cmd, ok := commands[args[0]]
	if !ok {
		fmt.Fprintf(errw, "storyline: unknown command %q\n\n", args[0])
		usage(errw)
		return 2
	}
	out := stdout
	if !rawOutput[args[0]] {
		tw := newTermWriter(stdout)
		defer tw.Flush()
		out = tw
	}
	e := &env{stdin: stdin, stdout: out, stderr: errw}
	if len(args) > 1 && isHelp(args[1]) {
		// Help asked for is the output, not a complaint: commands that
		// print it themselves (bench) print it to stderr.
		e.stderr = newTermWriter(stdout)
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	e.ctx = ctx
	for _, name := range []string{"STORYLINE_CLUSTER_SET", "STORYLINE_CLUSTER_MODEL", "STORYLINE_CLUSTER_FEATURES"} {
		if v := os.Getenv(name); v != "" && placingCommands[args[0]] {
			// The evaluation scripts' overrides: a stale one would place
			// articles unlike the defaults without a word.
			fmt.Fprintf(errw, "storyline: %s=%s is set (clusterer evaluation)\n", name, v)
		}
	}
	err := cmd.run(e, args[1:])
	var code exitError
	var ue usageError
	switch {
	case err == nil:
		return 0
	case errors.Is(err, flag.ErrHelp):
		return 0
	case errors.Is(err, errUsage):
		return 2
	case errors.As(err, &ue):
		fmt.Fprintf(errw, "storyline %s: %s\nRun 'storyline %s -h' for help.\n", args[0], ue.msg, args[0])
		return 2
	case errors.As(err, &code):
		return int(code)
	}
	fmt.Fprintf(errw, "storyline %s: %v\n", args[0], err)
	return 1
}

func usage(w io.Writer) {
	fmt.Fprintln(w, "Storyline follows the news as stories, not as a pile of links.")
	fmt.Fprintln(w, "\nUsage: storyline COMMAND [flags] [args]\n\nCommands:")
	names := make([]string, 0, len(commands))
	for n := range commands {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		fmt.Fprintf(w, "  %-11s %s\n", n, commands[n].summary)
	}
	fmt.Fprintln(w, "\nRun 'storyline COMMAND -h' for a command's flags. Flags may come before or")
	fmt.Fprintln(w, "after the arguments; \"--\" ends them.")
	fmt.Fprintln(w, "The database is --db PATH (a SQLite file) or --db postgres://... (a")
	fmt.Fprintln(w, "PostgreSQL database), else $STORYLINE_DB, else ./storyline.db.")
}

// helpOut holds, for each FlagSet made by flags, where help asked for with
// -h goes (the command's stdout); fs.Usage itself writes to fs.Output(),
// stderr, as after a usage error.
var helpOut sync.Map // *flag.FlagSet -> io.Writer

// flags makes a FlagSet whose -h prints the command's synopsis and flags.
func flags(e *env, name, synopsis, about string) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(e.stderr)
	fs.Usage = func() {
		w := fs.Output()
		fmt.Fprintf(w, "Usage: storyline %s %s\n\n%s\n", name, synopsis, strings.TrimSpace(about))
		var any bool
		fs.VisitAll(func(*flag.Flag) { any = true })
		if any {
			fmt.Fprintln(w, "\nFlags:")
			fs.PrintDefaults()
		}
	}
	helpOut.Store(fs, e.stdout)
	return fs
}

// parse parses args, flags and positional arguments in any order ("--"
// ends the flags), so that "ingest DIR --db x.db" means what it says; the
// positional arguments are then fs.Args(). -h prints the command's help to
// stdout and returns flag.ErrHelp; a bad flag returns a usageError.
func parse(fs *flag.FlagSet, args []string) error {
	flagArgs, pos, err := splitArgs(fs, args)
	if err != nil {
		if errors.Is(err, flag.ErrHelp) {
			printHelp(fs)
		}
		return err
	}
	// The flag package would print its own message and the whole usage on
	// an error; ours is one line, printed by Main.
	out, usage := fs.Output(), fs.Usage
	fs.SetOutput(io.Discard)
	fs.Usage = func() {}
	err = fs.Parse(append(append(flagArgs, "--"), pos...))
	fs.SetOutput(out)
	fs.Usage = usage
	switch {
	case errors.Is(err, flag.ErrHelp):
		printHelp(fs)
		return err
	case err != nil:
		return usageErrorf("%v", err)
	}
	return nil
}

// printHelp prints fs's usage where help asked for goes.
func printHelp(fs *flag.FlagSet) {
	out := fs.Output()
	if w, ok := helpOut.Load(fs); ok {
		fs.SetOutput(w.(io.Writer))
		defer fs.SetOutput(out)
	}
	fs.Usage()
}

// splitArgs separates flags (with their values) from positional arguments.
// A flag's value is the next argument unless the flag is boolean or written
// -name=value, as the flag package has it.
func splitArgs(fs *flag.FlagSet, args []string) (flagArgs, pos []string, err error) {
	for i := 0; i < len(args); i++ {
		a := args[i]
		if a == "--" {
			return flagArgs, append(pos, args[i+1:]...), nil
		}
		if len(a) < 2 || a[0] != '-' {
			pos = append(pos, a)
			continue
		}
		flagArgs = append(flagArgs, a)
		name := strings.TrimPrefix(a[1:], "-")
		if name == "" || name[0] == '-' || name[0] == '=' {
			continue // bad syntax: fs.Parse says so
		}
		name, _, hasValue := strings.Cut(name, "=")
		f := fs.Lookup(name)
		if f == nil {
			if isHelp(a) {
				return nil, nil, flag.ErrHelp
			}
			spelled, _, _ := strings.Cut(a, "=")
			return nil, nil, usageErrorf("unknown flag %s", spelled)
		}
		if b, ok := f.Value.(interface{ IsBoolFlag() bool }); hasValue || (ok && b.IsBoolFlag()) {
			continue
		}
		if i+1 == len(args) {
			return nil, nil, usageErrorf("flag needs an argument: %s", a)
		}
		i++
		flagArgs = append(flagArgs, args[i])
	}
	return flagArgs, pos, nil
}

// noArgs is a usage error if a command that takes no arguments got some.
func noArgs(fs *flag.FlagSet) error {
	if fs.NArg() > 0 {
		return usageErrorf("unexpected argument %q", fs.Arg(0))
	}
	return nil
}

func dbFlag(fs *flag.FlagSet) *string {
	def := os.Getenv("STORYLINE_DB")
	if def == "" {
		def = "storyline.db"
	}
	db := fs.String("db", def, "SQLite database `file` or PostgreSQL URL (env STORYLINE_DB)")
	// -h shows the default without the password a URL in the environment
	// may hold.
	fs.Lookup("db").DefValue = dbName(def)
	return db
}

// openStore opens the store db names, creating it if need be: a SQLite
// file, or a PostgreSQL database by its postgres:// URL (whose schema is
// brought up to date).
func openStore(ctx context.Context, db string) (store.Full, error) {
	if postgres.IsURL(db) {
		return openPostgres(ctx, db)
	}
	return sqlite.Open(db)
}

// openPostgres opens the PostgreSQL database at url; its errors name the
// URL without its password.
func openPostgres(ctx context.Context, url string) (store.Full, error) {
	s, err := postgres.Open(ctx, url)
	if err != nil {
		return nil, err
	}
	return s, nil
}

// openExisting opens the store of a command that revises what is stored: a
// mistyped --db must not create an empty database and answer that it holds
// nothing. A PostgreSQL database must exist (the server says so when it
// does not); its schema is brought up to date.
func openExisting(ctx context.Context, db string) (store.Full, error) {
	if err := mustExist(db); err != nil {
		return nil, err
	}
	return openStore(ctx, db)
}

// openReadOnly opens the store of a command that only reads it: it works on
// a file the user may not write (a shared or archived store), and cannot
// change it by mistake. A PostgreSQL database is opened as for writing:
// what the command may do there is the role's privileges' business.
func openReadOnly(ctx context.Context, db string) (store.Full, error) {
	if err := mustExist(db); err != nil {
		return nil, err
	}
	if postgres.IsURL(db) {
		return openPostgres(ctx, db)
	}
	return sqlite.OpenReadOnly(db)
}

// mustExist says when the SQLite file db names is missing; a PostgreSQL
// URL passes (the server answers for it).
func mustExist(db string) error {
	if postgres.IsURL(db) {
		return nil
	}
	if _, err := os.Stat(db); errors.Is(err, os.ErrNotExist) {
		return fmt.Errorf("no database at %s (storyline ingest --db %s PATH... creates it)", db, db)
	}
	return nil
}

// dbName is db as messages may show it: a PostgreSQL URL without its
// password.
func dbName(db string) string {
	if postgres.IsURL(db) {
		return postgres.Redact(db)
	}
	return db
}

// placingCommands are the commands that place articles in events.
var placingCommands = map[string]bool{"ingest": true, "reprocess": true, "follow": true, "serve": true, "bench": true}

// readOnlyCommands are the commands that only read the store.
var readOnlyCommands = map[string]bool{
	"list": true, "show": true, "export": true, "entities": true, "entity": true, "quotes": true,
	"events": true, "storylines": true, "storyline": true,
}

// parseAndOpen parses the flags of a command that takes no arguments and
// opens the existing store its --db names: read-only for the commands in
// readOnlyCommands (by fs.Name()), read-write for the others.
func parseAndOpen(ctx context.Context, fs *flag.FlagSet, args []string, db *string) (store.Full, error) {
	if err := parse(fs, args); err != nil {
		return nil, err
	}
	if err := noArgs(fs); err != nil {
		return nil, err
	}
	if readOnlyCommands[fs.Name()] {
		return openReadOnly(ctx, *db)
	}
	return openExisting(ctx, *db)
}
