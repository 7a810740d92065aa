package cluster

import (
	"bufio"
	"bytes"
	"compress/flate"
	"encoding/binary"
	"errors"
	"fmt"
	"hash/crc32"
	"io"
	"maps"
	"math"
	"slices"
)

// Snapshot format: a fixed header, then the state as varints and raw
// floats, compressed with DEFLATE, then a CRC-32 of the uncompressed body.
//
//	"SLCL" | version uint16 | config hash uint64 | body length uint64 |
//	deflated body | crc32(body) uint32          (integers little-endian)
//
// The body length bounds what is read, so a snapshot may sit inside a
// longer stream. Map contents are written in key order: the same state
// always gives the same bytes.
const (
	snapMagic   = "SLCL"
	snapVersion = 3
	snapHeader  = 4 + 2 + 8 + 8
)

// ErrSnapshotMismatch is returned (wrapped) by ReadClusterer for a snapshot
// written by another format version or under another Config: the state is
// sound but not this clusterer's, and must be rebuilt from the articles.
var ErrSnapshotMismatch = errors.New("cluster: snapshot does not match this version or configuration")

// configHash identifies a Config: every field, by name and value.
func configHash(cfg Config) uint64 {
	return hashString(fmt.Sprintf("%#v", cfg))
}

// WriteTo writes the clusterer's complete working state to w (see
// ReadClusterer). It implements io.WriterTo.
func (c *Clusterer) WriteTo(w io.Writer) (int64, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	var body bytes.Buffer
	fw, err := flate.NewWriter(&body, flate.BestSpeed)
	if err != nil {
		return 0, err
	}
	crc := crc32.NewIEEE()
	e := &enc{w: io.MultiWriter(fw, crc)}
	c.encode(e)
	if err := e.flush(); err != nil {
		return 0, err
	}
	if err := fw.Close(); err != nil {
		return 0, err
	}
	var h [snapHeader]byte
	copy(h[:], snapMagic)
	binary.LittleEndian.PutUint16(h[4:], snapVersion)
	binary.LittleEndian.PutUint64(h[6:], configHash(c.cfg))
	binary.LittleEndian.PutUint64(h[14:], uint64(body.Len()))
	var n int64
	for _, p := range [][]byte{h[:], body.Bytes(), binary.LittleEndian.AppendUint32(nil, crc.Sum32())} {
		k, err := w.Write(p)
		n += int64(k)
		if err != nil {
			return n, err
		}
	}
	return n, nil
}

// maxSnapshotBody caps the compressed body a header may announce.
const maxSnapshotBody = 1 << 40

// ReadClusterer restores a clusterer written by WriteTo. cfg must be the
// Config it was written under: another one, or another format version,
// gives an error wrapping ErrSnapshotMismatch (rebuild the clusterer by
// adding the articles again). Any other damage (wrong magic, truncation,
// corruption) gives a plain error. Trace output is not part of the state.
func ReadClusterer(r io.Reader, cfg Config) (*Clusterer, error) {
	var h [snapHeader]byte
	if _, err := io.ReadFull(r, h[:]); err != nil {
		return nil, fmt.Errorf("cluster: read snapshot header: %w", noEOF(err))
	}
	if string(h[:4]) != snapMagic {
		return nil, errors.New("cluster: not a clusterer snapshot (bad magic)")
	}
	if v := binary.LittleEndian.Uint16(h[4:]); v != snapVersion {
		return nil, fmt.Errorf("%w: format version %d, this build reads %d", ErrSnapshotMismatch, v, snapVersion)
	}
	if binary.LittleEndian.Uint64(h[6:]) != configHash(cfg) {
		return nil, fmt.Errorf("%w: written under another Config", ErrSnapshotMismatch)
	}
	n := binary.LittleEndian.Uint64(h[14:])
	if n > maxSnapshotBody {
		return nil, fmt.Errorf("cluster: corrupt snapshot: body of %d bytes", n)
	}
	lr := &io.LimitedReader{R: r, N: int64(n)}
	fr := flate.NewReader(bufio.NewReader(lr))
	body, err := io.ReadAll(fr)
	if err != nil {
		return nil, fmt.Errorf("cluster: truncated or corrupt snapshot: %w", noEOF(err))
	}
	// Whatever DEFLATE left unread of the announced length.
	if _, err := io.Copy(io.Discard, lr); err != nil {
		return nil, fmt.Errorf("cluster: read snapshot: %w", err)
	}
	if lr.N > 0 {
		return nil, errors.New("cluster: truncated snapshot")
	}
	var sum [4]byte
	if _, err := io.ReadFull(r, sum[:]); err != nil {
		return nil, fmt.Errorf("cluster: truncated snapshot (checksum): %w", noEOF(err))
	}
	if binary.LittleEndian.Uint32(sum[:]) != crc32.ChecksumIEEE(body) {
		return nil, errors.New("cluster: corrupt snapshot (checksum mismatch)")
	}
	return decodeBody(body, cfg)
}

