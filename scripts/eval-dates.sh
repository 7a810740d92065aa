#!/usr/bin/env bash
# Scores Storyline's publication dates on dates-htmldate through the product:
# storyline ingest the pages, export JSONL, run the data set's scorer.
#   scripts/eval-dates.sh [SHARED_DIR]      (default: ../shared)
# Extraction only (-analyze=false, one worker): the date is fixed by
# extract.Article before analysis, so analysis cannot change it.
set -euo pipefail
cd "$(dirname "$0")/.."
shared=${1:-../shared}
out=${OUT:-$(mktemp -d)}
go build -o "$out/storyline" ./cmd/storyline
db="$out/dates.db"
rm -f "$db"*
"$out/storyline" ingest -q -analyze=false -workers 1 --db "$db" "$shared/data/dates-htmldate/pages.jsonl.gz" || true
# The scorer reads "id" before "source_id"; Storyline's "id" is its own
# integer, so hand it the export without it.
"$out/storyline" export -format jsonl --db "$db" |
  python3 -c 'import json,sys
for l in sys.stdin:
    r = json.loads(l); r.pop("id"); print(json.dumps(r))' > "$out/dates-product.jsonl"
echo "== publication dates through ingest + export (dates-htmldate, $(wc -l < "$shared/data/dates-htmldate/gold.jsonl") pages)"
python3 "$shared/tools/score_dates.py" "$shared/data/dates-htmldate/gold.jsonl" "$out/dates-product.jsonl"
echo "(outputs in $out)"
