#!/usr/bin/env bash
# Quotations through the product: the PolNeAR articles (only id and text,
# as any input would carry them) ingested by `storyline ingest`, exported
# by `storyline export`, the export's quotations turned into the scorer's
# prediction format from their offsets, and scored by the shared
# score_quotes.py, on all attributions and with --speech-only.
#
#   scripts/eval-quotes.sh [SHARED_DIR] [SPLIT...]
#
# SHARED_DIR defaults to ../shared; SPLIT names files of
# SHARED_DIR/data/quotes-polnear (default: dev). With FOLDS=5 the articles of
# the splits are dealt into 5 document folds (by a hash of the id, so the
# same article is always in the same fold) and each fold is scored on its
# own; the mean and the spread of the folds are printed last.
#
# KIND=speech scores only the quotations the export marks "kind": "speech"
# (default: every exported quotation, speech and belief). STORYLINE_BIN
# scores another build; KEEP=DIR keeps the inputs, export and predictions.
#
# The exported text is the cleaned text, not the input: the first line
# becomes the title and no-break spaces become spaces. Offsets are UTF-8
# byte offsets into the exported `text`; the converter maps them to code
# point offsets into the gold text (an alignment of the two texts), so the
# scorer runs without --byte-offsets. A quotation in the title is lost: the
# product does not look for quotations in headlines.
set -euo pipefail
shared=${1:-../shared}
shift || true
splits=("$@")
[ ${#splits[@]} -gt 0 ] || splits=(dev)
data="$shared/data/quotes-polnear"
scorer="$shared/tools/score_quotes.py"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
. "$(dirname "$0")/lib.sh"
storyline_bin "$tmp"
gold=()
for s in "${splits[@]}"; do gold+=("$data/$s.jsonl.gz"); done
# the gold of the chosen splits in one file, and the ingest input
python3 - "$tmp" "${gold[@]}" <<'PY'
import gzip, json, sys
tmp = sys.argv[1]
with open(tmp + "/gold.jsonl", "w") as g, open(tmp + "/in.jsonl", "w") as o:
    for path in sys.argv[2:]:
        for line in gzip.open(path, "rt", encoding="utf-8"):
            d = json.loads(line)
            g.write(line if line.endswith("\n") else line + "\n")
            o.write(json.dumps({"id": d["id"], "text": d["text"]}) + "\n")
PY
if ! "$tmp/storyline" ingest -q -db "$tmp/q.db" "$tmp/in.jsonl" >"$tmp/log" 2>&1; then
  cat "$tmp/log" >&2; exit 1
fi
"$tmp/storyline" export -db "$tmp/q.db" -format jsonl > "$tmp/export.jsonl"
python3 - "$tmp" "${KIND:-all}" <<'PY'
import difflib, json, sys
tmp, kind = sys.argv[1], sys.argv[2]
gold = {}
for line in open(tmp + "/gold.jsonl", encoding="utf-8"):
    d = json.loads(line)
    gold[d["id"]] = d["text"]

def char_map(exp, ref):
    """m[i] is the code point offset in ref of code point i of exp (an
    alignment: equal runs map one to one, a changed character maps to
    where its run starts in ref)."""
    m = [0] * (len(exp) + 1)
    sm = difflib.SequenceMatcher(None, exp, ref, autojunk=False)
    for tag, i1, i2, j1, j2 in sm.get_opcodes():
        for k in range(i1, i2 + 1):
            m[k] = j1 + min(k - i1, j2 - j1) if tag != "insert" else j1
    return m

def byte_to_char(s):
    b = [0] * (len(s.encode("utf-8")) + 1)
    at = 0
    for i, ch in enumerate(s):
        n = len(ch.encode("utf-8"))
        for k in range(n):
            b[at + k] = i
        at += n
    b[at] = len(s)
    return b

n_q = n_off = 0
with open(tmp + "/pred.jsonl", "w") as out:
    for line in open(tmp + "/export.jsonl", encoding="utf-8"):
        r = json.loads(line)
        ref = gold.get(r["source_id"])
        if ref is None:
            continue
        exp = r["text"]
        m, b = char_map(exp, ref), byte_to_char(exp)
        pos = lambda i: m[b[i]]
        qs = []
        for q in r["quotes"]:
            if kind == "speech" and q.get("kind") == "belief":
                continue
            n_q += 1
            p = {"speaker": q["speaker"] or q["speaker_mention"], "direct": q["direct"]}
            if q.get("end", 0) > q.get("start", 0):
                n_off += 1
                p["start"], p["end"] = pos(q["start"]), pos(q["end"])
                if q.get("pieces"):
                    p["spans"] = [[pos(s), pos(e)] for s, e in q["pieces"]]
                if q.get("speaker_end", -1) > q.get("speaker_start", -1) >= 0:
                    p["speaker_start"], p["speaker_end"] = pos(q["speaker_start"]), pos(q["speaker_end"])
            else:
                p["text"] = q["text"]  # an export without offsets: the scorer locates the text
            qs.append(p)
        out.write(json.dumps({"id": r["source_id"], "quotes": qs}) + "\n")
print("%d exported quotations scored (kind %s), %d located by their offsets" % (n_q, kind, n_off))
PY
if [ -n "${KEEP:-}" ]; then mkdir -p "$KEEP" && cp "$tmp"/{in,export,pred,gold}.jsonl "$KEEP"/; fi
folds=${FOLDS:-0}
if [ "$folds" -le 1 ]; then
  for opt in "" --speech-only; do
    echo "== ${splits[*]} ${opt:-(all attributions)}"
    python3 "$scorer" "$tmp/gold.jsonl" "$tmp/pred.jsonl" $opt
  done
  exit 0
fi
# document folds: fold = crc32(id) mod FOLDS
python3 - "$tmp" "$folds" <<'PY'
import json, sys, zlib
tmp, k = sys.argv[1], int(sys.argv[2])
for name in ("gold", "pred"):
    outs = [open("%s/%s.%d.jsonl" % (tmp, name, f), "w") for f in range(k)]
    for line in open("%s/%s.jsonl" % (tmp, name), encoding="utf-8"):
        d = json.loads(line)
        outs[zlib.crc32(d["id"].encode()) % k].write(line)
PY
for f in $(seq 0 $((folds - 1))); do
  for opt in "" --speech-only; do
    python3 "$scorer" "$tmp/gold.$f.jsonl" "$tmp/pred.$f.jsonl" $opt --json > "$tmp/score.$f${opt:+.speech}.json"
  done
done
python3 - "$tmp" "$folds" <<'PY'
import json, statistics, sys
tmp, k = sys.argv[1], int(sys.argv[2])
def fig(d):
    p, r, f = d["all"]
    return p, r, f, d["speaker_accuracy"]
for name, suf in (("all attributions", ""), ("--speech-only", ".speech")):
    rows = [fig(json.load(open("%s/score.%d%s.json" % (tmp, f, suf)))) for f in range(k)]
    print("== %s, %d document folds" % (name, k))
    print("%-5s %6s %6s %6s %8s" % ("fold", "P", "R", "F1", "speaker"))
    for f, r in enumerate(rows):
        print("%-5d %6.3f %6.3f %6.3f %8.3f" % ((f,) + r))
    cols = list(zip(*rows))
    print("%-5s %6.3f %6.3f %6.3f %8.3f" % (("mean",) + tuple(statistics.mean(c) for c in cols)))
    print("%-5s %6.3f %6.3f %6.3f %8.3f" % (("min",) + tuple(min(c) for c in cols)))
PY