// noEOF reports a clean EOF inside a snapshot as the truncation it is.
func noEOF(err error) error {
	if err == io.EOF {
		return io.ErrUnexpectedEOF
	}
	return err
}

// decodeBody restores a clusterer from an uncompressed body, checking every
// index it holds so that no later call can run out of bounds or loop.
func decodeBody(body []byte, cfg Config) (*Clusterer, error) {
	c := New(cfg)
	d := &dec{b: body}
	c.decode(d)
	if d.err == nil && d.off != len(d.b) {
		d.fail("%d bytes after the end", len(d.b)-d.off)
	}
	if d.err == nil {
		d.err = c.validate()
	}
	if d.err != nil {
		return nil, fmt.Errorf("cluster: corrupt snapshot: %w", d.err)
	}
	return c, nil
}

// encode writes the state; decode reads it back in the same order.
func (c *Clusterer) encode(e *enc) {
	e.v(c.seq)
	e.v(int64(c.n))
	e.f64(c.logN1)
	e.v(c.lastEvent)
	e.v(c.lastStory)
	e.v(c.ret.at)
	e.int32s(c.ret.days)
	e.v(int64(c.ret.pos))
	e.uv(uint64(c.ret.pass))
	e.uv(uint64(len(c.ret.marks)))
	for _, m := range c.ret.marks {
		e.uv(uint64(m.pass))
		e.v(int64(m.day))
		e.v(m.seq)
	}

	// Outlet names, once each; articles and events refer to them by number.
	names := make([]string, 0, len(c.outlets))
	for s := range c.outlets {
		names = append(names, s)
	}
	for _, ev := range c.events {
		for _, o := range ev.outlets {
			if _, ok := c.outlets[o]; !ok {
				names = append(names, o)
			}
		}
	}
	slices.Sort(names)
	names = slices.Compact(names)
	num := make(map[string]uint64, len(names))
	e.uv(uint64(len(names)))
	for i, s := range names {
		e.str(s)
		num[s] = uint64(i) + 1
	}

	e.uv(uint64(len(c.docs)))
	prev := int64(0)
	for i := range c.docs {
		r := &c.docs[i]
		e.v(r.id - prev)
		prev = r.id
		e.v(int64(r.event))
		e.v(int64(r.dupOf))
		e.v(int64(r.day))
		e.v(int64(r.nsh))
		e.uv(uint64(r.kind))
		e.uv(uint64(r.pass))
		e.uv(num[r.outlet]) // 0 for ""
	}
	for i := range c.sigs {
		for _, v := range c.sigs[i] {
			e.u16(v)
		}
	}

	keys64 := slices.Sorted(maps.Keys(c.exact))
	e.uv(uint64(len(keys64)))
	prevK := uint64(0)
	for _, k := range keys64 {
		e.uv(k - prevK)
		prevK = k
		e.v(int64(c.exact[k]))
	}

	for b := range c.lsh.heads {
		writeU32Map(e, c.lsh.heads[b], func(v int32) { e.v(int64(v)) })
	}
	e.uv(uint64(len(c.lsh.next)))
	for j, p := range c.lsh.next {
		// An earlier article in the bucket, written as the distance back.
		if p < 0 {
			e.v(0)
		} else {
			e.v(int64(j/numBands) - int64(p))
		}
	}

	writeU32Map(e, c.df, func(v dfCount) { e.uv(uint64(v.n)); e.uv(uint64(v.pass)) })

	e.uv(uint64(len(c.events)))
	prev = 0
	for _, ev := range c.events {
		e.v(ev.id - prev)
		prev = ev.id
		c.encodeEvent(e, ev, num)
	}
	writeU32Map(e, c.postings, e.int32s)

	e.uv(uint64(len(c.stories)))
	prev = 0
	for _, st := range c.stories {
		e.v(st.id - prev)
		prev = st.id
		e.v(int64(st.parent))
		e.int32s(st.events)
		e.vec(st.ents)
		e.vec(st.content)
		e.vec(st.title)
		e.v(st.seq)
		e.norms(st.norms)
		e.v(int64(st.minDay))
		e.v(int64(st.maxDay))
		e.keys(st.actors)
		e.v(int64(st.compacted))
	}

	e.uv(uint64(len(c.touched)))
	for _, t := range c.touched {
		e.v(int64(t.e))
		e.v(t.seq)
	}
	e.set(c.changed)
	if c.rows == nil {
		e.uv(0)
	} else {
		e.uv(1)
		e.set(c.rows.events)
		e.set(c.rows.stories)
		e.set(c.rows.goneEvents)
		e.set(c.rows.goneStories)
	}

	// The line sketch is mostly zeros: runs of zeros, then a count.
	for r := range c.lines.c {
		zeros := uint64(0)
		for _, v := range c.lines.c[r] {
			if v == 0 {
				zeros++
				continue
			}
			e.uv(zeros)
			e.uv(uint64(v))
			zeros = 0
		}
		e.uv(zeros)
	}
}

