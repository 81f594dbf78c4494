#!/bin/sh
# azd postdeploy hook: subscribes the deployed functions to the data account's storage events.
#
# The webhooks are authenticated with host system keys (blobs_extension, eventgrid_extension) that exist only
# once the code runs, which is why Bicep cannot create these subscriptions. Subscriptions (Event Grid schema,
# 30 attempts within 24 h, then dead-lettered by the system topic's identity to the dead-letter container):
#   process-upload            BlobCreated under uploaded-files/ with data.api in PutBlob, PutBlockList, CopyBlob,
#                             FlushWithClose  ->  blob trigger ProcessUpload
#   storage-lifecycle         blob events under uploaded-files/ and deleted-files/  ->  StorageLifecycle
#   storage-lifecycle-policy  LifecyclePolicyCompleted (its subject names no container)  ->  StorageLifecycle
# A function that is not in the package is skipped with a warning. Re-running updates the subscriptions.
#
# Inputs (azd env): AZURE_RESOURCE_GROUP FUNCTION_APP_NAME EVENTGRID_SYSTEM_TOPIC DATA_STORAGE_ACCOUNT_ID.
# InfraConsistencyIT reads the NAME=value lines below: keep one per line.
set -eu

PROCESS_UPLOAD_FUNCTION=ProcessUpload
LIFECYCLE_FUNCTION=StorageLifecycle
UPLOADS_CONTAINER=uploaded-files
DELETED_CONTAINER=deleted-files
DEADLETTER_CONTAINER=eventgrid-deadletter
PACKAGE_DIR=functions/target/azure-functions/aisaas-dashboard-func

for v in AZURE_RESOURCE_GROUP FUNCTION_APP_NAME EVENTGRID_SYSTEM_TOPIC DATA_STORAGE_ACCOUNT_ID; do
  eval "value=\${$v:-}"
  if [ -z "$value" ]; then echo "postdeploy: $v is not set (run through azd, or export it)" >&2; exit 1; fi
done

RG=$AZURE_RESOURCE_GROUP
APP=$FUNCTION_APP_NAME
TOPIC=$EVENTGRID_SYSTEM_TOPIC
HOST=$(az functionapp show -g "$RG" -n "$APP" --query defaultHostName -o tsv)
DEADLETTER="$DATA_STORAGE_ACCOUNT_ID/blobServices/default/containers/$DEADLETTER_CONTAINER"

in_package() {
  if [ -f "$PACKAGE_DIR/$1/function.json" ]; then return 0; fi
  echo "postdeploy: WARNING $1 is not in $PACKAGE_DIR; its subscription is skipped" >&2
  return 1
}

# The host creates an extension's system key when it first loads the extension: wake it, then wait.
system_key() {
  curl -fsS -o /dev/null "https://$HOST/api/health/live" || true
  i=0
  while [ $i -lt 30 ]; do
    key=$(az functionapp keys list -g "$RG" -n "$APP" --query "systemKeys.$1" -o tsv 2>/dev/null || true)
    if [ -n "$key" ]; then echo "$key"; return 0; fi
    i=$((i + 1)); sleep 10
  done
  echo "postdeploy: system key $1 did not appear on $APP within 5 minutes" >&2
  return 1
}

subscribe() { # name endpoint [az options...]
  name=$1; endpoint=$2; shift 2
  echo "postdeploy: subscription $name"
  az eventgrid system-topic event-subscription create -g "$RG" --system-topic-name "$TOPIC" -n "$name" \
      --endpoint-type webhook --endpoint "$endpoint" --event-delivery-schema eventgridschema \
      --max-delivery-attempts 30 --event-ttl 1440 \
      --deadletter-identity systemassigned --deadletter-identity-endpoint "$DEADLETTER" \
      "$@" -o none
}

if in_package "$PROCESS_UPLOAD_FUNCTION"; then
  key=$(system_key blobs_extension)
  subscribe process-upload \
      "https://$HOST/runtime/webhooks/blobs?functionName=Host.Functions.$PROCESS_UPLOAD_FUNCTION&code=$key" \
      --included-event-types Microsoft.Storage.BlobCreated \
      --subject-begins-with "/blobServices/default/containers/$UPLOADS_CONTAINER/" \
      --advanced-filter data.api StringIn PutBlob PutBlockList CopyBlob FlushWithClose
fi

if in_package "$LIFECYCLE_FUNCTION"; then
  key=$(system_key eventgrid_extension)
  endpoint="https://$HOST/runtime/webhooks/eventgrid?functionName=$LIFECYCLE_FUNCTION&code=$key"
  subscribe storage-lifecycle "$endpoint" \
      --included-event-types Microsoft.Storage.BlobCreated Microsoft.Storage.BlobDeleted \
          Microsoft.Storage.BlobTierChanged Microsoft.Storage.BlobRenamed Microsoft.Storage.AsyncOperationInitiated \
      --advanced-filter subject StringBeginsWith "/blobServices/default/containers/$UPLOADS_CONTAINER/" \
          "/blobServices/default/containers/$DELETED_CONTAINER/"
  subscribe storage-lifecycle-policy "$endpoint" \
      --included-event-types Microsoft.Storage.LifecyclePolicyCompleted
fi

echo "postdeploy: Event Grid subscriptions on $TOPIC are in place"
