package ner

import (
	"bufio"
	"compress/gzip"
	"embed"
	"fmt"
	"hash/crc32"
	"io"
	"io/fs"
	"path"
	"sort"
	"strings"

	"github.com/storyline-news/storyline/internal/analyze/text"
)

//go:embed gazetteer/*.txt.gz
var gazetteerFS embed.FS

// maxGazTokens caps the length of a gazetteer entry in tokens.
const maxGazTokens = 6

// gazetteer finds known names (countries, cities, first names ...) in a
// sentence. Entries are keyed by a hash of their lower-cased tokens, so
// matching allocates nothing.
type gazetteer struct {
	cats     []string          // category names, sorted; bit 4*c+pos in masks
	entries  map[uint64]uint32 // phrase hash -> category bit set
	prefixes map[uint64]bool   // hashes of proper prefixes of entries
	sum      uint32            // checksum of the lists, stored in models
	clusters *clusters         // word clusters (clusters.go), nil when none
}

// phraseStep extends a phrase hash by one token's lower-case hash.
func phraseStep(h, tok uint64) uint64 { return mix(0xfeed, h, tok) }

// loadGazetteer reads every *.txt.gz list of fsys. A file is named
// CATEGORY.SOURCE.txt.gz: lists of one category from several sources (each
// under its own licence) share one feature.
func loadGazetteer(fsys fs.FS, dir string) (*gazetteer, error) {
	names, err := fs.Glob(fsys, path.Join(dir, "*.txt.gz"))
	if err != nil {
		return nil, fmt.Errorf("gazetteer: %w", err)
	}
	sort.Strings(names)
	g := &gazetteer{entries: make(map[uint64]uint32), prefixes: make(map[uint64]bool)}
	catIndex := map[string]int{}
	for _, name := range names {
		cat, _, _ := strings.Cut(path.Base(name), ".")
		if _, ok := catIndex[cat]; !ok {
			catIndex[cat] = len(g.cats)
			g.cats = append(g.cats, cat)
		}
	}
	if len(g.cats) > 16 {
		return nil, fmt.Errorf("gazetteer: %d categories, at most 16 fit the feature masks", len(g.cats))
	}
	sort.Strings(g.cats)
	for i, c := range g.cats {
		catIndex[c] = i
	}
	crc := crc32.NewIEEE()
	fmt.Fprintf(crc, "%q\n", g.cats)
	for _, name := range names {
		cat, _, _ := strings.Cut(path.Base(name), ".")
		fmt.Fprintf(crc, "%s\n", path.Base(name))
		if err := g.addFile(fsys, name, catIndex[cat], crc); err != nil {
			return nil, err
		}
	}
	g.sum = crc.Sum32()
	return g, nil
}

func (g *gazetteer) addFile(fsys fs.FS, name string, c int, crc io.Writer) error {
	f, err := fsys.Open(name)
	if err != nil {
		return fmt.Errorf("gazetteer %s: %w", name, err)
	}
	defer f.Close()
	zr, err := gzip.NewReader(f)
	if err != nil {
		return fmt.Errorf("gazetteer %s: %w", name, err)
	}
	sc := bufio.NewScanner(zr)
	for sc.Scan() {
		line := strings.TrimSpace(sc.Text())
		if line == "" {
			continue
		}
		fmt.Fprintf(crc, "%s\n", line)
		toks := text.Tokens(line)
		if len(toks) == 0 || len(toks) > maxGazTokens {
			continue
		}
		h := uint64(fnvOffset)
		for i, t := range toks {
			h = phraseStep(h, hashWord(normalize(t.Text), true))
			if i < len(toks)-1 {
				g.prefixes[h] = true
			}
		}
		g.entries[h] |= 1 << c
	}
	if err := sc.Err(); err != nil {
		return fmt.Errorf("gazetteer %s: %w", name, err)
	}
	return nil
}

// match returns for each token a bit set of (category, position) pairs of
// the entries covering it; position is 0 begin, 1 inside, 2 last, 3 unit.
// An entry counts only where its first token is capitalised, so that
// common words ("nice", "reading") do not match.
func (g *gazetteer) match(toks []tokInfo) []uint64 {
	out := make([]uint64, len(toks))
	for i := range toks {
		if !capitalised(toks[i].flags) {
			continue
		}
		h := uint64(fnvOffset)
		for j := i; j < len(toks) && j-i < maxGazTokens; j++ {
			h = phraseStep(h, toks[j].l)
			if m, ok := g.entries[h]; ok {
				for c := 0; m != 0; c, m = c+1, m>>1 {
					if m&1 == 0 {
						continue
					}
					base := uint(4 * c)
					if j == i {
						out[i] |= 1 << (base + 3)
						continue
					}
					out[i] |= 1 << base
					for k := i + 1; k < j; k++ {
						out[k] |= 1 << (base + 1)
					}
					out[j] |= 1 << (base + 2)
				}
			}
			if !g.prefixes[h] {
				break
			}
		}
	}
	return out
}