func (c *Clusterer) encodeEvent(e *enc, ev *event, num map[string]uint64) {
	e.v(int64(ev.parent))
	e.v(int64(ev.size))
	e.v(int64(ev.nOrig))
	e.vec(ev.content)
	e.vec(ev.ents)
	e.vec(ev.title)
	e.v(int64(ev.minDay))
	e.v(int64(ev.maxDay))
	e.spans(ev.recalls)
	e.uv(uint64(len(ev.titles)))
	for _, t := range ev.titles {
		e.str(t.text)
		e.vec(t.v)
		e.f64(t.score)
	}
	e.uv(uint64(len(ev.labels)))
	for _, l := range ev.labels {
		e.uv(uint64(l.h))
		e.str(l.s)
	}
	e.uv(uint64(len(ev.outlets)))
	for _, o := range ev.outlets {
		e.uv(num[o])
	}
	e.uv(uint64(len(ev.members)))
	prev := int64(0)
	for _, id := range ev.members {
		e.v(id - prev)
		prev = id
	}
	e.int32s(ev.recent)
	e.v(int64(ev.story))
	e.v(int64(ev.storyAt))
	e.v(ev.seq)
	e.v(int64(ev.nextCheck))
	// nil (no exemplars kept) and empty (all kept, none yet) differ.
	if ev.ex == nil {
		e.uv(0)
	} else {
		e.uv(uint64(len(ev.ex)) + 1)
	}
	for _, x := range ev.ex {
		e.v(int64(x.doc))
		e.vec(x.content)
		e.vec(x.ents)
		e.vec(x.title)
		e.v(int64(x.day))
		e.spans(x.recalls)
		e.keys(x.actors)
		// the link model's cosines: a reloaded clusterer decides as the
		// one that wrote the snapshot
		e.norms(x.norms)
	}
	e.norms(ev.norms)
	e.keys(ev.actors)
	e.uv(uint64(len(ev.actorN)))
	for _, n := range ev.actorN {
		e.v(int64(n))
	}
	if ev.stub {
		e.uv(1)
	} else {
		e.uv(0)
	}
}

