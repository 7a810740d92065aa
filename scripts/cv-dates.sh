#!/usr/bin/env bash
# Ablation and cross-validation by site of the rules Storyline adds on top of
# go-htmldate (htmlmain.DateRules): runs every subset of the rules on every
# page (evalhtml -extractor date-rules, the same htmlmain code the ingest
# runs) and scores them with scripts/cv-dates.py.
#   scripts/cv-dates.sh [SHARED_DIR] [SET]   (defaults: ../shared dates-htmldate;
#                                             SET may be extraction-trafilatura)
# K=5 folds by site unless K is set.
set -euo pipefail
cd "$(dirname "$0")/.."
shared=${1:-../shared}
set=${2:-dates-htmldate}
out=${OUT:-$(mktemp -d)}
go build -o "$out/evalhtml" ./internal/extract/htmlmain/cmd/evalhtml
"$out/evalhtml" -pages "$shared/data/$set/pages.jsonl.gz" -dates -extractor date-rules \
  -workers 1 -out "$out/rules-$set.jsonl" >&2
python3 scripts/cv-dates.py -k "${K:-5}" "$shared/data/$set/gold.jsonl" "$out/rules-$set.jsonl"
echo "(outputs in $out)"
