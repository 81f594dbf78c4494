#!/bin/sh
# azd preprovision hook: what the subscription needs before infra/main.bicep can deploy.
#
# 1. The Microsoft.App resource provider. Flex Consumption's VNet integration delegates its subnet to
#    Microsoft.App/environments; no resource in the template is of a Microsoft.App type, so Resource Manager does
#    not register the provider by itself. Registering needs Contributor (or the register action) on the
#    subscription; an already registered provider makes this a no-op.
# 2. The Key Vault create mode. The vault has purge protection: `azd down` leaves it soft-deleted under its name
#    for its retention (90 days) and nobody can purge it. Creating a vault of that name then fails, so when a
#    soft-deleted vault of this azd environment exists, provisioning recovers it (KEYVAULT_CREATE_MODE=recover,
#    the vault's createMode); otherwise it creates one (default). Found by the azd-env-name tag, which a deleted
#    vault keeps.
#
# Needs: az (logged in), azd. Inputs (azd env): AZURE_ENV_NAME. Re-running is harmless.
# InfraConsistencyIT checks every az command here against its list of verified commands.
set -eu

if [ -z "${AZURE_ENV_NAME:-}" ]; then echo "preprovision: AZURE_ENV_NAME is not set (run through azd)" >&2; exit 1; fi

state=$(az provider show --namespace Microsoft.App --query registrationState -o tsv 2>/dev/null || echo NotRegistered)
if [ "$state" != "Registered" ]; then
  echo "preprovision: registering the Microsoft.App resource provider (Flex Consumption VNet integration)"
  az provider register --namespace Microsoft.App --wait -o none
fi

deleted=$(az keyvault list-deleted --resource-type vault \
    --query "[?properties.tags.\"azd-env-name\"=='$AZURE_ENV_NAME'].name | [0]" -o tsv 2>/dev/null || true)
if [ -n "$deleted" ]; then
  echo "preprovision: Key Vault $deleted of environment $AZURE_ENV_NAME is soft-deleted; provisioning recovers it"
  azd env set KEYVAULT_CREATE_MODE recover
else
  azd env set KEYVAULT_CREATE_MODE default
fi
