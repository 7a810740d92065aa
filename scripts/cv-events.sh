#!/usr/bin/env bash
# Events cross-validated by topic, through the real ingest path. Every
# candidate setting (a grid around the tuned values, and each rule turned
# off) is run by `storyline ingest` + `export` over all ECB+ documents in N
# arrival orders, exactly as scripts/eval-events.sh runs the defaults; the
# settings go in through STORYLINE_CLUSTER_SET. Then, for each of K folds of
# topics, the setting with the best mean B-cubed F1 on the other topics is
# chosen, and the held-out topics are scored with it. Printed: each
# setting's in-sample figures, the fold choices, and the cross-validated
# figures (held-out documents of all folds pooled, per order).
#
#   scripts/cv-events.sh [SHARED_DIR] [ORDERS] [FOLDS]
#
# SHARED_DIR defaults to ../shared, ORDERS to 5, FOLDS to 5 (topics dealt
# round-robin in topic order). GRID replaces the candidate list (one
# setting a line, "Name=value,Name=value"; "default" for none); DOCS and
# STORYLINE_BIN as in eval-events.sh; CACHE keeps the runs in a directory.
#
# A document's B-cubed precision and recall are taken against its whole
# predicted event, so an event that mixes a held-out topic with a training
# one costs the held-out figure too.
#
# `scripts/cv-events.sh --grid` prints the default candidate list (to edit
# into GRID).
set -euo pipefail
if [ "${1:-}" = --grid ]; then
  sed -n '/^grid=\${GRID:-"/,/"}$/p' "$0" | sed 's/^grid=\${GRID:-"//; s/"}$//'
  exit 0
fi
shared=${1:-../shared}
orders=${2:-5}
folds=${3:-5}
docs="${DOCS:-$shared/data/events-ecbplus/docs.jsonl}"
[ -r "$docs" ] || { echo "cv-events: cannot read $docs" >&2; exit 2; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cache=${CACHE:-$tmp/runs}
mkdir -p "$cache"
. "$(dirname "$0")/lib.sh"
storyline_bin "$tmp"
grid=${GRID:-"default
JoinThreshold=0.15
JoinThreshold=0.25
SingleJoinThreshold=0.35
SingleJoinThreshold=0.45
MergeThreshold=0.4
MergeThreshold=0.5
BridgeThreshold=0.4
BridgeThreshold=0.5
SplitAnchor=0.6
SplitAnchor=0.8
WEntity=1
WEntity=2
EventSpanDays=7
EventSpanDays=30
EventSpanDays=0
SpanRecallSim=0.3
SpanRecallSim=0.5
SpanRecall=0
RecallYears=0
MergeVeto=0
StraySize=0"}
for o in $(seq 1 "$orders"); do
  ecb_order "$docs" "$o" "$tmp/in.$o.jsonl"
done
echo "$grid" > "$tmp/grid"
while IFS= read -r set; do
  [ -n "$set" ] || continue
  key=$(echo "$set" | tr -c 'A-Za-z0-9.=\n' '_')
  for o in $(seq 1 "$orders"); do
    out="$cache/$key.$o.jsonl"
    [ -s "$out" ] && continue
    s=$set; [ "$s" = default ] && s=
    rm -f "$tmp/o.db"*
    if ! STORYLINE_CLUSTER_SET="$s" "$tmp/storyline" ingest -q -db "$tmp/o.db" "$tmp/in.$o.jsonl" >"$tmp/log" 2>&1; then
      cat "$tmp/log" >&2; exit 1
    fi
    "$tmp/storyline" export -db "$tmp/o.db" -format jsonl > "$out.part"
    mv "$out.part" "$out"
  done
done < "$tmp/grid"
python3 - "$docs" "$orders" "$folds" "$tmp/grid" "$cache" "$(dirname "$0")" <<'PY'
import json, re, sys
sys.path.insert(0, sys.argv.pop())
import bcubed
docs, orders, folds, gridf, cache = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), sys.argv[4], sys.argv[5]
gold, topic, url = bcubed.load_gold(docs)
grid = [g.strip() for g in open(gridf) if g.strip()]
topics = sorted(set(topic.values()))
fold = {t: i % folds for i, t in enumerate(topics)}

def perdoc(path):
    return bcubed.perdoc(path, gold, url, "cv-events")

f1 = bcubed.f1

runs = {}
for g in grid:
    key = re.sub(r"[^A-Za-z0-9.=\n]", "_", g)
    runs[g] = [perdoc("%s/%s.%d.jsonl" % (cache, key, o)) for o in range(1, orders + 1)]
ids = list(gold)
print("events-ecbplus through storyline ingest: %d documents, %d topics, %d orders, %d folds by topic\n" % (len(ids), len(topics), orders, folds))
print("in-sample (every topic scored with the setting):")
print("  %-28s %7s %7s %7s %7s" % ("setting", "P", "R", "F1", "worst"))
for g in grid:
    fs = [f1(pr, ids) for pr in runs[g]]
    print("  %-28s %7.4f %7.4f %7.4f %7.4f" % (g, sum(x[0] for x in fs) / orders, sum(x[1] for x in fs) / orders,
                                          sum(x[2] for x in fs) / orders, min(x[2] for x in fs)))
print("\nfolds (setting chosen on the other topics by mean F1 over the orders):")
chosen = {}
for k in range(folds):
    train = [i for i in ids if fold[topic[i]] != k]
    test = [i for i in ids if fold[topic[i]] == k]
    score = {g: sum(f1(pr, train)[2] for pr in runs[g]) / orders for g in grid}
    # Ties go to the earlier setting (the default first).
    best = max(grid, key=lambda g: (round(score[g], 6), -grid.index(g)))
    chosen[k] = best
    held = sum(f1(pr, test)[2] for pr in runs[best]) / orders
    dflt = sum(f1(pr, test)[2] for pr in runs[grid[0]]) / orders
    print("  fold %d topics %-22s chose %-26s train %.4f  held-out %.4f (%s there: %.4f)" % (
        k, ",".join(str(t) for t in topics if fold[t] == k), best, score[best], held, grid[0], dflt))
print("\ncross-validated (held-out documents of all folds, each scored with its fold's choice):")
print("  %-6s %7s %7s %7s" % ("order", "P", "R", "F1"))
fs = []
for o in range(orders):
    pr = {i: runs[chosen[fold[topic[i]]]][o][i] for i in ids}
    p, r, f = f1(pr, ids)
    fs.append((p, r, f))
    print("  %-6d %7.4f %7.4f %7.4f" % (o + 1, p, r, f))
print("  %-6s %7.4f %7.4f %7.4f" % ("mean", sum(x[0] for x in fs) / orders, sum(x[1] for x in fs) / orders, sum(x[2] for x in fs) / orders))
print("  %-6s %23.4f" % ("worst", min(x[2] for x in fs)))
PY
