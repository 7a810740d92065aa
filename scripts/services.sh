#!/usr/bin/env bash
# Starts (or stops) a throwaway PostgreSQL and NATS JetStream server on
# loopback, with their data in one folder, for the tests and benchmarks of
# the scale-out (docs/scale.md). Debian's postgresql and nats-server
# packages must be installed (.ci/run installs them).
#
#   eval "$(scripts/services.sh start DIR)"   # prints the variables to export
#   scripts/services.sh stop DIR
#   scripts/services.sh restart-nats DIR | restart-postgres DIR
#
# Ports: STORYLINE_PG_PORT (default 55432), STORYLINE_NATS_PORT (default 54222).
set -euo pipefail
cmd="${1:?usage: services.sh start|stop|restart-nats|restart-postgres DIR}"
dir="${2:?usage: services.sh $cmd DIR}"
pgport="${STORYLINE_PG_PORT:-55432}"
natsport="${STORYLINE_NATS_PORT:-54222}"
pgbin="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)"

# PostgreSQL refuses to run as root: run it as the postgres user when root.
as_pg() {
	if [ "$(id -u)" = 0 ]; then
		su postgres -s /bin/bash -c "$(printf '%q ' "$@")"
	else
		"$@"
	fi
}

start_pg() {
	as_pg "$pgbin/pg_ctl" -D "$dir/pg" -l "$dir/pg.log" -w -t 60 \
		-o "-p $pgport -k $dir/pgsock -c listen_addresses=127.0.0.1 -c fsync=on -c max_connections=200" start >/dev/null
}

start_nats() {
	cat >"$dir/nats.conf" <<CONF
listen: 127.0.0.1:$natsport
max_payload: 8MB
jetstream {
  store_dir: "$dir/nats"
}
CONF
	nats-server -c "$dir/nats.conf" >"$dir/nats.log" 2>&1 &
	echo $! >"$dir/nats.pid"
	for _ in $(seq 1 100); do
		if (exec 3<>"/dev/tcp/127.0.0.1/$natsport") 2>/dev/null; then return 0; fi
		sleep 0.1
	done
	cat "$dir/nats.log" >&2
	echo "nats-server did not start" >&2
	return 1
}

stop_nats() {
	if [ -f "$dir/nats.pid" ]; then
		kill "$(cat "$dir/nats.pid")" 2>/dev/null || true
		for _ in $(seq 1 100); do
			kill -0 "$(cat "$dir/nats.pid")" 2>/dev/null || break
			sleep 0.1
		done
		rm -f "$dir/nats.pid"
	fi
}

case "$cmd" in
start)
	test -n "$pgbin" || { echo "PostgreSQL is not installed (apt-get install postgresql)" >&2; exit 1; }
	command -v nats-server >/dev/null || { echo "nats-server is not installed (apt-get install nats-server)" >&2; exit 1; }
	mkdir -p "$dir/pgsock" "$dir/nats"
	chmod 777 "$dir" "$dir/pgsock"
	if [ ! -f "$dir/pg/PG_VERSION" ]; then
		mkdir -p "$dir/pg"
		if [ "$(id -u)" = 0 ]; then chown postgres "$dir/pg" "$dir/pgsock"; fi
		echo storyline >"$dir/pwfile"
		chmod 644 "$dir/pwfile"
		as_pg "$pgbin/initdb" -D "$dir/pg" -U storyline --pwfile="$dir/pwfile" -A scram-sha-256 -E UTF8 --locale=C.UTF-8 >"$dir/initdb.log"
	fi
	start_pg
	start_nats
	echo "export STORYLINE_TEST_POSTGRES='postgres://storyline:storyline@127.0.0.1:$pgport/postgres?sslmode=disable'"
	echo "export STORYLINE_TEST_NATS='nats://127.0.0.1:$natsport'"
	echo "export STORYLINE_SERVICES_DIR='$dir'"
	;;
stop)
	stop_nats
	if [ -f "$dir/pg/postmaster.pid" ]; then as_pg "$pgbin/pg_ctl" -D "$dir/pg" -m fast -w stop >/dev/null || true; fi
	;;
restart-nats)
	stop_nats
	start_nats
	;;
restart-postgres)
	as_pg "$pgbin/pg_ctl" -D "$dir/pg" -m immediate -w stop >/dev/null
	start_pg
	;;
*)
	echo "unknown command $cmd" >&2
	exit 2
	;;
esac