func (c *Clusterer) decode(d *dec) {
	c.seq = d.v()
	c.n = d.int()
	c.logN1 = d.f64()
	c.lastEvent = d.v()
	c.lastStory = d.v()
	c.ret.at = d.v()
	c.ret.days = d.int32s()
	c.ret.pos = d.int()
	c.ret.pass = uint32(d.uv())
	c.ret.marks = readSlice(d, 3, func() passMark { return passMark{uint32(d.uv()), d.int32(), d.v()} })

	names := make([]string, d.count(1))
	for i := range names {
		names[i] = d.str()
		c.outlets[names[i]] = names[i]
	}
	name := func() string {
		k := d.uv()
		if k == 0 {
			return ""
		}
		if k > uint64(len(names)) {
			d.fail("outlet %d of %d", k, len(names))
			return ""
		}
		return names[k-1]
	}

	c.docs = make([]docRec, d.count(7))
	prev := int64(0)
	for i := range c.docs {
		r := &c.docs[i]
		r.id = prev + d.v()
		prev = r.id
		r.event = d.int32()
		r.dupOf = d.int32()
		r.day = d.int32()
		r.nsh = d.int32()
		r.kind = DupKind(d.uv())
		r.pass = uint32(d.uv())
		r.outlet = name()
		if r.nsh < 0 {
			c.dead++
		} else {
			c.byID[r.id] = int32(i)
		}
	}
	if d.need(len(c.docs) * numHashes * 2) {
		c.sigs = make([][numHashes]uint16, len(c.docs))
		for i := range c.sigs {
			for j := range c.sigs[i] {
				c.sigs[i][j] = d.u16()
			}
		}
	}

	k := uint64(0)
	for range d.count(2) {
		k += d.uv()
		c.exact[k] = d.int32()
	}

	for b := range c.lsh.heads {
		c.lsh.heads[b] = readU32Map(d, d.int32)
	}
	c.lsh.next = make([]int32, d.count(1))
	for j := range c.lsh.next {
		if back := d.v(); back == 0 {
			c.lsh.next[j] = -1
		} else {
			c.lsh.next[j] = int32(int64(j/numBands) - back)
		}
	}

	c.df = readU32Map(d, func() dfCount { return dfCount{uint32(d.uv()), uint32(d.uv())} })

	c.events = make([]*event, d.count(21))
	id := int64(0)
	for i := range c.events {
		id += d.v()
		c.events[i] = c.decodeEvent(d, id, name)
		if ev := c.events[i]; ev.stub && ev.parent == int32(i) {
			c.ret.stubs++
		}
	}
	c.postings = readU32Map(d, d.int32s)

	c.stories = make([]*storyline, d.count(15))
	id = 0
	for i := range c.stories {
		id += d.v()
		st := &storyline{id: id}
		st.parent = d.int32()
		st.events = d.int32s()
		st.ents = d.vec()
		st.content = d.vec()
		st.title = d.vec()
		st.seq = d.v()
		st.norms = d.norms()
		st.minDay = d.int32()
		st.maxDay = d.int32()
		st.actors = d.keys()
		st.compacted = d.int()
		c.stories[i] = st
	}

	c.touched = make([]touch, d.count(2))
	for i := range c.touched {
		c.touched[i] = touch{d.int32(), d.v()}
	}
	c.changed = d.set()
	if d.uv() != 0 {
		c.rows = &rowChanges{events: d.set(), stories: d.set(), goneEvents: d.set(), goneStories: d.set()}
		if c.rows.events == nil || c.rows.stories == nil || c.rows.goneEvents == nil || c.rows.goneStories == nil {
			d.fail("change sets missing")
		}
	}

	for r := range c.lines.c {
		row := c.lines.c[r]
		for i := 0; d.err == nil; {
			z := d.uv()
			if z > uint64(len(row)-i) {
				d.fail("line sketch overruns")
				break
			}
			i += int(z)
			if i == len(row) {
				break
			}
			v := d.uv()
			if v == 0 || v > math.MaxUint16 {
				d.fail("line sketch count %d", v)
				break
			}
			row[i] = uint16(v)
			i++
		}
	}
}

