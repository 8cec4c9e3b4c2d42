# shellcheck shell=bash
# A private PostgreSQL 15 cluster for scripts/run and scripts/test. Source it after common.sh.
#
#   pg_start DIR [throwaway]  starts the cluster whose logical location is DIR (created and
#                             initialised when it does not exist), on a free port of 127.0.0.1.
#                             With "throwaway": no fsync, and pg_stop removes it.
#   pg_stop                   stops it (pg_ctl stop -m fast); safe to call twice, or before pg_start.
#   pg_url ROLE DATABASE      prints a URL for tandem_owner or tandem_app.
#   pg_control_command stop|start   prints a shell command that stops or restarts the server.
#
# After pg_start: PG_HOST, PG_PORT, PG_DATA (the real data folder; its unix socket is there too).
# Roles: tandem_owner (owns the databases and the schema objects; runs migrations) and
# tandem_app (LOGIN, NOBYPASSRLS, owns nothing; what the services connect as). Both get a new
# random password at every start, so none is stored. In a throwaway cluster tandem_owner may also
# create databases, for the tests. Databases: tandem_tasks, tandem_projects,
# tandem_notify, owned by tandem_owner.
#
# As root the server runs as the postgres user (it refuses root) and the data folder belongs to
# it; otherwise it runs as the current user. When the postgres user cannot reach DIR (a folder
# under /root, say) or DIR is too long for a unix socket path, the data lives in /var/tmp and DIR
# is a symbolic link to it.

PG_BIN="${PG_BIN:-/usr/lib/postgresql/15/bin}"
TANDEM_DATABASES=(tandem_tasks tandem_projects tandem_notify)

PG_HOST=127.0.0.1
PG_PORT=""
PG_DATA=""
PG_LOGICAL_DIR=""
PG_THROWAWAY=0
PG_STARTED=0
PG_SERVER_OPTIONS=""
TANDEM_OWNER_PASSWORD=""
TANDEM_APP_PASSWORD=""

# Runs a command as the user the server runs as.
# As root it starts from / so that the postgres user need not reach the current folder.
pg_as_server_user() {
  if [[ $(id -u) -eq 0 ]]; then
    (cd / && runuser -u postgres -- "$@")
  else
    "$@"
  fi
}

# Runs psql as the superuser over the cluster's unix socket (trusted: only the server's user can
# reach the socket, which sits in the 0700 data folder).
pg_psql() {
  pg_as_server_user "$PG_BIN/psql" -X -q -v ON_ERROR_STOP=1 -h "$PG_DATA" -p "$PG_PORT" -U postgres "$@"
}

_pg_random_password() {
  od -An -tx1 -N16 /dev/urandom | tr -d ' \n'
}

