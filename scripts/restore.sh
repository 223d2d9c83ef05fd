#!/usr/bin/env bash
# make restore BACKUP=<directory written by make backup>: into a fresh database and empty file directories.
# The database named by the settings (DATABASE_URL) is created if it does not exist; if it exists it must be empty
# (no tables): a restore never overwrites live data. RESTORE_REPLACE=1 drops and recreates it instead. Existing
# uploaded files are moved aside to <dir>.before-restore-<time>, never deleted.
set -euo pipefail
cd "$(dirname "$0")/.."
PY=${PY:-.venv/bin/python}
[ -x "$PY" ] || PY=python3
src=${1:-${BACKUP:-}}
if [ -z "$src" ] || [ ! -f "$src/manifest.txt" ]; then
  echo "!! usage: make restore BACKUP=var/backups/pmo-YYYYmmdd-HHMMSS (a directory with manifest.txt)" >&2; exit 2
fi
if [ -e "$src/.incomplete" ]; then echo "!! $src is an incomplete backup" >&2; exit 1; fi
(cd "$src" && sed -n '/  /p' manifest.txt | sha256sum -c --quiet -) || { echo "!! $src: checksum mismatch" >&2; exit 1; }
# shellcheck disable=SC1090
source <("$PY" scripts/backup_settings.py)
stamp=$(date -u +%Y%m%d-%H%M%S)

if [ "$DB_ENGINE" = postgresql ]; then
  [ -f "$src/database.dump" ] || { echo "!! $src holds no PostgreSQL dump" >&2; exit 1; }
  export PGPASSWORD=$DB_PASSWORD
  conn=(-h "$DB_HOST" -p "$DB_PORT" -U "$DB_USER")
  exists=$(psql "${conn[@]}" -d postgres -tAc "SELECT 1 FROM pg_database WHERE datname = '$DB_NAME'")
  if [ "$exists" = 1 ]; then
    tables=$(psql "${conn[@]}" -d "$DB_NAME" -tAc \
      "SELECT count(*) FROM pg_tables WHERE schemaname NOT IN ('pg_catalog', 'information_schema')")
    if [ "$tables" != 0 ]; then
      if [ "${RESTORE_REPLACE:-0}" != 1 ]; then
        echo "!! database $DB_NAME is not empty ($tables tables): restore into a fresh one, or RESTORE_REPLACE=1" >&2
        exit 1
      fi
      dropdb "${conn[@]}" --force "$DB_NAME"
      exists=
    fi
  fi
  [ "$exists" = 1 ] || createdb "${conn[@]}" "$DB_NAME"
  pg_restore "${conn[@]}" --no-owner --no-privileges --exit-on-error -d "$DB_NAME" "$src/database.dump"
else
  [ -f "$src/database.sqlite3" ] || { echo "!! $src holds no SQLite database" >&2; exit 1; }
  if [ -s "$DB_NAME" ]; then
    if [ "${RESTORE_REPLACE:-0}" != 1 ]; then echo "!! $DB_NAME exists: RESTORE_REPLACE=1 to replace it" >&2; exit 1; fi
    mv "$DB_NAME" "$DB_NAME.before-restore-$stamp"
  fi
  mkdir -p "$(dirname "$DB_NAME")"
  cp "$src/database.sqlite3" "$DB_NAME"
fi

staging=$(mktemp -d); trap 'rm -rf "$staging"' EXIT
tar -C "$staging" -xzf "$src/files.tar.gz"
for pair in "uploads:$UPLOAD_ROOT" "media:$MEDIA_ROOT"; do
  name=${pair%%:*}; dir=${pair#*:}
  if [ -d "$dir" ] && [ -n "$(ls -A "$dir")" ]; then mv "$dir" "$dir.before-restore-$stamp"; fi
  mkdir -p "$dir"
  cp -a "$staging/$name/." "$dir/"
done
echo "restored $src into database $DB_NAME, files into $UPLOAD_ROOT and $MEDIA_ROOT"
