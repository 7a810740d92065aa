#!/usr/bin/env bash
# The learned join (internal/cluster/learned.go), trained and
# cross-validated through the real ingest path.
#
#   scripts/learn-events.sh [SHARED_DIR] [ORDERS] [FOLDS]
#
# 1. The ECB+ documents, in ORDERS arrival orders (shuffled as in
#    eval-events.sh), are ingested with the hand rule while the clusterer
#    logs every candidate event's features (STORYLINE_CLUSTER_FEATURES).
# 2. learnjoin labels each (article, candidate) pair from the gold events
#    and fits a logistic model per fold of topics (on the other topics)
#    and one on all topics.
# 3. Each fold's model places all documents again through `storyline
#    ingest` (STORYLINE_CLUSTER_SET=LearnedJoin=1, STORYLINE_CLUSTER_MODEL)
#    and its held-out topics are scored from the export: pooled, that is
#    the cross-validated figure. The model fitted on all topics gives the
#    in-sample figure.
# 4. With ROUNDS=2 (or more), each further round also trains on the
#    feature logs of the previous round's runs (the model's own decisions,
#    DAgger-style), fold by fold, and is scored the same way.
#
# LINK=1 fits and runs the link model instead (LearnedJoin=2: an event
# scored by its articles one by one rather than by its centroid; the
# centroid model of the same fold serves events too large to keep them).
# VETO=1 keeps the hand rule's join and lets the link model veto it
# (LearnedJoin=3).
# THRESHOLDS (say "0.3 0.4 0.5") runs every fold's model at each
# likelihood threshold and chooses one per fold on its training topics.
#
# SET adds clusterer settings to every learned run ("Name=value,..."),
# L2 and THRESHOLD go to learnjoin, STORYLINE_BIN and DOCS as in
# eval-events.sh, CACHE keeps runs and models in a directory, MODEL_OUT
# copies the last round's all-topics model there (to ship it).
set -euo pipefail
shared=${1:-../shared}
orders=${2:-5}
folds=${3:-5}
rounds=${ROUNDS:-1}
docs="${DOCS:-$shared/data/events-ecbplus/docs.jsonl}"
[ -r "$docs" ] || { echo "learn-events: cannot read $docs" >&2; exit 2; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cache=${CACHE:-$tmp/runs}
mkdir -p "$cache"
. "$(dirname "$0")/lib.sh"
storyline_bin "$tmp"
go build -o "$tmp/learnjoin" ./internal/cluster/cmd/learnjoin
for o in $(seq 1 "$orders"); do
  ecb_order "$docs" "$o" "$tmp/in.$o.jsonl"
done

# ingest NAME ORDER SET MODEL: one run, its export and feature log cached.
ingest() {
  local name=$1 o=$2 set=$3 model=$4
  local out="$cache/$name.$o"
  [ -s "$out.export.jsonl" ] && return 0
  rm -f "$tmp/o.db"* "$out.features.jsonl"
  if ! STORYLINE_CLUSTER_SET="$set" STORYLINE_CLUSTER_MODEL="$model" STORYLINE_CLUSTER_FEATURES="$out.features.jsonl" \
    "$tmp/storyline" ingest -q -db "$tmp/o.db" "$tmp/in.$o.jsonl" >"$tmp/log" 2>&1; then
    cat "$tmp/log" >&2; exit 1
  fi
  "$tmp/storyline" export -db "$tmp/o.db" -format jsonl > "$out.export.part"
  mv "$out.export.part" "$out.export.jsonl"
}
runs_of() { # the learnjoin arguments for runs NAME.1 .. NAME.ORDERS
  local o
  for o in $(seq 1 "$orders"); do echo "$cache/$1.$o.features.jsonl:$cache/$1.$o.export.jsonl"; done
}

# The hand rule alone (LearnedJoin=0), whatever the default: its
# decisions make the first training data and the comparison.
for o in $(seq 1 "$orders"); do ingest hand "$o" "LearnedJoin=0" ""; done
mode=1; [ -n "${LINK:-}" ] && mode=2; [ -n "${VETO:-}" ] && mode=3
set=LearnedJoin=$mode${SET:+,$SET}
thresholds=${THRESHOLDS:-${THRESHOLD:-0.5}}
fit() { # fit OUT ONLY [RUNS...]: the centroid model, and the link model with LINK
  local out=$1 only=$2; shift 2
  "$tmp/learnjoin" -docs "$docs" -out "$out" -folds "$folds" ${only:+-only "$only"} -l2 "${L2:-1}" "$@" >&2
  if [ "$mode" -ge 2 ]; then
    "$tmp/learnjoin" -docs "$docs" -out "$out/link" -folds "$folds" ${only:+-only "$only"} -l2 "${L2:-1}" -link "$@" >&2
  fi
}
for r in $(seq 1 "$rounds"); do
  m="$cache/models$r"
  if [ ! -s "$m/all.json" ]; then
    if [ "$r" = 1 ]; then
      fit "$m" "" $(runs_of hand)
    else
      # Fold k trains on the hand rule's logs and on the logs of the
      # previous round's fold-k runs (learnjoin keeps only its training
      # topics); "all" on the previous round's all-topics runs.
      p=$((r - 1))
      for k in $(seq 0 $((folds - 1))) all; do
        fit "$m" "$k" $(runs_of hand) $(runs_of "r$p.$k.t${thresholds%% *}")
      done
    fi
  fi
  for t in $thresholds; do
    for k in $(seq 0 $((folds - 1))) all; do
      name=fold$k; [ "$k" = all ] && name=all
      # The threshold is the model's: a copy of each model file with it.
      mkdir -p "$m/t$t"
      python3 -c 'import json,sys; m=json.load(open(sys.argv[1])); m["threshold"]=float(sys.argv[3]); json.dump(m,open(sys.argv[2],"w"),indent=1)' \
        "$m/$name.json" "$m/t$t/$name.json" "$t"
      model="$m/t$t/$name.json"
      if [ "$mode" -ge 2 ]; then
        mkdir -p "$m/t$t/link"
        python3 -c 'import json,sys; m=json.load(open(sys.argv[1])); m["threshold"]=float(sys.argv[3]); json.dump(m,open(sys.argv[2],"w"),indent=1)' \
          "$m/link/$name.json" "$m/t$t/link/$name.json" "$t"
        model="$model,$m/t$t/link/$name.json"
      fi
      for o in $(seq 1 "$orders"); do ingest "r$r.$k.t$t" "$o" "$set" "$model"; done
    done
  done
done
if [ -n "${MODEL_OUT:-}" ]; then
  mkdir -p "$MODEL_OUT"; cp "$cache/models$rounds/all.json" "$MODEL_OUT/join_model.json"
  [ "$mode" -ge 2 ] && cp "$cache/models$rounds/link/all.json" "$MODEL_OUT/link_model.json"
fi

python3 - "$docs" "$orders" "$folds" "$rounds" "$cache" "$thresholds" "$(dirname "$0")" <<'PY'
import json, sys
sys.path.insert(0, sys.argv.pop())
import bcubed
docs, orders, folds, rounds, cache = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4]), sys.argv[5]
thresholds = sys.argv[6].split()
gold, topic, url = bcubed.load_gold(docs)
topics = sorted(set(topic.values()))
fold = {t: i % folds for i, t in enumerate(topics)}
ids = list(gold)