func (c *Clusterer) decodeEvent(d *dec, id int64, name func() string) *event {
	ev := &event{id: id}
	ev.parent = d.int32()
	ev.size = d.int32()
	ev.nOrig = d.int32()
	ev.content = d.vec()
	ev.ents = d.vec()
	ev.title = d.vec()
	ev.minDay = d.int32()
	ev.maxDay = d.int32()
	ev.recalls = d.spans()
	ev.titles = readSlice(d, 6, func() titleCand {
		return titleCand{text: d.str(), v: d.vec(), score: d.f64()}
	})
	ev.labels = readSlice(d, 2, func() label { return label{uint32(d.uv()), d.str()} })
	ev.outlets = readSlice(d, 1, name)
	prev := int64(0)
	ev.members = readSlice(d, 1, func() int64 { prev += d.v(); return prev })
	ev.recent = d.int32s()
	ev.story = d.int32()
	ev.storyAt = d.int32()
	ev.seq = d.v()
	ev.nextCheck = d.int32()
	if n := d.uv(); n > 0 {
		n--
		if !d.need(int(min(n, math.MaxInt32)) * 6) {
			return ev
		}
		ev.ex = make([]*exemplar, n)
		for i := range ev.ex {
			x := &exemplar{}
			x.doc = d.int32()
			x.content = d.vec()
			x.ents = d.vec()
			x.title = d.vec()
			x.day = d.int32()
			x.recalls = d.spans()
			x.actors = d.keys()
			x.norms = d.norms()
			ev.ex[i] = x
		}
	}
	ev.norms = d.norms()
	ev.actors = d.keys()
	ev.actorN = readSlice(d, 1, d.int32)
	ev.stub = d.uv() == 1
	return ev
}

// validate checks that every index in the restored state is in range and
// that no chain of parents loops, so that no call can panic or hang.
func (c *Clusterer) validate() error {
	nd, ne, ns := int32(len(c.docs)), int32(len(c.events)), int32(len(c.stories))
	in := func(i, n int32) bool { return i >= 0 && i < n }
	if c.n < 0 {
		return fmt.Errorf("document count %d", c.n)
	}
	if len(c.ret.days) > recentDays || c.ret.pos < 0 || c.ret.pos >= recentDays {
		return fmt.Errorf("clock of %d days at %d", len(c.ret.days), c.ret.pos)
	}
	// Ids increase with the index (look-ups search them) up to the last given.
	for i, ev := range c.events {
		if ev.id < 1 || i > 0 && ev.id <= c.events[i-1].id || ev.id > c.lastEvent {
			return fmt.Errorf("event %d has id %d (last %d)", i, ev.id, c.lastEvent)
		}
	}
	for i, st := range c.stories {
		if st.id < 1 || i > 0 && st.id <= c.stories[i-1].id || st.id > c.lastStory {
			return fmt.Errorf("storyline %d has id %d (last %d)", i, st.id, c.lastStory)
		}
	}
	if len(c.lsh.next) != len(c.docs)*numBands {
		return fmt.Errorf("%d LSH links for %d articles", len(c.lsh.next), len(c.docs))
	}
	for j, p := range c.lsh.next {
		if p < -1 || p >= int32(j/numBands) {
			return fmt.Errorf("LSH link %d to %d", j, p)
		}
	}
	for b := range c.lsh.heads {
		for _, i := range c.lsh.heads[b] {
			if !in(i, nd) {
				return fmt.Errorf("LSH bucket holds article %d of %d", i, nd)
			}
		}
	}
	for _, i := range c.exact {
		if !in(i, nd) {
			return fmt.Errorf("exact index holds article %d of %d", i, nd)
		}
	}
	if nd > 0 && ne == 0 {
		return errors.New("articles but no events")
	}
	dupOf := make([]int32, nd)
	for i, r := range c.docs {
		if !in(r.event, ne) {
			return fmt.Errorf("article %d in event %d of %d", i, r.event, ne)
		}
		if r.dupOf < -1 || r.dupOf >= nd || r.kind < NotDuplicate || r.kind > NearDuplicate {
			return fmt.Errorf("article %d copies %d (kind %d)", i, r.dupOf, r.kind)
		}
		dupOf[i] = r.dupOf
	}
	if err := acyclic("article", dupOf, -1); err != nil {
		return err
	}
	parents := make([]int32, ne)
	for i, ev := range c.events {
		if !in(ev.parent, ne) {
			return fmt.Errorf("event %d merged into %d of %d", i, ev.parent, ne)
		}
		parents[i] = ev.parent
		if ev.story < -1 || ev.story >= ns {
			return fmt.Errorf("event %d in storyline %d of %d", i, ev.story, ns)
		}
		if len(ev.actorN) != len(ev.actors) {
			return fmt.Errorf("event %d: %d actor counts for %d actors", i, len(ev.actorN), len(ev.actors))
		}
		for _, x := range ev.recent {
			if !in(x, nd) {
				return fmt.Errorf("event %d: recent article %d of %d", i, x, nd)
			}
		}
		for _, x := range ev.ex {
			if !in(x.doc, nd) {
				return fmt.Errorf("event %d: exemplar of article %d of %d", i, x.doc, nd)
			}
		}
		for _, id := range ev.members {
			if _, ok := c.byID[id]; !ok {
				return fmt.Errorf("event %d: member %d unknown", i, id)
			}
		}
	}
	if err := acyclic("event", parents, -2); err != nil {
		return err
	}
	parents = make([]int32, ns)
	for i, st := range c.stories {
		if !in(st.parent, ns) {
			return fmt.Errorf("storyline %d merged into %d of %d", i, st.parent, ns)
		}
		parents[i] = st.parent
		for _, e := range st.events {
			if !in(e, ne) {
				return fmt.Errorf("storyline %d: event %d of %d", i, e, ne)
			}
		}
		if st.compacted < 0 {
			return fmt.Errorf("storyline %d compacted at %d", i, st.compacted)
		}
	}
	if err := acyclic("storyline", parents, -2); err != nil {
		return err
	}
	for h, p := range c.postings {
		for _, e := range p {
			if !in(e, ne) {
				return fmt.Errorf("posting %x: event %d of %d", h, e, ne)
			}
		}
	}
	for _, t := range c.touched {
		if !in(t.e, ne) {
			return fmt.Errorf("idle queue: event %d of %d", t.e, ne)
		}
	}
	sets := []map[int32]struct{}{c.changed}
	limits := []int32{ne}
	if c.rows != nil {
		sets = append(sets, c.rows.events, c.rows.stories, c.rows.goneEvents, c.rows.goneStories)
		limits = append(limits, ne, ns, ne, ns)
	}
	for k, s := range sets {
		for i := range s {
			if !in(i, limits[k]) {
				return fmt.Errorf("change set holds %d of %d", i, limits[k])
			}
		}
	}
	return nil
}

