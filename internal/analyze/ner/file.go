package ner

import (
	"bufio"
	"bytes"
	"compress/gzip"
	_ "embed"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"sort"
	"sync"
)

// The model file is gzip-compressed: a magic line, a JSON header, then one
// or two weight sections (the first-pass model, then the model that uses
// its predictions). A section holds the transition scores as float32, the
// scale of the int16 weights, and the feature rows sorted by hash with
// delta-encoded hashes, so that it compresses well.

const magic = "storyline-ner 1\n"

// maxModelRows bounds what Load accepts, so a corrupt file cannot make it
// allocate without limit.
const maxModelRows = 1 << 22

type header struct {
	Gazetteer    []string `json:"gazetteer"`
	GazetteerSum uint32   `json:"gazetteer_sum"`
	Tags         []string `json:"tags"`
	TwoPass      bool     `json:"two_pass"`
	Meta         Meta     `json:"meta"`
}

//go:embed model/model.bin.gz
var embedded []byte

var (
	defaultOnce  sync.Once
	defaultModel *Model
	defaultErr   error
)

// Default returns the model embedded in the binary, loading it on first
// use.
func Default() (*Model, error) {
	defaultOnce.Do(func() {
		defaultModel, defaultErr = Load(bytes.NewReader(embedded))
		if defaultErr != nil {
			defaultErr = fmt.Errorf("ner: embedded model: %w", defaultErr)
		}
	})
	return defaultModel, defaultErr
}

// Save writes m in the compressed model format.
func (m *Model) Save(w io.Writer) error {
	zw, err := gzip.NewWriterLevel(w, gzip.BestCompression)
	if err != nil {
		return fmt.Errorf("ner save: %w", err)
	}
	bw := bufio.NewWriter(zw)
	h := header{Tags: m.sch.names, TwoPass: m.first != nil, Meta: m.Meta}
	if m.gaz != nil {
		h.Gazetteer, h.GazetteerSum = m.gaz.cats, m.gaz.sum
	}
	hj, err := json.Marshal(h)
	if err != nil {
		return fmt.Errorf("ner save: %w", err)
	}
	bw.WriteString(magic)
	writeUvarint(bw, uint64(len(hj)))
	bw.Write(hj)
	if m.first != nil {
		m.first.writeSection(bw)
	}
	m.writeSection(bw)
	if err := bw.Flush(); err != nil {
		return fmt.Errorf("ner save: %w", err)
	}
	if err := zw.Close(); err != nil {
		return fmt.Errorf("ner save: %w", err)
	}
	return nil
}

func writeUvarint(w *bufio.Writer, x uint64) {
	var b [binary.MaxVarintLen64]byte
	w.Write(b[:binary.PutUvarint(b[:], x)])
}

func (m *Model) writeSection(w *bufio.Writer) {
	var b [4]byte
	for _, x := range m.trans {
		binary.LittleEndian.PutUint32(b[:], math.Float32bits(x))
		w.Write(b[:])
	}
	binary.LittleEndian.PutUint32(b[:], math.Float32bits(m.tab.scale))
	w.Write(b[:])
	// Rows sorted by hash; the hash deltas first, then the weights column
	// by column (one tag's weights together compress better).
	type kr struct {
		h   uint64
		row int32
	}
	var all []kr
	for _, sl := range m.tab.slots {
		if sl.key != 0 {
			all = append(all, kr{sl.key, sl.row})
		}
	}
	sort.Slice(all, func(i, j int) bool { return all[i].h < all[j].h })
	writeUvarint(w, uint64(len(all)))
	prev := uint64(0)
	for _, e := range all {
		writeUvarint(w, e.h-prev)
		prev = e.h
	}
	for j := 0; j < m.k; j++ {
		for _, e := range all {
			var vb [binary.MaxVarintLen64]byte
			w.Write(vb[:binary.PutVarint(vb[:], int64(m.tab.rows[int(e.row)*m.k+j]))])
		}
	}
}

