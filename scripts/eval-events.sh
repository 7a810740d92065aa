#!/usr/bin/env bash
# Events through the real ingest path: the ECB+ documents, shuffled into N
# arrival orders, each ingested by `storyline ingest` (extraction, analysis,
# clustering) into a fresh SQLite file, exported, and scored with B-cubed
# against the gold events (exactly as the data set's README defines it).
#
#   scripts/eval-events.sh [SHARED_DIR] [ORDERS]
#
# SHARED_DIR defaults to ../shared, ORDERS to 5. Extra ingest flags can be
# passed in INGEST_FLAGS; DOCS and STORYLINE_BIN are described below.
set -euo pipefail
shared=${1:-../shared}
orders=${2:-5}
# DOCS scores another file in the same format (say, the held-out topics).
docs="${DOCS:-$shared/data/events-ecbplus/docs.jsonl}"
[ -r "$docs" ] || { echo "eval-events: cannot read $docs" >&2; exit 2; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
# STORYLINE_BIN scores another build (say, an older commit's) instead.
. "$(dirname "$0")/lib.sh"
storyline_bin "$tmp"
for o in $(seq 1 "$orders"); do
  ecb_order "$docs" "$o" "$tmp/in.jsonl"
  rm -f "$tmp/o.db"*
  if ! "$tmp/storyline" ingest -q -db "$tmp/o.db" ${INGEST_FLAGS:-} "$tmp/in.jsonl" >"$tmp/log" 2>&1; then
    cat "$tmp/log" >&2; exit 1
  fi
  "$tmp/storyline" export -db "$tmp/o.db" -format jsonl > "$tmp/out.$o.jsonl"
done
python3 - "$docs" "$orders" "$tmp" <<'PY'
import json, os, sys, collections
docs, orders, tmp = sys.argv[1], int(sys.argv[2]), sys.argv[3]
gold, topic, url = {}, {}, {}
for l in open(docs):
    d = json.loads(l)
    gold[d["id"]] = d["event_cluster"]
    topic[d["id"]] = d["topic"]
    url[d["id"]] = d.get("url", "")
def bcubed(pred):
    ids = list(gold)
    byp, byg = collections.defaultdict(set), collections.defaultdict(set)
    for i in ids:
        byp[pred[i]].add(i); byg[gold[i]].add(i)
    p = sum(len(byp[pred[i]] & byg[gold[i]]) / len(byp[pred[i]]) for i in ids) / len(ids)
    r = sum(len(byp[pred[i]] & byg[gold[i]]) / len(byg[gold[i]]) for i in ids) / len(ids)
    return p, r, 2 * p * r / (p + r)
print("events-ecbplus through storyline ingest: %d documents, %d gold events\n" % (len(gold), len(set(gold.values()))))
print("%-6s %7s %7s %7s %7s %7s %7s" % ("order", "P", "R", "F1", "events", "stories", "mixed"))
fs, ps, rs = [], [], []
for o in range(1, orders + 1):
    pred, story, byurl = {}, {}, {}
    for l in open("%s/out.%d.jsonl" % (tmp, o)):
        a = json.loads(l)
        pred[a["source_id"]] = a["event"]
        story[a["source_id"]] = a["storyline"]
        byurl[a["url"]] = a
    # Two documents at one address are one article in two revisions: the
    # earlier is scored where the stored (later) one is.
    for i in gold:
        if i not in pred and url[i] in byurl:
            pred[i], story[i] = byurl[url[i]]["event"], byurl[url[i]]["storyline"]
    missing = [i for i in gold if i not in pred]
    if missing:
        sys.exit("eval-events: order %d: %d documents not stored (first %s)" % (o, len(missing), missing[0]))
    p, r, f = bcubed(pred)
    tops = collections.defaultdict(set)
    for i in gold:
        tops[story[i]].add(topic[i])
    mixed = sum(1 for t in tops.values() if len(t) > 1)
    if os.environ.get("VERBOSE"):
        for sid, t in tops.items():
            if len(t) > 1:
                c = collections.Counter(gold[i] for i in gold if story[i] == sid)
                print("  order %d: mixed storyline %d: %s" % (o, sid, dict(c)))
    print("%-6d %7.4f %7.4f %7.4f %7d %7d %7d" % (o, p, r, f, len(set(pred.values())), len(tops), mixed))
    fs.append(f); ps.append(p); rs.append(r)
n = len(fs)
print("%-6s %7.4f %7.4f %7.4f" % ("mean", sum(ps) / n, sum(rs) / n, sum(fs) / n))
print("%-6s %23.4f  (order %d)" % ("worst", min(fs), fs.index(min(fs)) + 1))
if os.environ.get("VERBOSE"):
    o = fs.index(min(fs)) + 1
    pred, story = {}, {}
    for l in open("%s/out.%d.jsonl" % (tmp, o)):
        a = json.loads(l)
        pred[a["source_id"]], story[a["source_id"]] = a["event"], a["storyline"]
    comp = collections.defaultdict(collections.Counter)
    scomp = collections.defaultdict(collections.Counter)
    for i in pred:
        if i in gold:
            comp[pred[i]][gold[i]] += 1
            scomp[story[i]][gold[i]] += 1
    print("\nimpure events of order %d:" % o)
    for e, c in sorted(comp.items()):
        if len(c) > 1:
            print("  event %d: %s" % (e, dict(c)))
    print("split gold events:")
    byg = collections.defaultdict(collections.Counter)
    for i in pred:
        if i in gold:
            byg[gold[i]][pred[i]] += 1
    for g, c in sorted(byg.items()):
        if len(c) > 1:
            print("  %s: %s" % (g, dict(c)))
    print("mixed storylines:")
    for e, c in sorted(scomp.items()):
        if len(set(g.split("_")[0] for g in c)) > 1:
            print("  storyline %d: %s" % (e, dict(c)))
PY
# The batch reference on the same documents (TF-IDF, complete link over all
# of them at once, its cut tuned on them).
go run ./internal/cluster/cmd/evalevents -docs "$docs" -orders 0 -seeds '' | grep '^batch'
