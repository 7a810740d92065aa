package migration

import (
	"testing"
	"testing/fstest"
)

func TestSteps(t *testing.T) {
	fsys := fstest.MapFS{
		"migrations/010_b.sql": {Data: []byte("B")},
		"migrations/002_a.sql": {Data: []byte("A")},
		"migrations/notes.txt": {Data: []byte("x")},
	}
	steps, err := Steps(fsys)
	if err != nil || len(steps) != 2 || steps[0] != (Step{2, "002_a.sql", "A"}) || steps[1] != (Step{10, "010_b.sql", "B"}) {
		t.Fatalf("Steps = %+v, %v", steps, err)
	}
	fsys["migrations/x_bad.sql"] = &fstest.MapFile{Data: []byte("C")}
	if _, err := Steps(fsys); err == nil || err.Error() != "migration x_bad.sql: bad name" {
		t.Errorf("bad name: %v", err)
	}
}