// acyclic checks that following next from any node ends at a root: a node
// that is its own parent (self = -2) or whose parent is -1 (self = -1).
func acyclic(what string, next []int32, self int32) error {
	const (
		unseen = iota
		onPath
		done
	)
	state := make([]uint8, len(next))
	var path []int32
	for i := range next {
		path = path[:0]
		j := int32(i)
		for {
			if state[j] == done {
				break
			}
			if state[j] == onPath {
				return fmt.Errorf("%s %d: chain of parents loops", what, i)
			}
			state[j] = onPath
			path = append(path, j)
			p := next[j]
			if p == -1 && self == -1 || p == j && self == -2 {
				break
			}
			j = p
		}
		for _, k := range path {
			state[k] = done
		}
	}
	return nil
}

// enc writes varints and raw numbers through a buffer.
type enc struct {
	w     io.Writer
	b     []byte
	err   error
	table []uint32 // scratch for vec
}

func (e *enc) flush() error {
	if e.err == nil && len(e.b) > 0 {
		_, e.err = e.w.Write(e.b)
	}
	e.b = e.b[:0]
	return e.err
}

func (e *enc) grow() {
	if len(e.b) >= 1<<16 {
		e.flush()
	}
}

func (e *enc) uv(x uint64) { e.b = binary.AppendUvarint(e.b, x); e.grow() }
func (e *enc) v(x int64)   { e.b = binary.AppendVarint(e.b, x); e.grow() }
func (e *enc) u16(x uint16) {
	e.b = binary.LittleEndian.AppendUint16(e.b, x)
	e.grow()
}
func (e *enc) f32(x float32) {
	e.b = binary.LittleEndian.AppendUint32(e.b, math.Float32bits(x))
	e.grow()
}
func (e *enc) f64(x float64) {
	e.b = binary.LittleEndian.AppendUint64(e.b, math.Float64bits(x))
	e.grow()
}
func (e *enc) str(s string) { e.uv(uint64(len(s))); e.b = append(e.b, s...); e.grow() }

