#!/usr/bin/env bash
# The five seeds through `storyline ingest` in all 120 arrival orders (the
# files renamed so that the folder's order is the arrival order); prints
# the orders that do not give 5 events and 1 storyline, then a count.
# Usage: scripts/seed-orders.sh   (from the repository root; needs python3)
set -euo pipefail
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
go build -o "$tmp/storyline" ./cmd/storyline
python3 - "$tmp" <<'PY'
import glob, itertools, json, os, shutil, subprocess, sys
tmp = sys.argv[1]
seeds = sorted(glob.glob("testdata/seeds/*.txt"))
bad = 0
perms = list(itertools.permutations(range(len(seeds))))
for p in perms:
    d = os.path.join(tmp, "in")
    shutil.rmtree(d, ignore_errors=True)
    os.makedirs(d)
    for rank, i in enumerate(p):
        shutil.copy(seeds[i], os.path.join(d, "%d_%s" % (rank, os.path.basename(seeds[i]))))
    db = os.path.join(tmp, "o.db")
    for f in glob.glob(db + "*"):
        os.remove(f)
    subprocess.run([os.path.join(tmp, "storyline"), "ingest", "-q", "-db", db, d], check=True, capture_output=True)
    out = subprocess.run([os.path.join(tmp, "storyline"), "export", "-db", db], check=True, capture_output=True, text=True).stdout
    rows = [json.loads(l) for l in out.splitlines()]
    events = len({r["event"] for r in rows})
    stories = len({r["storyline"] for r in rows})
    if events != 5 or stories != 1:
        bad += 1
        print("order %s: %d events, %d storylines" % (p, events, stories))
print("%d of %d arrival orders give 5 events and 1 storyline" % (len(perms) - bad, len(perms)))
PY