// Load reads a model written by Save. The gazetteer it was trained with
// must be the one embedded in this binary.
func Load(r io.Reader) (*Model, error) {
	zr, err := gzip.NewReader(r)
	if err != nil {
		return nil, fmt.Errorf("ner load: %w", err)
	}
	br := bufio.NewReader(zr)
	mg := make([]byte, len(magic))
	if _, err := io.ReadFull(br, mg); err != nil || string(mg) != magic {
		return nil, errors.New("ner load: not a storyline NER model")
	}
	hl, err := binary.ReadUvarint(br)
	if err != nil || hl > 1<<20 {
		return nil, fmt.Errorf("ner load: bad header length")
	}
	hj := make([]byte, hl)
	if _, err := io.ReadFull(br, hj); err != nil {
		return nil, fmt.Errorf("ner load: header: %w", err)
	}
	var h header
	if err := json.Unmarshal(hj, &h); err != nil {
		return nil, fmt.Errorf("ner load: header: %w", err)
	}
	sch := newScheme(true)
	if fmt.Sprint(h.Tags) != fmt.Sprint(sch.names) {
		return nil, fmt.Errorf("ner load: tag set %v, want %v", h.Tags, sch.names)
	}
	g, err := sharedGazetteer()
	if err != nil {
		return nil, err
	}
	if h.GazetteerSum != g.sum {
		return nil, fmt.Errorf("ner load: the model was trained with another gazetteer (checksum %08x, have %08x); retrain it", h.GazetteerSum, g.sum)
	}
	m, err := readSection(br, sch)
	if err != nil {
		return nil, err
	}
	m.gaz = g
	if h.TwoPass {
		second, err := readSection(br, sch)
		if err != nil {
			return nil, err
		}
		second.gaz = g
		second.first = m
		m = second
	}
	m.Meta = h.Meta
	return m, nil
}

func readSection(br *bufio.Reader, sch *scheme) (*Model, error) {
	k := len(sch.names)
	m := &Model{sch: sch, k: k, trans: make([]float32, (k+1)*k)}
	var b [4]byte
	for i := range m.trans {
		if _, err := io.ReadFull(br, b[:]); err != nil {
			return nil, fmt.Errorf("ner load: transitions: %w", err)
		}
		m.trans[i] = math.Float32frombits(binary.LittleEndian.Uint32(b[:]))
	}
	if _, err := io.ReadFull(br, b[:]); err != nil {
		return nil, fmt.Errorf("ner load: scale: %w", err)
	}
	scale := math.Float32frombits(binary.LittleEndian.Uint32(b[:]))
	n, err := binary.ReadUvarint(br)
	if err != nil || n > maxModelRows {
		return nil, fmt.Errorf("ner load: bad row count")
	}
	// Keys are appended as they are read, so that a file claiming many rows
	// but holding few does not make Load allocate for the claim.
	var keys []uint64
	prev := uint64(0)
	for i := uint64(0); i < n; i++ {
		d, err := binary.ReadUvarint(br)
		if err != nil {
			return nil, fmt.Errorf("ner load: keys: %w", err)
		}
		prev += d
		keys = append(keys, prev)
	}
	m.tab = newTable(int(n))
	m.tab.scale = scale
	m.tab.rows = make([]int16, int(n)*k)
	for j := 0; j < k; j++ {
		for i := 0; i < int(n); i++ {
			x, err := binary.ReadVarint(br)
			if err != nil || x > math.MaxInt16 || x < math.MinInt16 {
				return nil, fmt.Errorf("ner load: weights: bad value")
			}
			m.tab.rows[i*k+j] = int16(x)
		}
	}
	for i, h := range keys {
		m.tab.insert(h, int32(i))
	}
	return m, nil
}

var (
	gazOnce sync.Once
	gazVal  *gazetteer
	gazErr  error
)

// sharedGazetteer loads the embedded gazetteer once for all models.
func sharedGazetteer() (*gazetteer, error) {
	gazOnce.Do(func() {
		gazVal, gazErr = loadGazetteer(gazetteerFS, "gazetteer")
		if gazErr == nil {
			gazErr = attachClusters(gazVal)
		}
	})
	return gazVal, gazErr
}
