package cli

import (
	"flag"
	"strings"
)

// sub is a subcommand and the number of arguments it takes; what names
// the argument in "missing …" errors.
type sub struct {
	name string
	args int
	what string
}

// subcommand reads fs's arguments as one of subs and its arguments, or
// says what is wrong as a usage error.
func subcommand(fs *flag.FlagSet, subs []sub) (string, []string, error) {
	names := make([]string, len(subs))
	for i, s := range subs {
		names[i] = s.name
	}
	list := strings.Join(names[:len(names)-1], ", ") + " or " + names[len(names)-1]
	name, rest := fs.Arg(0), fs.Args()
	if len(rest) > 0 {
		rest = rest[1:]
	}
	if name == "" {
		return "", nil, usageErrorf("missing subcommand: %s", list)
	}
	for _, s := range subs {
		if s.name != name {
			continue
		}
		switch {
		case len(rest) < s.args:
			return "", nil, usageErrorf("%s: missing %s", name, s.what)
		case len(rest) > s.args:
			return "", nil, usageErrorf("%s: unexpected argument %q", name, rest[s.args])
		}
		return name, rest, nil
	}
	return "", nil, usageErrorf("unknown subcommand %q (want %s)", name, list)
}
