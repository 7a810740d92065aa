#!/usr/bin/env bash
# Events and storylines on a real stream, through the real ingest path: the
# 840 PolNeAR train articles (election coverage, Nov 2015 - Sep 2016), each
# dated from its id and shuffled by SEED, ingested by `storyline ingest`,
# exported, and measured by the shared blob scorer (share of articles in
# events spanning more than 30 days; the largest storyline's share). Then
# the largest storylines' headlines, in date order, for reading.
#
#   scripts/stream-events.sh [SHARED_DIR] [SEED] [STORYLINES]
#
# SHARED_DIR defaults to ../shared, SEED to 1, STORYLINES (how many of the
# largest to list) to 3. STORYLINE_BIN scores another build;
# STORYLINE_CLUSTER_SET overrides clusterer settings as in cv-events.sh.
set -euo pipefail
shared=${1:-../shared}
seed=${2:-1}
top=${3:-3}
gold="$shared/data/quotes-polnear/train.jsonl.gz"
[ -r "$gold" ] || { echo "stream-events: cannot read $gold" >&2; exit 2; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
. "$(dirname "$0")/lib.sh"
storyline_bin "$tmp"
python3 "$shared/tools/dated_polnear.py" "$gold" "$seed" > "$tmp/stream.jsonl"
"$tmp/storyline" ingest -q -db "$tmp/s.db" "$tmp/stream.jsonl" > "$tmp/log" 2>&1 || { cat "$tmp/log" >&2; exit 1; }
"$tmp/storyline" export -db "$tmp/s.db" -format jsonl > "$tmp/export.jsonl"
python3 "$shared/tools/stream_blobs.py" "$tmp/export.jsonl"
python3 - "$tmp/export.jsonl" "$top" <<'PY'
import collections, json, sys
rows = [json.loads(l) for l in open(sys.argv[1]) if l.strip()]
st = collections.defaultdict(list)
for r in rows:
    st[r["storyline"]].append(r)
for s, v in sorted(st.items(), key=lambda x: -len(x[1]))[:int(sys.argv[2])]:
    v.sort(key=lambda r: (r["published"], r["event"]))
    print("\nstoryline %d: %d articles, %d events, %s .. %s" % (
        s, len(v), len({r["event"] for r in v}), v[0]["published"][:10], v[-1]["published"][:10]))
    for r in v:
        print("  %s  e%-4d %s" % (r["published"][:10], r["event"], (r["title"] or r["text"][:80]).strip()[:100]))
PY
