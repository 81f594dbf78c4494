#!/bin/sh
# azd postprovision hook: gives the app's managed identity its PostgreSQL role.
#
# The app connects as an ordinary role named after its identity (DB_USER, DB_AUTH_MODE=entra): never as the
# admin, so that row-level security applies (shared/src/main/resources/db/migration/V1__schema.sql). Flyway then
# creates the schema as that role on first start (DB_MIGRATE_ON_START=true).
#
# The server has no public endpoint. Unless POSTGRES_BOOTSTRAP_NETWORK=vnet (you run this inside the VNet), the
# hook opens public access for this machine's IP only, for the duration of the script, and closes it again.
#
# Needs: az (logged in as the deployer, who is the server's Entra admin), psql, curl. Re-running is harmless.
# Inputs (azd env, from infra/main.bicep outputs): AZURE_RESOURCE_GROUP POSTGRES_SERVER_NAME POSTGRES_HOST
# POSTGRES_DATABASE POSTGRES_ADMIN_NAME APP_IDENTITY_NAME APP_IDENTITY_PRINCIPAL_ID MAINTENANCE_IDENTITY_NAME
# MAINTENANCE_IDENTITY_PRINCIPAL_ID OWNER_IDENTITY_NAME OWNER_IDENTITY_PRINCIPAL_ID.
# InfraConsistencyIT checks every az command here against its list of verified commands.
set -eu

for v in AZURE_RESOURCE_GROUP POSTGRES_SERVER_NAME POSTGRES_HOST POSTGRES_DATABASE POSTGRES_ADMIN_NAME \
         APP_IDENTITY_NAME APP_IDENTITY_PRINCIPAL_ID MAINTENANCE_IDENTITY_NAME MAINTENANCE_IDENTITY_PRINCIPAL_ID \
         OWNER_IDENTITY_NAME OWNER_IDENTITY_PRINCIPAL_ID; do
  eval "value=\${$v:-}"
  if [ -z "$value" ]; then echo "postprovision: $v is not set (run through azd, or export it)" >&2; exit 1; fi
done
command -v psql >/dev/null || { echo "postprovision: psql is required (apt-get install postgresql-client)" >&2; exit 1; }

RG=$AZURE_RESOURCE_GROUP
SERVER=$POSTGRES_SERVER_NAME
RULE=aisaas-bootstrap

# `az postgres flexible-server firewall-rule` changed its flags in az CLI 2.86.0: before, --name/-n named the
# server and --rule-name/-r the rule; from 2.86.0, --server-name/-s names the server, --name/-n the rule and
# --rule-name is gone (azure-cli postgresql/_breaking_change.py). Both forms are supported here.
cli_version=$(az version --query '"azure-cli"' -o tsv)
cli_major=${cli_version%%.*}
cli_minor=${cli_version#*.}; cli_minor=${cli_minor%%.*}
if [ "$cli_major" -gt 2 ] || { [ "$cli_major" -eq 2 ] && [ "$cli_minor" -ge 86 ]; }; then
  fw_rule() { verb=$1; shift; az postgres flexible-server firewall-rule "$verb" -g "$RG" --server-name "$SERVER" --name "$RULE" "$@"; }
else
  fw_rule() { verb=$1; shift; az postgres flexible-server firewall-rule "$verb" -g "$RG" --name "$SERVER" --rule-name "$RULE" "$@"; }
fi

close_window() {
  echo "postprovision: closing the temporary PostgreSQL firewall window"
  fw_rule delete --yes -o none || true
  az postgres flexible-server update -g "$RG" -n "$SERVER" --public-access Disabled -o none || true
}

if [ "${POSTGRES_BOOTSTRAP_NETWORK:-window}" != "vnet" ]; then
  MY_IP=${POSTGRES_BOOTSTRAP_IP:-$(curl -fsS https://api.ipify.org)}
  echo "postprovision: allowing $MY_IP to $SERVER for this script only"
  trap close_window EXIT INT TERM
  az postgres flexible-server update -g "$RG" -n "$SERVER" --public-access Enabled -o none
  fw_rule create --start-ip-address "$MY_IP" --end-ip-address "$MY_IP" -o none
fi

# An Entra access token is the admin's password (valid about an hour).
PGPASSWORD=$(az account get-access-token --resource-type oss-rdbms --query accessToken -o tsv)
export PGPASSWORD
ADMIN="host=$POSTGRES_HOST port=5432 user=$POSTGRES_ADMIN_NAME sslmode=require connect_timeout=30"

# 1. The three roles (docs/operations.md, "Database roles"), each bound to its identity's object id (pgaadauth_* only
#    work in the postgres database): the runtime role, the maintenance role and the schema owner. Not admins, not
#    members of one another.
for pair in "$APP_IDENTITY_NAME:$APP_IDENTITY_PRINCIPAL_ID" \
            "$MAINTENANCE_IDENTITY_NAME:$MAINTENANCE_IDENTITY_PRINCIPAL_ID" \
            "$OWNER_IDENTITY_NAME:$OWNER_IDENTITY_PRINCIPAL_ID"; do
  psql "$ADMIN dbname=postgres" -v ON_ERROR_STOP=1 -q -v role="${pair%%:*}" -v oid="${pair#*:}" <<'SQL'
select pgaadauth_create_principal_with_oid(:'role', :'oid', 'service', false, false)
 where not exists (select 1 from pg_roles where rolname = :'role');
SQL
done

# 2. The owner owns the database (and with it the public schema) and runs the migrations, which grant the other two
#    what they need; those get connect, and the statistics the health sweep reads. pg_trgm for name search
#    (allow-listed in azure.extensions) is created here, by the admin.
psql "$ADMIN dbname=$POSTGRES_DATABASE" -v ON_ERROR_STOP=1 -q \
     -v app="$APP_IDENTITY_NAME" -v maint="$MAINTENANCE_IDENTITY_NAME" -v owner="$OWNER_IDENTITY_NAME" \
     -v db="$POSTGRES_DATABASE" <<'SQL'
grant :"owner" to current_user;
alter database :"db" owner to :"owner";
revoke :"owner" from current_user;
grant connect, temporary on database :"db" to :"app", :"maint";
grant connect, create, temporary on database :"db" to :"owner";
grant pg_read_all_stats to :"app", :"maint";
create extension if not exists pg_trgm;
SQL

echo "postprovision: roles $APP_IDENTITY_NAME (runtime), $MAINTENANCE_IDENTITY_NAME (maintenance) and" \
     "$OWNER_IDENTITY_NAME (owner) are ready in $POSTGRES_DATABASE on $SERVER"
