#!/bin/sh
# Runs once, when the PostgreSQL data volume is first initialised (docker-entrypoint-initdb.d): creates the
# application's own role and database beside Temporal's. The superuser (POSTGRES_USER) stays Temporal's, as in
# Temporal's own compose files; the application connects as an unprivileged owner of its database only.
# To re-run it, remove the volume (docker compose down -v), which deletes all data.
psql -v ON_ERROR_STOP=1 --username "${POSTGRES_USER:?}" --dbname "${POSTGRES_DB:-$POSTGRES_USER}" \
  -v app_user="${APP_DB_USER:?APP_DB_USER must be set}" \
  -v app_password="${APP_DB_PASSWORD:?APP_DB_PASSWORD must be set}" \
  -v app_db="${APP_DB_NAME:?APP_DB_NAME must be set}" <<'SQL'
CREATE ROLE :"app_user" LOGIN PASSWORD :'app_password';
CREATE DATABASE :"app_db" OWNER :"app_user" ENCODING 'UTF8' TEMPLATE template0;
REVOKE ALL ON DATABASE :"app_db" FROM PUBLIC;
SQL
