#!/bin/sh
# azd postdeploy hook: subscribes the deployed functions to the data account's storage events.
#
# The webhooks are authenticated with host system keys (blobs_extension, eventgrid_extension) that exist only
# once the code runs, and Event Grid validates a webhook when the subscription is created, so the subscriptions
# are made here, after deployment, as in Azure's own Java Event Grid blob sample (an azd postdeploy hook).
# `az eventgrid system-topic event-subscription create` has no dead-letter identity flags, so each subscription
# is PUT as a whole resource (Microsoft.EventGrid/systemTopics/eventSubscriptions@2022-06-15) with `az rest`,
# from a request body in a private temporary file: the system key is never on a command line.
# Subscriptions (Event Grid schema, 30 attempts within 24 h, then dead-lettered by the system topic's identity
# to the dead-letter container):
#   process-upload            BlobCreated under uploaded-files/ with data.api in PutBlob, PutBlockList, CopyBlob,
#                             FlushWithClose  ->  blob trigger ProcessUpload
#   storage-lifecycle         blob events under uploaded-files/, files/ and deleted-files/  ->  StorageLifecycle
#   storage-lifecycle-policy  LifecyclePolicyCompleted (its subject names no container)  ->  StorageLifecycle
# A function that is not in the package is skipped with a warning. Re-running updates the subscriptions.
# Event Grid's validation handshake can meet a cold start: a subscription that ends Failed is put again, up to
# SUBSCRIBE_ATTEMPTS times, after waking the host.
#
# Inputs (azd env): AZURE_RESOURCE_GROUP FUNCTION_APP_NAME EVENTGRID_SYSTEM_TOPIC DATA_STORAGE_ACCOUNT_ID.
# InfraConsistencyIT reads the NAME=value lines below (keep one per line) and checks every az command here
# against its list of verified commands.
set -eu

PROCESS_UPLOAD_FUNCTION=ProcessUpload
LIFECYCLE_FUNCTION=StorageLifecycle
UPLOADS_CONTAINER=uploaded-files
FILES_CONTAINER=files
DELETED_CONTAINER=deleted-files
DEADLETTER_CONTAINER=eventgrid-deadletter
PACKAGE_DIR=functions/target/azure-functions/aisaas-dashboard-func
EVENTGRID_API_VERSION=2022-06-15
SUBSCRIBE_ATTEMPTS=5

for v in AZURE_RESOURCE_GROUP FUNCTION_APP_NAME EVENTGRID_SYSTEM_TOPIC DATA_STORAGE_ACCOUNT_ID; do
  eval "value=\${$v:-}"
  if [ -z "$value" ]; then echo "postdeploy: $v is not set (run through azd, or export it)" >&2; exit 1; fi
done

RG=$AZURE_RESOURCE_GROUP
APP=$FUNCTION_APP_NAME
TOPIC_URL="/subscriptions/{subscriptionId}/resourceGroups/$RG/providers/Microsoft.EventGrid/systemTopics/$EVENTGRID_SYSTEM_TOPIC"
HOST=$(az functionapp show -g "$RG" -n "$APP" --query defaultHostName -o tsv)

BODY=$(mktemp)
chmod 600 "$BODY"
trap 'rm -f "$BODY"' EXIT INT TERM

in_package() {
  if [ -f "$PACKAGE_DIR/$1/function.json" ]; then return 0; fi
  echo "postdeploy: WARNING $1 is not in $PACKAGE_DIR; its subscription is skipped" >&2
  return 1
}

wake() {
  curl -fsS -o /dev/null --max-time 60 "https://$HOST/api/health/live" || true
}

# The host creates an extension's system key when it first loads the extension: wake it, then wait.
system_key() {
  wake
  i=0
  while [ $i -lt 30 ]; do
    key=$(az functionapp keys list -g "$RG" -n "$APP" --query "systemKeys.$1" -o tsv 2>/dev/null || true)
    if [ -n "$key" ]; then echo "$key"; return 0; fi
    i=$((i + 1)); sleep 10
  done
  echo "postdeploy: system key $1 did not appear on $APP within 5 minutes" >&2
  return 1
}

