#!/usr/bin/env bash
# Cross-validation by site of the main-text extraction (issue 16, item 2):
# the library alone (evalhtml -extractor trafilatura: go-trafilatura with its
# fallback), htmlmain.Extract (own rendering of trafilatura's tree), storyline
# (Extract + clean.Body) and the product as shipped (storyline ingest +
# export, as scripts/eval-extraction.sh), scored page by page with
# score_extraction.py --per-page and compared fold by fold by
# scripts/cv-extraction.py. Figures: docs/figures/extraction.md.
#   scripts/cv-extraction.sh [SHARED_DIR]     (default: ../shared; K=5 folds unless K is set)
set -euo pipefail
cd "$(dirname "$0")/.."
shared=${1:-../shared}
set=$shared/data/extraction-trafilatura
out=${OUT:-$(mktemp -d)}
go build -o "$out/evalhtml" ./internal/extract/htmlmain/cmd/evalhtml
go build -o "$out/storyline" ./cmd/storyline
for e in trafilatura htmlmain storyline; do
  "$out/evalhtml" -pages "$set/pages.jsonl.gz" -extractor "$e" -workers "${WORKERS:-2}" -out "$out/x-$e.jsonl" >&2
done
db="$out/product.db"
rm -f "$db"*
"$out/storyline" ingest -q --db "$db" "$set/pages.jsonl.gz" >&2 || true
"$out/storyline" export --db "$db" |
  python3 -c 'import json,sys
for l in sys.stdin:
    r = json.loads(l); r.pop("id"); print(json.dumps(r))' > "$out/x-product.jsonl"
for e in trafilatura htmlmain storyline product; do
  python3 "$shared/tools/score_extraction.py" "$set/gold.jsonl" "$out/x-$e.jsonl" --per-page "$out/pp-$e.tsv" --json |
    python3 -c 'import json,sys; r=json.loads(sys.stdin.read()); print("'"$e"'", "score_extraction.py F %.4f" % r["f1"])'
done
python3 scripts/cv-extraction.py -k "${K:-5}" "$set/gold.jsonl" \
  library="$out/pp-trafilatura.tsv" htmlmain="$out/pp-htmlmain.tsv" \
  storyline="$out/pp-storyline.tsv" product="$out/pp-product.tsv"
echo "(outputs in $out)"
