package ner

import (
	"bytes"
	"compress/gzip"
	"hash/crc32"
	"strings"
	"testing"
)

func TestBuildAndReadClusters(t *testing.T) {
	c := NewClusterCorpus()
	for i := 0; i < 20; i++ {
		c.Add("Anna met Boris in Oslo. Boris met Carla in Lima. Carla met Anna in Riga.")
	}
	var txt bytes.Buffer
	if err := c.BuildClusters(&txt, []int{2, 4}, 3, 5, &bytes.Buffer{}); err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSpace(txt.String()), "\n")
	if len(lines) != 9 || !strings.HasPrefix(lines[0], ".\t") {
		t.Fatalf("cluster file:\n%s", txt.String())
	}
	var gz bytes.Buffer
	zw := gzip.NewWriter(&gz)
	zw.Write(txt.Bytes())
	zw.Close()
	cl := &clusters{ids: map[uint64][maxClusterings]uint16{}}
	if err := cl.read(&gz, "toy", crc32.NewIEEE()); err != nil {
		t.Fatal(err)
	}
	if cl.n != 2 {
		t.Errorf("%d clusterings, want 2", cl.n)
	}
	anna, boris := info("Anna"), info("BORIS")
	a, b := cl.lookup(&anna), cl.lookup(&boris)
	if a[0] == 0 || b[0] != 0 {
		t.Errorf("lookup: Anna %v, BORIS %v (no lower-case entry)", a, b)
	}
	oslo, lima := info("Oslo"), info("Lima")
	if cl.lookup(&oslo) != cl.lookup(&lima) {
		t.Errorf("Oslo %v and Lima %v, in the same contexts, fall in different classes", cl.lookup(&oslo), cl.lookup(&lima))
	}
}
