package cluster

import "math"

// MinHash parameters. 63 of the 64 values are cut into 21 bands of 3 rows:
// a pair becomes a candidate with probability 1-(1-J^3)^21, about 0.4 at
// Jaccard 0.3, 0.93 at 0.5 and 0.999 at 0.7, which lets a copy truncated to
// half its length be found while unrelated articles (J < 0.02) almost never
// share a band.
const (
	numHashes   = 64
	bandRows    = 3
	numBands    = 21
	shingleSize = 5
	// maxChain caps how many earlier articles one band bucket yields, so that
	// a flood of copies cannot make Add slow.
	maxChain = 24
)

// hashSeeds are the per-function salts of the 64 MinHash functions.
var hashSeeds = func() [numHashes]uint64 {
	var s [numHashes]uint64
	x := uint64(0x9E3779B97F4A7C15)
	for i := range s {
		x = splitmix(x)
		s[i] = x
	}
	return s
}()

// hashMul are odd multipliers, one per MinHash function.
var hashMul = func() [numHashes]uint64 {
	var m [numHashes]uint64
	x := uint64(0xD1B54A32D192ED03)
	for i := range m {
		x = splitmix(x)
		m[i] = x | 1
	}
	return m
}()

// splitmix is the SplitMix64 finaliser: a fast, well mixed 64-bit hash.
func splitmix(x uint64) uint64 {
	x += 0x9E3779B97F4A7C15
	x = (x ^ x>>30) * 0xBF58476D1CE4E5B9
	x = (x ^ x>>27) * 0x94D049BB133111EB
	return x ^ x>>31
}

// shingles hashes every run of shingleSize consecutive words (all of them
// for a shorter text), deduplicated.
func shingles(words []string) []uint64 {
	if len(words) == 0 {
		return nil
	}
	n := len(words) - shingleSize + 1
	if n < 1 {
		n = 1
	}
	seen := make(map[uint64]struct{}, n)
	out := make([]uint64, 0, n)
	for i := 0; i < n; i++ {
		h := uint64(14695981039346656037)
		end := i + shingleSize
		if end > len(words) {
			end = len(words)
		}
		for _, w := range words[i:end] {
			for k := 0; k < len(w); k++ {
				h ^= uint64(w[k])
				h *= 1099511628211
			}
			h ^= ' '
			h *= 1099511628211
		}
		if _, ok := seen[h]; ok {
			continue
		}
		seen[h] = struct{}{}
		out = append(out, h)
	}
	return out
}

// signature is the MinHash of a shingle set: for each hash function the
// smallest value over the set.
type signature [numHashes]uint32

// minhash computes the signature of a shingle set.
func minhash(sh []uint64) signature {
	var s signature
	for i := range s {
		s[i] = math.MaxUint32
	}
	for _, h := range sh {
		// One strong mix, then a cheap multiply-add per function: the
		// high bits of a*x+b over a well mixed x behave as independent
		// hash functions for MinHash's purpose.
		x := splitmix(h)
		for i := range hashSeeds {
			v := uint32((x*hashMul[i] + hashSeeds[i]) >> 32)
			if v < s[i] {
				s[i] = v
			}
		}
	}
	return s
}

// bandKey is the bucket of band b of a signature.
func (s *signature) bandKey(b int) uint32 {
	h := uint64(b+1) * 0x9E3779B97F4A7C15
	for _, v := range s[b*bandRows : (b+1)*bandRows] {
		h = splitmix(h ^ uint64(v))
	}
	return uint32(h)
}

// compact keeps the low 16 bits of each value (b-bit MinHash): equal values
// stay equal, and unequal ones collide with probability 2^-16, which is
// negligible next to the estimate's own error, at half the memory.
func (s *signature) compact() [numHashes]uint16 {
	var c [numHashes]uint16
	for i, v := range s {
		c[i] = uint16(v)
	}
	return c
}

// jaccard estimates the Jaccard similarity of two compact signatures.
func jaccard(a, b *[numHashes]uint16) float64 {
	m := 0
	for i := range a {
		if a[i] == b[i] {
			m++
		}
	}
	return float64(m) / numHashes
}

// resemblance combines the Jaccard estimate j of two shingle sets of sizes
// na and nb with the containment of the smaller in the larger it implies,
// |A∩B| = j(|A|+|B|)/(1+j).
func resemblance(j float64, na, nb int) (jac, contain float64) {
	if na <= 0 || nb <= 0 {
		return j, 0
	}
	inter := j * float64(na+nb) / (1 + j)
	small := na
	if nb < small {
		small = nb
	}
	contain = inter / float64(small)
	if contain > 1 {
		contain = 1
	}
	return j, contain
}

// lshIndex finds earlier articles sharing a MinHash band. Buckets are chains
// through a per-article array, so an article costs numBands int32s plus its
// bucket heads.
// Heads are kept per band, so that retirement (retire.go) can relink a
// bucket whose latest articles it drops.
type lshIndex struct {
	heads [numBands]map[uint32]int32 // band, band key -> latest article index in that bucket
	next  []int32                    // article*numBands+band -> previous article in the bucket, -1 at the end
}

func newLSH() *lshIndex {
	l := &lshIndex{}
	for b := range l.heads {
		l.heads[b] = map[uint32]int32{}
	}
	return l
}

// candidates returns earlier articles sharing at least one band with s,
// each once, at most maxChain per band.
func (l *lshIndex) candidates(s *signature, seen map[int32]bool) []int32 {
	var out []int32
	for b := 0; b < numBands; b++ {
		i, ok := l.heads[b][s.bandKey(b)]
		for steps := 0; ok && i >= 0 && steps < maxChain; steps++ {
			if !seen[i] {
				seen[i] = true
				out = append(out, i)
			}
			i = l.next[int(i)*numBands+b]
		}
	}
	return out
}

// add records article idx (which must be the next index) under s's bands.
func (l *lshIndex) add(idx int32, s *signature) {
	for b := 0; b < numBands; b++ {
		k := s.bandKey(b)
		prev, ok := l.heads[b][k]
		if !ok {
			prev = -1
		}
		l.heads[b][k] = idx
		l.next = append(l.next, prev)
	}
}

// addEmpty records an article without text: it takes its place in the
// chains but joins no bucket.
func (l *lshIndex) addEmpty() {
	for b := 0; b < numBands; b++ {
		l.next = append(l.next, -1)
	}
}
