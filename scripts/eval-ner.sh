#!/usr/bin/env bash
# Named entities through the product: the CoNLL-2003 documents of SPLIT
# (dev by default) go through `storyline ingest` as plain text (one
# sentence a line, tokens joined by spaces, a neutral title so that the
# first line stays in the text), `storyline export` gives each entity's
# mentions with their offsets and type, the mentions are mapped back onto
# the tokens, and the shared conlleval.py scores them (entity F1, exact
# span and type).
#
#   scripts/eval-ner.sh [SHARED_DIR] [SPLIT]
#
# SPLIT is a file name in $SHARED_DIR/data/ner-conll2003 without
# .txt.gz (dev, train; the held-out test wherever it is, with CONLL=FILE).
# What the tagger does not see as it would in the data (the NER model
# chose its epochs on dev, so dev is in-sample) is said in
# docs/figures/ner.md. STORYLINE_BIN scores another build; KEEP=DIR keeps
# the input, export and tagged file.
set -euo pipefail
shared=${1:-../shared}
split=${2:-dev}
conll=${CONLL:-$shared/data/ner-conll2003/$split.txt.gz}
[ -r "$conll" ] || { echo "eval-ner: cannot read $conll" >&2; exit 2; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
. "$(dirname "$0")/lib.sh"
storyline_bin "$tmp"
python3 - "$conll" "$tmp/in.jsonl" "$tmp/docs.json" <<'PY'
import gzip, json, sys
src, out, side = sys.argv[1:4]
docs, sent, doc = [], [], []
for line in gzip.open(src, "rt"):
    line = line.rstrip("\n")
    if line.startswith("-DOCSTART-"):
        if sent: doc.append(sent); sent = []
        if doc: docs.append(doc); doc = []
        continue
    if not line.strip():
        if sent: doc.append(sent); sent = []
        continue
    f = line.split(" ")
    sent.append((f[0], f[-1]))
if sent: doc.append(sent)
if doc: docs.append(doc)
with open(out, "w") as w:
    for n, d in enumerate(docs):
        text = "\n".join(" ".join(t for t, _ in s) for s in d)
        w.write(json.dumps({"id": "conll-%d" % n, "title": "Document %d" % n, "text": text}) + "\n")
json.dump(docs, open(side, "w"))
PY
if ! "$tmp/storyline" ingest -q -db "$tmp/o.db" "$tmp/in.jsonl" >"$tmp/log" 2>&1; then
  cat "$tmp/log" >&2; exit 1
fi
"$tmp/storyline" export -db "$tmp/o.db" -format jsonl > "$tmp/out.jsonl"
python3 - "$tmp/docs.json" "$tmp/out.jsonl" "$tmp/tagged.txt" "$tmp/kept.txt" <<'PY'
import json, sys
docs = json.load(open(sys.argv[1]))
kept = open(sys.argv[4], "w")
out = {}
for l in open(sys.argv[2]):
    a = json.loads(l)
    out[a["source_id"]] = a
missing = unaligned = 0
with open(sys.argv[3], "w") as w:
    for n, d in enumerate(docs):
        a = out.get("conll-%d" % n)
        toks = [t for s in d for t in s]
        pred = ["O"] * len(toks)
        if a is None:
            missing += 1
        else:
            text = a["text"].encode("utf-8")  # offsets are byte offsets
            # Each token's range in the exported text, found in order.
            spans, pos = [], 0
            for t, _ in toks:
                # Near the last token only: a token of a dropped line (a
                # dateline) must not match one far ahead.
                i = text.find(t.encode("utf-8"), pos, pos + 40 + len(t.encode("utf-8")))
                if i < 0:
                    spans.append(None); unaligned += 1
                    continue
                spans.append((i, i + len(t.encode("utf-8"))))
                pos = i + len(t.encode("utf-8"))
            for e in a.get("entities") or []:
                for s, en in e.get("mentions_at") or []:
                    inside = [k for k, sp in enumerate(spans) if sp and sp[0] >= s and sp[1] <= en]
                    if not inside or any(pred[k] != "O" for k in inside):
                        continue
                    for j, k in enumerate(inside):
                        pred[k] = ("B-" if j == 0 else "I-") + e["type"]
        k = 0
        for s in d:
            whole = a is not None and all(spans[k + j] for j in range(len(s)))
            for t, g in s:
                w.write("%s %s %s\n" % (t, g, pred[k]))
                if whole:
                    kept.write("%s %s %s\n" % (t, g, pred[k]))
                k += 1
            w.write("\n")
            if whole:
                kept.write("\n")
print("eval-ner: %d documents, %d not stored (scored as tagging nothing), %d tokens not found in the exported text"
      % (len(docs), missing, unaligned), file=sys.stderr)
PY
echo "All sentences (a sentence the cleaner dropped from the text counts as tagging nothing):"
python3 "$shared/tools/conlleval.py" "$tmp/tagged.txt"
echo
echo "Only the sentences the exported text keeps whole (the tagger's own figure through the product):"
python3 "$shared/tools/conlleval.py" "$tmp/kept.txt"
if [ -n "${KEEP:-}" ]; then mkdir -p "$KEEP"; cp "$tmp/in.jsonl" "$tmp/out.jsonl" "$tmp/tagged.txt" "$tmp/kept.txt" "$KEEP/"; fi
