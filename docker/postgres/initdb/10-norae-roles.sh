#!/usr/bin/env bash
# First start of the Postgres volume (the image runs /docker-entrypoint-initdb.d/* once, as the superuser): two
# login roles for the database POSTGRES_DB.
#   norae_migrate  owns the schema: migrations (CREATE, ALTER) and the one-shot samples load
#   norae_app      what the API connects as: SELECT, INSERT, UPDATE, DELETE, TRUNCATE on the tables, sequences for
#                  ids, temporary tables, the two event-partition functions; no CREATE, ALTER or DROP
# Nobody else may connect to the database or create anything in its schema. tests/ops/db-roles.test.ts runs this
# script against a real Postgres (role names overridable there, since roles are cluster-wide).
set -e
: "${NORAE_PG_MIGRATE_PASSWORD:?NORAE_PG_MIGRATE_PASSWORD is required}" "${NORAE_PG_APP_PASSWORD:?NORAE_PG_APP_PASSWORD is required}"

psql -v ON_ERROR_STOP=1 --no-psqlrc --username "${POSTGRES_USER:-postgres}" --dbname "${POSTGRES_DB:-postgres}" \
  -v db="${POSTGRES_DB:-postgres}" \
  -v migrate_role="${NORAE_PG_MIGRATE_ROLE:-norae_migrate}" -v migrate_password="$NORAE_PG_MIGRATE_PASSWORD" \
  -v app_role="${NORAE_PG_APP_ROLE:-norae_app}" -v app_password="$NORAE_PG_APP_PASSWORD" <<'SQL'
CREATE ROLE :"migrate_role" LOGIN PASSWORD :'migrate_password';
CREATE ROLE :"app_role" LOGIN PASSWORD :'app_password';

REVOKE ALL ON DATABASE :"db" FROM PUBLIC;
GRANT CONNECT, TEMPORARY ON DATABASE :"db" TO :"migrate_role", :"app_role";

REVOKE ALL ON SCHEMA public FROM PUBLIC;
GRANT USAGE, CREATE ON SCHEMA public TO :"migrate_role";
GRANT USAGE ON SCHEMA public TO :"app_role";

-- whatever the migrations create later is usable by the API at once, rows only
ALTER DEFAULT PRIVILEGES FOR ROLE :"migrate_role" IN SCHEMA public
  GRANT SELECT, INSERT, UPDATE, DELETE, TRUNCATE ON TABLES TO :"app_role";
ALTER DEFAULT PRIVILEGES FOR ROLE :"migrate_role" IN SCHEMA public
  GRANT USAGE, SELECT ON SEQUENCES TO :"app_role";
ALTER DEFAULT PRIVILEGES FOR ROLE :"migrate_role" IN SCHEMA public
  REVOKE EXECUTE ON FUNCTIONS FROM PUBLIC;
ALTER DEFAULT PRIVILEGES FOR ROLE :"migrate_role" IN SCHEMA public
  GRANT EXECUTE ON FUNCTIONS TO :"app_role";

-- the sync watermark reads the start of other sessions' open transactions (docs/operations.md)
GRANT pg_read_all_stats TO :"app_role";
SQL
