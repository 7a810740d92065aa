#!/bin/sh
# Regenerates internal/cluster/stopwords.txt: the function words of the
# languages the clusterer reads besides English, one language per line
# ("de aber alle ..."), from the npm package stopwords-iso 1.1.0
# (MIT licence, https://github.com/stopwords-iso/stopwords-iso).
# Needs npm and python3; run from the repository root.
set -eu
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
(cd "$tmp" && npm pack --silent stopwords-iso@1.1.0 >/dev/null && tar xzf stopwords-iso-1.1.0.tgz)
python3 - "$tmp/package/stopwords-iso.json" > internal/cluster/stopwords.txt <<'PY'
import json, sys
lists = json.load(open(sys.argv[1], encoding="utf-8"))
print("# Function words by language, from stopwords-iso 1.1.0 (MIT licence).")
print("# Regenerate with scripts/stopwords.sh; do not edit.")
for lang in "cs da de es fi fr hu it nl no pl pt ro ru sv tr".split():
    words = sorted({w.strip().lower() for w in lists[lang]
                    if w.strip() and " " not in w.strip() and not any(c.isdigit() or c == "_" for c in w)})
    print(lang, " ".join(words))
PY
