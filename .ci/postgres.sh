# A throw-away PostgreSQL server for the history store's tests, sourced by .ci/run (or by hand):
#   . .ci/postgres.sh && kcis_pg_start   # exports KCIS_TEST_POSTGRES_URL
#   ...                                  # mvn -B verify
#   kcis_pg_stop                         # stops it and deletes its data directory
# Installs PostgreSQL from Debian's packages when it is missing. The server listens on 127.0.0.1
# only, on a free port, with a data directory in /tmp; initdb and the server refuse to run as
# root, so as root they run as the postgres user the package creates.

kcis_pg_bin() {
  for dir in $(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V -r); do
    if [ -x "$dir/initdb" ]; then
      echo "$dir"
      return 0
    fi
  done
  return 1
}

kcis_pg_as() {
  if [ "$(id -u)" = 0 ]; then
    runuser -u postgres -- "$@"
  else
    "$@"
  fi
}

kcis_pg_start() {
  if ! kcis_pg_bin >/dev/null; then
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null
  fi
  KCIS_PG_BIN=$(kcis_pg_bin)
  KCIS_PG_DATA=$(mktemp -d /tmp/kcis-ci-postgres.XXXXXX)
  KCIS_PG_PASSWORD=$(od -An -N12 -tx1 /dev/urandom | tr -d ' \n')
  printf '%s\n' "$KCIS_PG_PASSWORD" >"$KCIS_PG_DATA/pw"
  if [ "$(id -u)" = 0 ]; then
    chown -R postgres "$KCIS_PG_DATA"
  fi
  kcis_pg_as "$KCIS_PG_BIN/initdb" -D "$KCIS_PG_DATA/data" -U kcis --pwfile="$KCIS_PG_DATA/pw" \
    --auth-local=trust --auth-host=scram-sha-256 -E UTF8 --no-sync >/dev/null
  # A free port: another build on this machine may run its own server.
  for attempt in 1 2 3 4 5 6 7 8; do
    KCIS_PG_PORT=$(( 20000 + $(od -An -N2 -tu2 /dev/urandom | tr -d ' ') % 20000 ))
    if kcis_pg_as "$KCIS_PG_BIN/pg_ctl" -D "$KCIS_PG_DATA/data" -l "$KCIS_PG_DATA/server.log" \
        -o "-c listen_addresses=127.0.0.1 -p $KCIS_PG_PORT -k $KCIS_PG_DATA -c fsync=off" \
        -w -t 60 start >/dev/null; then
      break
    fi
    KCIS_PG_PORT=
  done
  if [ -z "$KCIS_PG_PORT" ]; then
    echo "kcis ci: PostgreSQL did not start:" >&2
    cat "$KCIS_PG_DATA/server.log" >&2
    return 1
  fi
  kcis_pg_as "$KCIS_PG_BIN/createdb" -h "$KCIS_PG_DATA" -p "$KCIS_PG_PORT" -U kcis kcis
  KCIS_TEST_POSTGRES_URL="jdbc:postgresql://127.0.0.1:$KCIS_PG_PORT/kcis?user=kcis&password=$KCIS_PG_PASSWORD"
  export KCIS_TEST_POSTGRES_URL KCIS_PG_BIN KCIS_PG_DATA KCIS_PG_PORT
  echo "kcis ci: PostgreSQL $("$KCIS_PG_BIN/postgres" --version | awk '{print $3}') on 127.0.0.1:$KCIS_PG_PORT"
}

kcis_pg_stop() {
  if [ -n "${KCIS_PG_DATA:-}" ] && [ -d "$KCIS_PG_DATA/data" ]; then
    kcis_pg_as "$KCIS_PG_BIN/pg_ctl" -D "$KCIS_PG_DATA/data" -m fast -w stop >/dev/null || true
    rm -rf "$KCIS_PG_DATA"
  fi
  KCIS_PG_DATA=
}
