# Shared by the evaluation scripts (sourced, not run).

# storyline_bin DIR puts the build to measure at DIR/storyline:
# STORYLINE_BIN when set (another commit's build, say), else a build of
# this tree.
storyline_bin() {
  if [ -n "${STORYLINE_BIN:-}" ]; then
    cp "$STORYLINE_BIN" "$1/storyline"
  else
    go build -o "$1/storyline" ./cmd/storyline
  fi
}

# ecb_order DOCS N OUT writes the ECB+ documents of DOCS in arrival order
# N (a shuffle seeded by N) to OUT, with only what an input would carry:
# id, url, text.
ecb_order() {
  python3 - "$1" "$2" > "$3" <<'PY'
import json, random, sys
docs = [l for l in open(sys.argv[1]) if l.strip()]
random.Random(int(sys.argv[2])).shuffle(docs)
for l in docs:
    d = json.loads(l)
    print(json.dumps({"id": d["id"], "url": d.get("url", ""), "text": d["text"]}))
PY
}
