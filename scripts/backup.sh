#!/usr/bin/env bash
# make backup: the database (pg_dump -Fc, or SQLite's online backup for the embedded database) and the uploaded
# files (settings.PMO_UPLOAD_ROOT) and built reports (MEDIA_ROOT), into a new directory:
#   ${BACKUP_DIR:-var/backups}/pmo-YYYYmmdd-HHMMSS/{database.dump|database.sqlite3, files.tar.gz, manifest.txt}
# The settings come from the environment exactly as for the portal (DATABASE_URL, PMO_VAR_DIR, PMO_UPLOAD_ROOT…).
# Usage: bash scripts/backup.sh [target-directory]     (prints the directory it wrote)
set -euo pipefail
cd "$(dirname "$0")/.."
PY=${PY:-.venv/bin/python}
[ -x "$PY" ] || PY=python3
# shellcheck disable=SC1090
source <("$PY" scripts/backup_settings.py)

stamp=$(date -u +%Y%m%d-%H%M%S)
target=${1:-${BACKUP_DIR:-var/backups}/pmo-$stamp}
if [ -e "$target" ] && [ -n "$(ls -A "$target" 2>/dev/null)" ]; then
  echo "!! $target exists and is not empty; choose another directory" >&2; exit 1
fi
mkdir -p "$target"
tmp="$target/.incomplete"; : > "$tmp"

if [ "$DB_ENGINE" = postgresql ]; then
  server=$(PGPASSWORD=$DB_PASSWORD psql -h "$DB_HOST" -p "$DB_PORT" -U "$DB_USER" -d "$DB_NAME" -tAc "SHOW server_version_num")
  client=$(pg_dump --version | sed -E 's/.* ([0-9]+)(\.[0-9]+)?.*/\1/')
  if [ "${server:0:2}" -gt "$client" ]; then
    echo "!! pg_dump $client is older than the server (${server:0:2}): install postgresql-client-${server:0:2}" >&2; exit 1
  fi
  PGPASSWORD=$DB_PASSWORD pg_dump -Fc --no-owner --no-privileges -h "$DB_HOST" -p "$DB_PORT" -U "$DB_USER" \
    -f "$target/database.dump" "$DB_NAME"
  db_file=database.dump
else
  "$PY" -c 'import sqlite3, sys; s = sqlite3.connect(sys.argv[1]); d = sqlite3.connect(sys.argv[2]); s.backup(d); d.close()' \
    "$DB_NAME" "$target/database.sqlite3"
  db_file=database.sqlite3
fi

# The files: uploads/ and media/ inside one archive (either may be missing or empty).
staging=$(mktemp -d); trap 'rm -rf "$staging"' EXIT
mkdir -p "$staging/uploads" "$staging/media"
[ -d "$UPLOAD_ROOT" ] && cp -a "$UPLOAD_ROOT/." "$staging/uploads/"
[ -d "$MEDIA_ROOT" ] && cp -a "$MEDIA_ROOT/." "$staging/media/"
tar -C "$staging" -czf "$target/files.tar.gz" uploads media

{
  echo "created_utc=$stamp"
  echo "engine=$DB_ENGINE"
  echo "database=$db_file"
  echo "files=files.tar.gz"
  echo "pg_dump=$(pg_dump --version 2>/dev/null || echo none)"
  (cd "$target" && sha256sum "$db_file" files.tar.gz)
} > "$target/manifest.txt"
rm -f "$tmp"
echo "$target"