# Chooses where the data of logical folder $1 really lives; sets PG_DATA.
_pg_place() {
  local logical="$1" parent real
  parent="$(dirname "$logical")"
  mkdir -p "$parent"
  if [[ -L "$logical" ]]; then
    real="$(readlink -f "$logical")"
    [[ -d "$real" ]] || die "$logical links to $real, which is gone; remove the link to start a new cluster"
    PG_DATA="$real"
    return
  fi
  if [[ -d "$logical" ]] && [[ -n "$(ls -A "$logical")" ]]; then
    PG_DATA="$logical"
    return
  fi
  # A new cluster. The socket path (DIR/.s.PGSQL.NNNNN) must fit in 107 bytes.
  local reachable=1
  if [[ $(id -u) -eq 0 ]] && ! runuser -u postgres -- test -x "$parent" 2>/dev/null; then
    reachable=0
  fi
  if [[ $reachable -eq 1 ]] && [[ ${#logical} -le 85 ]]; then
    mkdir -p "$logical"
    PG_DATA="$logical"
  else
    [[ -d "$logical" ]] && rmdir "$logical"
    real="$(mktemp -d /var/tmp/tandem-pg.XXXXXX)"
    ln -s "$real" "$logical"
    PG_DATA="$real"
  fi
}

pg_start() {
  local logical="$1"
  PG_THROWAWAY=0
  [[ "${2:-}" == "throwaway" ]] && PG_THROWAWAY=1
  [[ -x "$PG_BIN/pg_ctl" ]] || die "PostgreSQL 15 is not installed in $PG_BIN"
  [[ "$logical" = /* ]] || logical="$PWD/$logical"
  PG_LOGICAL_DIR="$logical"
  _pg_place "$logical"

  if [[ $(id -u) -eq 0 ]]; then
    chown postgres:postgres "$PG_DATA"
  fi
  chmod 0700 "$PG_DATA"

  local fast_init=() fast_run=""
  if [[ $PG_THROWAWAY -eq 1 ]]; then
    fast_init=(--no-sync)
    fast_run="-c fsync=off -c synchronous_commit=off -c full_page_writes=off"
  fi

  if [[ ! -f "$PG_DATA/PG_VERSION" ]]; then
    [[ -z "$(ls -A "$PG_DATA")" ]] ||
      die "$PG_DATA is neither empty nor a PostgreSQL cluster; remove it to start a new one"
    local output
    if ! output="$(pg_as_server_user "$PG_BIN/initdb" -D "$PG_DATA" -U postgres -E UTF8 --locale=C \
      --auth-local=trust --auth-host=scram-sha-256 "${fast_init[@]}" 2>&1)"; then
      printf '%s\n' "$output" >&2
      die "initdb failed in $PG_DATA"
    fi
    log "postgres: created a new cluster in $logical"
  else
    log "postgres: reusing the cluster in $logical"
  fi

  if pg_as_server_user "$PG_BIN/pg_ctl" -D "$PG_DATA" status >/dev/null 2>&1; then
    die "a PostgreSQL server is already running on $logical (another scripts/run?)"
  fi

  PG_PORT="$(free_port)"
  PG_SERVER_OPTIONS="-c listen_addresses=$PG_HOST -c port=$PG_PORT -c unix_socket_directories='$PG_DATA' $fast_run"
  # PG_STARTED before the start: a stop must be attempted even if start fails half-way.
  PG_STARTED=1
  if ! pg_as_server_user "$PG_BIN/pg_ctl" -D "$PG_DATA" -l "$PG_DATA/server.log" -w -t 60 \
    -o "$PG_SERVER_OPTIONS" start >/dev/null; then
    tail -n 20 "$PG_DATA/server.log" >&2 || true
    die "PostgreSQL did not start (log: $PG_DATA/server.log)"
  fi

  TANDEM_OWNER_PASSWORD="$(_pg_random_password)"
  TANDEM_APP_PASSWORD="$(_pg_random_password)"
  _pg_bootstrap
}

# Creates the roles and databases that are missing and sets this start's passwords.
_pg_bootstrap() {
  pg_psql -d postgres <<SQL
SET client_min_messages = warning;
DO \$\$
BEGIN
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'tandem_owner') THEN
    CREATE ROLE tandem_owner;
  END IF;
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'tandem_app') THEN
    CREATE ROLE tandem_app;
  END IF;
END
\$\$;
ALTER ROLE tandem_owner WITH LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS
  PASSWORD '$TANDEM_OWNER_PASSWORD';
ALTER ROLE tandem_app WITH LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS
  PASSWORD '$TANDEM_APP_PASSWORD';
SQL
  if [[ $PG_THROWAWAY -eq 1 ]]; then
    # Tests make a database of their own per case (a clean schema, two "clusters", ...).
    pg_psql -d postgres -c 'ALTER ROLE tandem_owner CREATEDB'
  fi
  local database
  for database in "${TANDEM_DATABASES[@]}"; do
    pg_create_database "$database"
  done
}

# Makes database $1 (a plain SQL name) unless it exists: owned by tandem_owner, reachable by
# tandem_app alone.
pg_create_database() {
  local database=$1
  pg_psql -d postgres <<SQL
SELECT 'CREATE DATABASE $database OWNER tandem_owner'
  WHERE NOT EXISTS (SELECT FROM pg_database WHERE datname = '$database') \gexec
REVOKE ALL ON DATABASE $database FROM PUBLIC;
GRANT CONNECT, TEMPORARY ON DATABASE $database TO tandem_app;
SQL
}

# Prints postgresql://ROLE:PASSWORD@127.0.0.1:PORT/DATABASE for tandem_owner or tandem_app.
pg_url() {
  local role="$1" database="$2" password
  case "$role" in
    tandem_owner) password="$TANDEM_OWNER_PASSWORD" ;;
    tandem_app) password="$TANDEM_APP_PASSWORD" ;;
    *) die "pg_url: unknown role $role" ;;
  esac
  printf 'postgresql://%s:%s@%s:%s/%s\n' "$role" "$password" "$PG_HOST" "$PG_PORT" "$database"
}

# Prints a shell command that stops (stop) or starts again (start) the running cluster with the
# same settings, for tests that take PostgreSQL away under load.
pg_control_command() {
  local user_prefix=""
  [[ $(id -u) -eq 0 ]] && user_prefix="runuser -u postgres -- "
  case "$1" in
    # The server must not inherit the caller's output: it would hold a pipe open after the test.
    stop) printf 'cd / && %s%q -D %q -m fast -w -t 60 stop >/dev/null 2>&1' "$user_prefix" "$PG_BIN/pg_ctl" "$PG_DATA" ;;
    start)
      printf 'cd / && %s%q -D %q -l %q -w -t 60 -o %q start </dev/null >/dev/null 2>&1' "$user_prefix" \
        "$PG_BIN/pg_ctl" "$PG_DATA" "$PG_DATA/server.log" "$PG_SERVER_OPTIONS"
      ;;
    *) die "pg_control_command: stop or start" ;;
  esac
}

pg_stop() {
  if [[ $PG_STARTED -eq 1 ]] && [[ -n "$PG_DATA" ]]; then
    if pg_as_server_user "$PG_BIN/pg_ctl" -D "$PG_DATA" status >/dev/null 2>&1 &&
      ! pg_as_server_user "$PG_BIN/pg_ctl" -D "$PG_DATA" -m fast -w -t 60 stop >/dev/null; then
      log "warning: could not stop the PostgreSQL server of $PG_DATA"
    fi
    PG_STARTED=0
  fi
  if [[ $PG_THROWAWAY -eq 1 ]] && [[ -n "$PG_LOGICAL_DIR" ]]; then
    [[ -n "$PG_DATA" ]] && rm -rf "$PG_DATA"
    rm -rf "$PG_LOGICAL_DIR"
    PG_THROWAWAY=0
  fi
}