# write_body endpoint-url filter-json: the whole subscription resource, into $BODY.
write_body() {
  cat > "$BODY" <<JSON
{
  "properties": {
    "destination": { "endpointType": "WebHook", "properties": { "endpointUrl": "$1" } },
    "filter": $2,
    "eventDeliverySchema": "EventGridSchema",
    "retryPolicy": { "maxDeliveryAttempts": 30, "eventTimeToLiveInMinutes": 1440 },
    "deadLetterWithResourceIdentity": {
      "identity": { "type": "SystemAssigned" },
      "deadLetterDestination": {
        "endpointType": "StorageBlob",
        "properties": { "resourceId": "$DATA_STORAGE_ACCOUNT_ID", "blobContainerName": "$DEADLETTER_CONTAINER" }
      }
    }
  }
}
JSON
}

# The subscription's provisioning state once it has settled (Succeeded, Failed, Canceled), or empty.
settled_state() {
  i=0
  while [ $i -lt 30 ]; do
    state=$(az rest --method get --url "$TOPIC_URL/eventSubscriptions/$1?api-version=$EVENTGRID_API_VERSION" \
        --query properties.provisioningState -o tsv 2>/dev/null || true)
    case "$state" in Succeeded|Failed|Canceled) echo "$state"; return 0 ;; esac
    i=$((i + 1)); sleep 10
  done
  echo ""
}

subscribe() { # name  (the body is in $BODY)
  attempt=1
  while [ $attempt -le $SUBSCRIBE_ATTEMPTS ]; do
    echo "postdeploy: subscription $1 (attempt $attempt of $SUBSCRIBE_ATTEMPTS)"
    if az rest --method put --url "$TOPIC_URL/eventSubscriptions/$1?api-version=$EVENTGRID_API_VERSION" \
        --body "@$BODY" -o none; then
      if [ "$(settled_state "$1")" = "Succeeded" ]; then return 0; fi
    fi
    echo "postdeploy: subscription $1 is not in place yet (webhook validation); waking $APP and trying again" >&2
    wake
    sleep $((attempt * 15))
    attempt=$((attempt + 1))
  done
  echo "postdeploy: subscription $1 failed $SUBSCRIBE_ATTEMPTS times; see docs/operations.md, \"Deploy\"" >&2
  return 1
}

if in_package "$PROCESS_UPLOAD_FUNCTION"; then
  key=$(system_key blobs_extension)
  write_body "https://$HOST/runtime/webhooks/blobs?functionName=Host.Functions.$PROCESS_UPLOAD_FUNCTION&code=$key" \
'{ "includedEventTypes": ["Microsoft.Storage.BlobCreated"],
   "subjectBeginsWith": "/blobServices/default/containers/'"$UPLOADS_CONTAINER"'/",
   "advancedFilters": [ { "operatorType": "StringIn", "key": "data.api",
                          "values": ["PutBlob", "PutBlockList", "CopyBlob", "FlushWithClose"] } ] }'
  subscribe process-upload
fi

if in_package "$LIFECYCLE_FUNCTION"; then
  key=$(system_key eventgrid_extension)
  endpoint="https://$HOST/runtime/webhooks/eventgrid?functionName=$LIFECYCLE_FUNCTION&code=$key"
  write_body "$endpoint" \
'{ "includedEventTypes": ["Microsoft.Storage.BlobCreated", "Microsoft.Storage.BlobDeleted",
     "Microsoft.Storage.BlobTierChanged", "Microsoft.Storage.BlobRenamed", "Microsoft.Storage.AsyncOperationInitiated"],
   "advancedFilters": [ { "operatorType": "StringBeginsWith", "key": "subject",
                          "values": ["/blobServices/default/containers/'"$UPLOADS_CONTAINER"'/",
                                     "/blobServices/default/containers/'"$FILES_CONTAINER"'/",
                                     "/blobServices/default/containers/'"$DELETED_CONTAINER"'/"] } ] }'
  subscribe storage-lifecycle
  write_body "$endpoint" '{ "includedEventTypes": ["Microsoft.Storage.LifecyclePolicyCompleted"] }'
  subscribe storage-lifecycle-policy
fi

echo "postdeploy: Event Grid subscriptions on $EVENTGRID_SYSTEM_TOPIC are in place"
