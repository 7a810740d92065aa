package ner

import (
	"bufio"
	"compress/gzip"
	"embed"
	"fmt"
	"hash/crc32"
	"io"
	"io/fs"
	"os"
	"path"
	"strconv"
	"strings"
)

// Word clusters learned from unlabelled news text (clusters/README.md) give
// words the tagger never saw labelled the features of the words they are
// distributed like: a new surname shares a class with the surnames of the
// training data.

//go:embed clusters
var clusterFS embed.FS

// maxClusterings is how many clusterings (class counts) a file may hold.
const maxClusterings = 4

// clusters maps a word's hash (hashWord(form, false)) to its class in each
// clustering, stored as class+1 so that 0 means unknown.
type clusters struct {
	n   int
	ids map[uint64][maxClusterings]uint16
}

// lookup returns the classes of a token, trying its exact form and then its
// lower case.
func (c *clusters) lookup(t *tokInfo) [maxClusterings]uint16 {
	if v, ok := c.ids[t.w]; ok {
		return v
	}
	return c.ids[t.l]
}

// loadClusters reads every *.txt.gz file of dir in fsys: lines of
// "word<TAB>class<TAB>class...". It returns nil when there is none.
func loadClusters(fsys fs.FS, dir string, crc io.Writer) (*clusters, error) {
	names, err := fs.Glob(fsys, path.Join(dir, "*.txt.gz"))
	if err != nil || len(names) == 0 {
		return nil, err
	}
	c := &clusters{ids: map[uint64][maxClusterings]uint16{}}
	for _, name := range names {
		f, err := fsys.Open(name)
		if err != nil {
			return nil, fmt.Errorf("clusters %s: %w", name, err)
		}
		err = c.read(f, name, crc)
		f.Close()
		if err != nil {
			return nil, err
		}
	}
	return c, nil
}

func (c *clusters) read(r io.Reader, name string, crc io.Writer) error {
	zr, err := gzip.NewReader(r)
	if err != nil {
		return fmt.Errorf("clusters %s: %w", name, err)
	}
	fmt.Fprintf(crc, "clusters %s\n", path.Base(name))
	sc := bufio.NewScanner(zr)
	for line := 1; sc.Scan(); line++ {
		fmt.Fprintf(crc, "%s\n", sc.Text())
		f := strings.Split(sc.Text(), "\t")
		if len(f) < 2 || len(f) > maxClusterings+1 {
			return fmt.Errorf("clusters %s line %d: want a word and 1 to %d classes", name, line, maxClusterings)
		}
		if c.n == 0 {
			c.n = len(f) - 1
		} else if c.n != len(f)-1 {
			return fmt.Errorf("clusters %s line %d: %d classes, want %d", name, line, len(f)-1, c.n)
		}
		var v [maxClusterings]uint16
		for i, s := range f[1:] {
			x, err := strconv.ParseUint(s, 10, 16)
			if err != nil || x >= 1<<16-1 {
				return fmt.Errorf("clusters %s line %d: bad class %q", name, line, s)
			}
			v[i] = uint16(x + 1)
		}
		c.ids[hashWord(f[0], false)] = v
	}
	if err := sc.Err(); err != nil {
		return fmt.Errorf("clusters %s: %w", name, err)
	}
	return nil
}

// clusterOverride, when set by UseClusterFile, replaces the embedded
// clusters.
var clusterOverride string

// UseClusterFile makes the models trained and loaded by this process use
// the cluster file at path (gzipped) instead of the embedded one, or none
// when path is "-". It is for trying clusterings with cmd/trainner and must
// be called before any model is trained or loaded.
func UseClusterFile(path string) { clusterOverride = path }

// attachClusters loads the clusters into g and folds their checksum into
// g.sum, so that a model trained with other clusters does not load.
func attachClusters(g *gazetteer) error {
	crc := crc32.NewIEEE()
	var c *clusters
	var err error
	switch clusterOverride {
	case "":
		c, err = loadClusters(clusterFS, "clusters", crc)
	case "-":
	default:
		f, ferr := os.Open(clusterOverride)
		if ferr != nil {
			return ferr
		}
		c = &clusters{ids: map[uint64][maxClusterings]uint16{}}
		err = c.read(f, clusterOverride, crc)
		f.Close()
	}
	if err != nil || c == nil {
		return err
	}
	g.clusters = c
	fmt.Fprintf(crc, "%08x", g.sum)
	g.sum = crc.Sum32()
	return nil
}
