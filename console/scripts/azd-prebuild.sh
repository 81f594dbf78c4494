#!/bin/sh
# azd runs this before it builds the `console` service (azure.yaml): the console's build-time configuration for
# this environment, from the values provisioning wrote to the azd environment (infra/main.bicep outputs) and the
# Entra ID app registrations set with `azd env set` (docs/console.md, "Sign-in"):
#   .env.production.local            VITE_* settings Vite compiles into the bundle (none of them is a secret)
#   public/staticwebapp.config.json  headers Static Web Apps sends: the CSP names the API's and the blob origins
# Both files are generated (git ignores them); `npm run build` then copies public/ into dist/.
set -eu
cd "$(dirname "$0")/.."

: "${API_ORIGIN:?API_ORIGIN is not set: run azd provision first}"
: "${DATA_BLOB_ENDPOINT:?DATA_BLOB_ENDPOINT is not set: run azd provision first}"
blob_origin=$(printf '%s' "$DATA_BLOB_ENDPOINT" | sed 's#/*$##')
authority="${ENTRA_AUTHORITY:-https://login.microsoftonline.com/${AZURE_TENANT_ID:-organizations}}"
login_origin=$(printf '%s' "$authority" | sed -E 's#^(https://[^/]+).*#\1#')

{
  echo "VITE_API_BASE_URL=$API_ORIGIN"
  echo "VITE_ENTRA_CLIENT_ID=${ENTRA_CONSOLE_CLIENT_ID:-}"
  echo "VITE_ENTRA_AUTHORITY=$authority"
  echo "VITE_API_SCOPE=${ENTRA_API_SCOPE:-}"
} >.env.production.local

mkdir -p public
cat >public/staticwebapp.config.json <<JSON
{
  "navigationFallback": { "rewrite": "/index.html", "exclude": ["/assets/*"] },
  "globalHeaders": {
    "Content-Security-Policy": "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; connect-src 'self' $API_ORIGIN $blob_origin $login_origin; frame-src $login_origin; frame-ancestors 'none'; base-uri 'none'; form-action 'self'",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer"
  },
  "routes": [
    { "route": "/assets/*", "headers": { "Cache-Control": "public, max-age=31536000, immutable" } },
    { "route": "/index.html", "headers": { "Cache-Control": "no-cache" } }
  ]
}
JSON
echo "console: configured for $API_ORIGIN (sign-in: ${ENTRA_CONSOLE_CLIENT_ID:+Entra ID}${ENTRA_CONSOLE_CLIENT_ID:-development tokens only})"
