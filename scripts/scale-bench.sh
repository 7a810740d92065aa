#!/usr/bin/env bash
# Measures the scale-out (docs/scale.md): ingest throughput of one process
# on SQLite and on PostgreSQL, and of 1, 2 and 4 `storyline worker`
# processes (one analysing goroutine each) on PostgreSQL and NATS
# JetStream, with where the time went; then checks that 4 workers
# partition ECB+ into the same events, storylines and copies as one
# process given the same arrival order.
#
#   scripts/scale-bench.sh [SHARED]     # SHARED defaults to ../shared
#
# Starts its own PostgreSQL and nats-server (scripts/services.sh) on free
# ports in a temporary folder and stops them at the end.
set -euo pipefail
cd "$(dirname "$0")/.."
shared="${1:-../shared}"
ecb="$shared/data/events-ecbplus/docs.jsonl"
pages="$shared/data/extraction-trafilatura/pages.jsonl.gz"
work="$(mktemp -d)"
chmod 755 "$work"
mkdir -p "$work/svc"
export STORYLINE_PG_PORT=$((20000 + RANDOM % 20000))
export STORYLINE_NATS_PORT=$((STORYLINE_PG_PORT + 1))
trap 'kill $(jobs -p) 2>/dev/null || true; scripts/services.sh stop "$work/svc" || true; rm -rf "$work"' EXIT
services_env="$(scripts/services.sh start "$work/svc")"
eval "$services_env"
go build -o "$work/storyline" ./cmd/storyline
sl="$work/storyline"
admin="$STORYLINE_TEST_POSTGRES"
nats="$STORYLINE_TEST_NATS"

# The corpus: the 990 web pages (extraction dominates) then ECB+'s 462
# texts (analysis and placement dominate).
corpus="$work/corpus.jsonl"
{ gzip -dc "$pages"; cat "$ecb"; } >"$corpus"
n=$(wc -l <"$corpus")
echo "corpus: $n documents ($pages, $ecb)"

createdb() {
	PGPASSWORD=storyline "$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)/psql" -q -h 127.0.0.1 -p "$STORYLINE_PG_PORT" -U storyline -d postgres -c "CREATE DATABASE $1" >/dev/null
	echo "postgres://storyline:storyline@127.0.0.1:$STORYLINE_PG_PORT/$1?sslmode=disable"
}

rate() { python3 -c "import sys; print(f'{int(sys.argv[1])/float(sys.argv[2]):.1f}')" "$1" "$2"; }

now() { date +%s.%N; }

elapsed() { python3 -c "import sys; print(f'{float(sys.argv[2])-float(sys.argv[1]):.1f}')" "$1" "$2"; }

# One process.
t0=$(now)
"$sl" ingest -q --db "$work/one.db" "$corpus" >/dev/null 2>"$work/one.log" || true
t1=$(now)
echo "| one process, SQLite (embedded default) | $(elapsed "$t0" "$t1") s | $(rate "$n" "$(elapsed "$t0" "$t1")") docs/s |"
db=$(createdb one_pg)
t0=$(now)
"$sl" ingest -q --db "$db" "$corpus" >/dev/null 2>"$work/one_pg.log" || true
t1=$(now)
echo "| one process, PostgreSQL | $(elapsed "$t0" "$t1") s | $(rate "$n" "$(elapsed "$t0" "$t1")") docs/s |"

# Workers.
for w in 1 2 4; do
	db=$(createdb "w$w")
	prefix="BENCH$w"
	pids=()
	for i in $(seq 1 "$w"); do
		"$sl" worker --db "$db" --queue "$nats" --queue-prefix "$prefix" --workers 1 --progress 10s 2>"$work/w$w.$i.log" &
		pids+=($!)
	done
	t0=$(now)
	"$sl" ingest -q --queue "$nats" --queue-prefix "$prefix" --wait "$corpus" >/dev/null 2>"$work/ingest$w.log"
	t1=$(now)
	kill -TERM "${pids[@]}"
	wait "${pids[@]}" || true
	echo "| $w worker(s) × 1 goroutine, PostgreSQL + NATS | $(elapsed "$t0" "$t1") s | $(rate "$n" "$(elapsed "$t0" "$t1")") docs/s |"
	grep -h "time in" "$work"/w$w.*.log | sed 's/^/    /'