// vec writes a sparse vector: feature ids as differences (they are sorted,
// but any order reads back), weights as raw float32. An article's vector
// holds few distinct weights (1+ln tf, scaled by one norm): then they are
// written once, in a table, and each term gives its place in it.
func (e *enc) vec(v vec) {
	e.uv(uint64(len(v)))
	if len(v) == 0 {
		return
	}
	// Compared as bits: -0 and NaN read back as they were.
	table := e.table[:0]
	for _, t := range v {
		if w := math.Float32bits(t.w); !slices.Contains(table, w) {
			if len(table) >= maxWeightTable || 3*len(table) >= len(v) {
				table = nil
				break
			}
			table = append(table, w)
		}
	}
	e.uv(uint64(len(table)))
	for _, w := range table {
		e.f32(math.Float32frombits(w))
	}
	prev := uint32(0)
	for _, t := range v {
		e.uv(uint64(t.h - prev))
		prev = t.h
		if table == nil {
			e.f32(t.w)
		} else {
			e.b = append(e.b, byte(slices.Index(table, math.Float32bits(t.w))))
		}
	}
	if table != nil {
		e.table = table
	}
}

// maxWeightTable caps a vector's table of distinct weights (an index fits
// a byte, and looking one up stays cheap).
const maxWeightTable = 48

// keys writes sorted keys as differences (wrapping, so any order reads back).
func (e *enc) keys(ks []uint32) {
	e.uv(uint64(len(ks)))
	prev := uint32(0)
	for _, k := range ks {
		e.uv(uint64(k - prev))
		prev = k
	}
}

func (e *enc) int32s(xs []int32) {
	e.uv(uint64(len(xs)))
	for _, x := range xs {
		e.v(int64(x))
	}
}

func (e *enc) spans(rs []span) {
	e.uv(uint64(len(rs)))
	for _, r := range rs {
		e.v(int64(r.lo))
		e.v(int64(r.hi))
	}
}

func (e *enc) norms(n normCache) {
	for _, x := range n.n {
		e.f64(x)
	}
	e.v(int64(n.at))
}

// set writes a set of indices in order; nil (not tracking) as 0.
func (e *enc) set(s map[int32]struct{}) {
	if s == nil {
		e.uv(0)
		return
	}
	ks := slices.Sorted(maps.Keys(s))
	e.uv(uint64(len(ks)) + 1)
	for _, k := range ks {
		e.uv(uint64(k))
	}
}

// writeU32Map writes a map keyed by feature id in key order.
func writeU32Map[V any](e *enc, m map[uint32]V, val func(V)) {
	ks := slices.Sorted(maps.Keys(m))
	e.uv(uint64(len(ks)))
	prev := uint32(0)
	for _, k := range ks {
		e.uv(uint64(k - prev))
		prev = k
		val(m[k])
	}
}

// dec reads what enc wrote; the first error sticks and every later read
// returns zero values.
type dec struct {
	b   []byte
	off int
	err error
}

func (d *dec) fail(format string, args ...any) {
	if d.err == nil {
		d.err = fmt.Errorf(format+" (at byte %d)", append(args, d.off)...)
	}
}

// need reports whether n more bytes are there.
func (d *dec) need(n int) bool {
	if d.err != nil {
		return false
	}
	if n < 0 || n > len(d.b)-d.off {
		d.fail("truncated")
		return false
	}
	return true
}

func (d *dec) uv() uint64 {
	if d.err != nil {
		return 0
	}
	x, k := binary.Uvarint(d.b[d.off:])
	if k <= 0 {
		d.fail("bad varint")
		return 0
	}
	d.off += k
	return x
}

