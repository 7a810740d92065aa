// Package migration reads the numbered schema migrations both stores
// embed (migrations/NNN_name.sql); each store applies them its own way.
package migration

import (
	"fmt"
	"io/fs"
	"sort"
	"strconv"
	"strings"
)

// Step is one migration: its number (the schema version it makes), file
// name and SQL.
type Step struct {
	N    int
	Name string
	SQL  string
}

// Steps reads the migrations/*.sql files of fsys, in name order; a name
// that does not start with a number is an error.
func Steps(fsys fs.FS) ([]Step, error) {
	names, err := fs.Glob(fsys, "migrations/*.sql")
	if err != nil {
		return nil, err
	}
	sort.Strings(names)
	out := make([]Step, 0, len(names))
	for _, name := range names {
		base := strings.TrimPrefix(name, "migrations/")
		n, err := strconv.Atoi(strings.SplitN(base, "_", 2)[0])
		if err != nil {
			return nil, fmt.Errorf("migration %s: bad name", base)
		}
		body, err := fs.ReadFile(fsys, name)
		if err != nil {
			return nil, err
		}
		out = append(out, Step{N: n, Name: base, SQL: string(body)})
	}
	return out, nil
}
