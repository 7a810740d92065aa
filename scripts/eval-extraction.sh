#!/usr/bin/env bash
# Scores Storyline's whole extraction through the real ingest path:
# storyline ingest the data set as it is, export JSONL, run the data set's scorer.
#   scripts/eval-extraction.sh [SHARED_DIR]      (default: ../shared)
set -euo pipefail
cd "$(dirname "$0")/.."
shared=${1:-../shared}
out=${OUT:-$(mktemp -d)}
go build -o "$out/storyline" ./cmd/storyline
for set in extraction-trafilatura dates-htmldate; do
  db="$out/$set.db"
  rm -f "$db"*
  "$out/storyline" ingest -q --db "$db" "$shared/data/$set/pages.jsonl.gz" || true
  # The scorers read "id" before "source_id"; Storyline's "id" is its own
  # integer, so hand them the export without it.
  "$out/storyline" export --db "$db" |
    python3 -c 'import json,sys
for l in sys.stdin:
    r = json.loads(l); r.pop("id"); print(json.dumps(r))' > "$out/$set.jsonl"
done
echo "== main text, title, author, date on extraction-trafilatura (990 pages)"
python3 "$shared/tools/score_extraction.py" "$shared/data/extraction-trafilatura/gold.jsonl" "$out/extraction-trafilatura.jsonl"
echo "== publication dates on dates-htmldate (795 pages)"
python3 "$shared/tools/score_dates.py" "$shared/data/dates-htmldate/gold.jsonl" "$out/dates-htmldate.jsonl"
echo "(outputs in $out)"
