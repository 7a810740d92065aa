// Package storyline holds what the storyline binary carries besides code:
// the sample articles of "storyline demo".
package storyline

import (
	"embed"
	"io/fs"
)

//go:embed testdata/seeds/*
var seeds embed.FS

// Sample is the bundled sample: five real articles of one news story, the
// files of testdata/seeds at the top of the FS. "storyline demo" ingests
// them from the binary, so it runs from any directory; the tests that read
// testdata/seeds from disk read the same files.
var Sample fs.FS = mustSub(seeds, "testdata/seeds")

func mustSub(f fs.FS, dir string) fs.FS {
	sub, err := fs.Sub(f, dir)
	if err != nil {
		panic(err) // dir is a constant embedded above
	}
	return sub
}