func (d *dec) v() int64 {
	if d.err != nil {
		return 0
	}
	x, k := binary.Varint(d.b[d.off:])
	if k <= 0 {
		d.fail("bad varint")
		return 0
	}
	d.off += k
	return x
}

func (d *dec) int32() int32 {
	x := d.v()
	if x < math.MinInt32 || x > math.MaxInt32 {
		d.fail("%d out of range", x)
		return 0
	}
	return int32(x)
}

func (d *dec) int() int { return int(d.int32()) }

// count reads a length whose elements take at least minBytes each, so that
// a corrupt length cannot make a huge allocation.
func (d *dec) count(minBytes int) int {
	n := d.uv()
	if d.err != nil {
		return 0
	}
	if n > uint64(len(d.b)-d.off)/uint64(minBytes) {
		d.fail("length %d overruns", n)
		return 0
	}
	return int(n)
}

func (d *dec) u16() uint16 {
	if !d.need(2) {
		return 0
	}
	x := binary.LittleEndian.Uint16(d.b[d.off:])
	d.off += 2
	return x
}

func (d *dec) f32() float32 {
	if !d.need(4) {
		return 0
	}
	x := math.Float32frombits(binary.LittleEndian.Uint32(d.b[d.off:]))
	d.off += 4
	return x
}

func (d *dec) f64() float64 {
	if !d.need(8) {
		return 0
	}
	x := math.Float64frombits(binary.LittleEndian.Uint64(d.b[d.off:]))
	d.off += 8
	return x
}

func (d *dec) str() string {
	n := d.count(1)
	if !d.need(n) {
		return ""
	}
	s := string(d.b[d.off : d.off+n])
	d.off += n
	return s
}

func (d *dec) vec() vec {
	n := d.count(2)
	if n == 0 {
		return nil
	}
	var table []float32
	if k := d.count(4); k > 0 {
		table = make([]float32, k)
		for i := range table {
			table[i] = d.f32()
		}
	}
	v := make(vec, n)
	prev := uint32(0)
	for i := range v {
		prev += uint32(d.uv())
		if table == nil {
			v[i] = term{prev, d.f32()}
			continue
		}
		if !d.need(1) {
			return nil
		}
		k := int(d.b[d.off])
		d.off++
		if k >= len(table) {
			d.fail("weight %d of %d", k, len(table))
			return nil
		}
		v[i] = term{prev, table[k]}
	}
	return v
}

func (d *dec) keys() []uint32 {
	prev := uint32(0)
	return readSlice(d, 1, func() uint32 { prev += uint32(d.uv()); return prev })
}

func (d *dec) int32s() []int32 { return readSlice(d, 1, d.int32) }

func (d *dec) spans() []span {
	return readSlice(d, 2, func() span { return span{d.int32(), d.int32()} })
}

// readSlice reads a length (elements of at least minBytes each), then that
// many elements with val; nil for none.
func readSlice[T any](d *dec, minBytes int, val func() T) []T {
	n := d.count(minBytes)
	if n == 0 {
		return nil
	}
	xs := make([]T, n)
	for i := range xs {
		xs[i] = val()
	}
	return xs
}

func (d *dec) norms() normCache {
	var n normCache
	for i := range n.n {
		n.n[i] = d.f64()
	}
	n.at = d.int()
	return n
}

func (d *dec) set() map[int32]struct{} {
	n := d.uv()
	if n == 0 || d.err != nil {
		return nil
	}
	n--
	if n > uint64(len(d.b)-d.off) {
		d.fail("set of %d overruns", n)
		return nil
	}
	s := make(map[int32]struct{}, n)
	for range n {
		x := d.uv()
		if x > math.MaxInt32 {
			d.fail("set member %d", x)
			return nil
		}
		s[int32(x)] = struct{}{}
	}
	return s
}

// readU32Map reads what writeU32Map wrote.
func readU32Map[V any](d *dec, val func() V) map[uint32]V {
	n := d.count(2)
	m := make(map[uint32]V, n)
	h := uint32(0)
	for range n {
		if d.err != nil {
			break
		}
		h += uint32(d.uv())
		m[h] = val()
	}
	return m
}