done

# The placer alone: analysed by workers that do not place, then placed.
db=$(createdb placer)
pids=()
for i in 1 2; do
	"$sl" worker --db "$db" --queue "$nats" --queue-prefix PLACER --workers 1 --place=false 2>"$work/p.$i.log" &
	pids+=($!)
done
"$sl" ingest -q --queue "$nats" --queue-prefix PLACER "$corpus" >/dev/null 2>&1
# Wait until every raw document is analysed (the workers log it).
analysed() {
	local sum=0 x f
	for f in "$@"; do
		x=$(grep -o "worker: [0-9]* analysed" "$f" 2>/dev/null | tail -1 | awk '{print $2}')
		sum=$((sum + ${x:-0}))
	done
	echo "$sum"
}
until [ "$(analysed "$work"/p.*.log)" -ge "$n" ]; do sleep 1; done
kill -TERM "${pids[@]}"
wait "${pids[@]}" || true
t0=$(now)
"$sl" worker --db "$db" --queue "$nats" --queue-prefix PLACER --workers 1 --progress 1s 2>"$work/placer.log" &
pid=$!
until grep -q "; $n placed" "$work/placer.log" 2>/dev/null; do sleep 0.2; done
t1=$(now)
kill -TERM "$pid"
wait "$pid" || true
echo "| placer alone (results waiting), PostgreSQL | $(elapsed "$t0" "$t1") s | $(rate "$n" "$(elapsed "$t0" "$t1")") docs/s |"
grep -h "time in" "$work/placer.log" | sed 's/^/    /'

# ECB+ through one process and through 4 workers, the same arrival order.
"$sl" ingest -q --db "$work/ecb.db" "$ecb" >/dev/null 2>&1 || true
db=$(createdb ecb4)
pids=()
for i in 1 2 3 4; do
	"$sl" worker --db "$db" --queue "$nats" --queue-prefix ECB --workers 1 2>"$work/ecb.$i.log" &
	pids+=($!)
done
"$sl" ingest -q --queue "$nats" --queue-prefix ECB --wait "$ecb" >/dev/null 2>&1
kill -TERM "${pids[@]}"
wait "${pids[@]}" || true
"$sl" export --db "$work/ecb.db" >"$work/one.jsonl"
"$sl" export --db "$db" >"$work/four.jsonl"
python3 - "$work/one.jsonl" "$work/four.jsonl" <<'PY'
import json, sys
def load(p):
    recs = [json.loads(l) for l in open(p)]
    key = {r["id"]: r.get("source_id") or r["url"] for r in recs}
    def part(field):
        g = {}
        for r in recs:
            g.setdefault(r.get(field) or 0, set()).add(key[r["id"]])
        return sorted(sorted(s) for s in g.values())
    dup = sorted((key[r["id"]], key.get(r.get("duplicate_of"))) for r in recs if r.get("duplicate_of"))
    return len(recs), part("event"), part("storyline"), dup
a, b = load(sys.argv[1]), load(sys.argv[2])
print(f"ECB+: one process {a[0]} articles, {len(a[1])} events, {len(a[2])} storylines, {len(a[3])} copies;"
      f" 4 workers {b[0]} articles, {len(b[1])} events, {len(b[2])} storylines, {len(b[3])} copies")
for name, i in (("articles", 0), ("events", 1), ("storylines", 2), ("copies", 3)):
    print(f"  {name}: {'equal' if a[i] == b[i] else 'DIFFERENT'}")
sys.exit(0 if a == b else 1)
PY
