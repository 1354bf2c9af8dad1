#!/usr/bin/env bash
# Makes sure PostgreSQL and Redis answer on their configured addresses; starts the local ones when they are down.
# Never installs anything: if a service is missing it says how to get one (Docker compose) and stops.
set -euo pipefail
PG_HOST=${PGHOST_CHECK:-127.0.0.1}
PG_PORT=${PGPORT_CHECK:-5432}
REDIS_HOST=${REDIS_HOST_CHECK:-127.0.0.1}
REDIS_PORT=${REDIS_PORT_CHECK:-6379}

pg_up() { pg_isready -h "$PG_HOST" -p "$PG_PORT" -q 2>/dev/null || (exec 3<>"/dev/tcp/$PG_HOST/$PG_PORT") 2>/dev/null; }
redis_up() { redis-cli -h "$REDIS_HOST" -p "$REDIS_PORT" ping 2>/dev/null | grep -q PONG; }

if ! pg_up; then
  if command -v pg_ctlcluster >/dev/null 2>&1 && [ -d /etc/postgresql ]; then
    echo "→ PostgreSQL no responde; iniciando el clúster local…"
    pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql | sort -V | tail -1)" main start || true
    for _ in $(seq 30); do pg_up && break; sleep 1; done
  fi
  if ! pg_up; then
    echo "✗ PostgreSQL no está disponible en $PG_HOST:$PG_PORT." >&2
    echo "  Inícielo, o levante uno con: JWT_SECRET=unused docker compose -f docker/compose.yml up -d postgres redis mailpit" >&2
    exit 1
  fi
fi

if ! redis_up; then
  if command -v redis-server >/dev/null 2>&1; then
    echo "→ Redis no responde; iniciando redis-server local…"
    redis-server --daemonize yes --bind 127.0.0.1 --port "$REDIS_PORT" --save "" --appendonly no >/dev/null
    for _ in $(seq 30); do redis_up && break; sleep 0.5; done
  fi
  if ! redis_up; then
    echo "✗ Redis no está disponible en $REDIS_HOST:$REDIS_PORT y redis-server no está instalado." >&2
    echo "  Levante uno con: JWT_SECRET=unused docker compose -f docker/compose.yml up -d redis" >&2
    exit 1
  fi
fi
echo "✓ PostgreSQL ($PG_HOST:$PG_PORT) y Redis ($REDIS_HOST:$REDIS_PORT) responden"