def perdoc(path):
    return bcubed.perdoc(path, gold, url, "learn-events")

f1 = bcubed.f1

def line(label, fs):
    n = len(fs)
    print("  %-34s %7.4f %7.4f %7.4f %7.4f" % (label, sum(x[0] for x in fs) / n, sum(x[1] for x in fs) / n,
                                             sum(x[2] for x in fs) / n, min(x[2] for x in fs)))

print("events-ecbplus through storyline ingest: %d documents, %d topics, %d orders, %d folds by topic\n" % (len(ids), len(topics), orders, folds))
print("  %-34s %7s %7s %7s %7s" % ("", "P", "R", "F1", "worst"))
hand = [perdoc("%s/hand.%d.export.jsonl" % (cache, o)) for o in range(1, orders + 1)]
line("hand rule, in-sample", [f1(pr, ids) for pr in hand])
for r in range(1, rounds + 1):
    runs = {(k, t): [perdoc("%s/r%d.%s.t%s.%d.export.jsonl" % (cache, r, k, t, o)) for o in range(1, orders + 1)]
            for k in [str(k) for k in range(folds)] + ["all"] for t in thresholds}
    for t in thresholds:
        line("round %d, threshold %s, in-sample" % (r, t), [f1(pr, ids) for pr in runs[("all", t)]])
    chosen = {}
    for k in range(folds):
        train = [i for i in ids if fold[topic[i]] != k]
        score = {t: sum(f1(pr, train)[2] for pr in runs[(str(k), t)]) / orders for t in thresholds}
        chosen[k] = max(thresholds, key=lambda t: (round(score[t], 6), -thresholds.index(t)))
    cv = []
    for o in range(orders):
        pr = {i: runs[(str(fold[topic[i]]), chosen[fold[topic[i]]])][o][i] for i in ids}
        cv.append(f1(pr, ids))
    line("round %d, cross-validated" % r, cv)
    for k in range(folds):
        held = [i for i in ids if fold[topic[i]] == k]
        a = sum(f1(pr, held)[2] for pr in runs[(str(k), chosen[k])]) / orders
        h = sum(f1(pr, held)[2] for pr in hand) / orders
        print("    fold %d (topics %s): threshold %s chosen on the other topics, held-out F1 %.4f, hand rule there %.4f" % (
            k, ",".join(str(t) for t in topics if fold[t] == k), chosen[k], a, h))
PY
