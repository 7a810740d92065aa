#!/bin/sh
# Derives word clusters for the NER tagger from the unlabelled news text in
# the shared data (internal/analyze/ner/clusters/README.md). Run from the
# repository root:
#   sh internal/analyze/ner/cmd/nerclusters/build.sh OUT.txt.gz [SHARED_DATA_DIR] [nerclusters flags]
# To ship a cluster file, write it into internal/analyze/ner/clusters/ and retrain.
set -eu
OUT=$1
S=${2:-../shared/data}
[ $# -ge 2 ] && shift 2 || shift 1
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
python3 internal/analyze/ner/cmd/nerclusters/htmltext.py \
    $S/dates-htmldate/pages.jsonl.gz $S/extraction-trafilatura/pages.jsonl.gz > $TMP/web.jsonl
go run ./internal/analyze/ner/cmd/nerclusters -sizes 64,256,1024 -min 3 -iters 15 "$@" -out "$OUT" \
    $S/events-ecbplus/docs.jsonl $S/quotes-polnear/train.jsonl.gz $S/quotes-polnear/dev.jsonl.gz $TMP/web.jsonl
