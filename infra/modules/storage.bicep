// Two accounts, both without shared keys (identity only; upload SAS URLs are user delegation SAS):
//  - host: AzureWebJobsStorage (timer leases, blob-trigger receipts and queues) and the Flex Consumption
//    deployment package; reachable only through private endpoints.
//  - data: the app's containers. Public endpoint, because API consumers PUT to it with the upload SAS;
//    versioning, change feed, blob and container soft delete, the lifecycle rule, Event Grid source.
//
// InfraConsistencyIT reads this file: the container list must match the code's *_CONTAINER constants, the
// blob soft delete must equal FILES_RESTORE_WINDOW_DAYS, the lifecycle rule must be cool 30 / cold 90 /
// delete 365 days and touch files/ and uploaded-files/ only (ready files live in files/, and those processed
// before blobs moved still in uploaded-files/; backups must stay readable for BackupVerify; quarantine and
// deleted-files have their own retention in the app).
//
// Cold, not Archive, at 90 days: the data account is zone-redundant (ZRS, GZRS or RA-GZRS), and Azure Storage
// supports the Archive tier only on LRS, GRS and RA-GRS accounts. Cold is an online tier: a blob in it is read
// directly (dearer per read, 90-day minimum), with no rehydration (docs/operations.md, "Data tiers").
param resourceToken string
param location string
param tags object
param identityPrincipalId string
param privateEndpointSubnetId string
param blobDnsZoneId string
param queueDnsZoneId string
param uploadCorsOrigins array
param dataSku string
param workspaceId string

var deploymentContainerName = 'app-package'
var deadLetterContainerName = 'eventgrid-deadletter'
// The app's containers (BlobPaths / BlobStorage constants and the backup export), and Event Grid's
// dead-letter destination (the same name devhost's local event source uses).
//  - uploaded-files: where uploads land, the only container an upload SAS is signed for;
//  - files: ready files' blobs, moved there by processing, so that no upload SAS can overwrite them.
var dataContainers = [
  'uploaded-files'
  'files'
  'quarantine'
  'deleted-files'
  'backups'
  deadLetterContainerName
]

var roles = {
  storageBlobDataOwner: 'b7e6dc6d-f1e8-4753-8033-0f276bb0955b'
  storageBlobDataContributor: 'ba92f5b4-2d11-453d-a403-e96b0029c9fe'
  storageBlobDelegator: 'db58b8e5-c6ad-4a2a-8342-4190687cbf4a'
  storageQueueDataContributor: '974c5e8b-45b9-4653-ba55-5f855dd0fb88'
}

var commonProperties = {
  allowSharedKeyAccess: false
  allowBlobPublicAccess: false
  allowCrossTenantReplication: false
  defaultToOAuthAuthentication: true
  minimumTlsVersion: 'TLS1_2'
  supportsHttpsTrafficOnly: true
}

// ---------------------------------------------------------------- host account
resource host 'Microsoft.Storage/storageAccounts@2023-05-01' = {
  name: 'sthost${take(resourceToken, 18)}'
  location: location
  tags: tags
  kind: 'StorageV2'
  sku: { name: 'Standard_ZRS' }
  properties: union(commonProperties, {
    publicNetworkAccess: 'Disabled'
    networkAcls: { defaultAction: 'Deny', bypass: 'AzureServices' }
  })
}

resource hostBlob 'Microsoft.Storage/storageAccounts/blobServices@2023-05-01' = {
  parent: host
  name: 'default'
}

resource deploymentContainer 'Microsoft.Storage/storageAccounts/blobServices/containers@2023-05-01' = {
  parent: hostBlob
  name: deploymentContainerName
  properties: { publicAccess: 'None' }
}

module hostBlobEndpoint 'private-endpoint.bicep' = {
  name: 'pe-host-blob'
  params: {
    name: 'pe-${host.name}-blob'
    location: location
    tags: tags
    subnetId: privateEndpointSubnetId
    serviceId: host.id
    groupId: 'blob'
    dnsZoneId: blobDnsZoneId
  }
}

module hostQueueEndpoint 'private-endpoint.bicep' = {
  name: 'pe-host-queue'
  params: {
    name: 'pe-${host.name}-queue'
    location: location
    tags: tags
    subnetId: privateEndpointSubnetId
    serviceId: host.id
    groupId: 'queue'
    dnsZoneId: queueDnsZoneId
  }
}

// The Functions host: deployment package, timer leases, blob receipts (blob) and blob-trigger queues.
resource hostBlobOwner 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  scope: host
  name: guid(host.id, identityPrincipalId, roles.storageBlobDataOwner)
  properties: {
    principalId: identityPrincipalId
    principalType: 'ServicePrincipal'
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roles.storageBlobDataOwner)
    description: 'Functions host storage (AzureWebJobsStorage) and deployment package'
  }
}

resource hostQueueContributor 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  scope: host
  name: guid(host.id, identityPrincipalId, roles.storageQueueDataContributor)
  properties: {
    principalId: identityPrincipalId
    principalType: 'ServicePrincipal'
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roles.storageQueueDataContributor)
    description: 'Functions host queues (Event Grid blob trigger)'
  }
}

// ---------------------------------------------------------------- data account
resource data 'Microsoft.Storage/storageAccounts@2023-05-01' = {
  name: 'stdata${take(resourceToken, 18)}'
  location: location
  tags: tags
  kind: 'StorageV2'
  sku: { name: dataSku }
  properties: union(commonProperties, {
    accessTier: 'Hot'
    publicNetworkAccess: 'Enabled'
    networkAcls: { defaultAction: 'Allow', bypass: 'AzureServices' }
  })
}

resource dataBlob 'Microsoft.Storage/storageAccounts/blobServices@2023-05-01' = {
  parent: data
  name: 'default'
  properties: {
    isVersioningEnabled: true
    changeFeed: {
      enabled: true
      retentionInDays: 90
    }
    deleteRetentionPolicy: {
      enabled: true
      days: 7
    }
    containerDeleteRetentionPolicy: {
      enabled: true
      days: 7
    }
    cors: {
      corsRules: empty(uploadCorsOrigins) ? [] : [
        {
          allowedOrigins: uploadCorsOrigins
          allowedMethods: ['PUT', 'GET', 'HEAD', 'OPTIONS']
          allowedHeaders: ['*']
          exposedHeaders: ['ETag', 'x-ms-*']
          maxAgeInSeconds: 3600
        }
      ]
    }
  }
}

resource containers 'Microsoft.Storage/storageAccounts/blobServices/containers@2023-05-01' = [for container in dataContainers: {
  parent: dataBlob
  name: container
  properties: { publicAccess: 'None' }
}]

resource lifecycle 'Microsoft.Storage/storageAccounts/managementPolicies@2023-05-01' = {
  parent: data
  name: 'default'
  properties: {
    policy: {
      rules: [
        {
          name: 'uploaded-files-tiering'
          enabled: true
          type: 'Lifecycle'
          definition: {
            filters: {
              blobTypes: ['blockBlob']
              prefixMatch: ['files/', 'uploaded-files/']
            }
            actions: {
              baseBlob: {
                tierToCool: { daysAfterModificationGreaterThan: 30 }
                tierToCold: { daysAfterModificationGreaterThan: 90 }
                delete: { daysAfterModificationGreaterThan: 365 }
              }
              version: {
                delete: { daysAfterCreationGreaterThan: 90 }
              }
            }
          }
        }
      ]
    }
  }
  dependsOn: [containers]
}

// The app's identity on the data account, container by container:
//  - uploaded-files: Storage Blob Data Owner, the role Microsoft Learn lists for an identity-based blob trigger
//    (ProcessUpload reads uploads through the UploadsStorage connection);
//  - files, quarantine, deleted-files, backups: Storage Blob Data Contributor (read, write, move, delete);
//  - the account: Storage Blob Delegator only, for the user delegation key behind upload / download SAS
//    (Get User Delegation Key is an account-level call and grants no data access by itself).
// (Event Grid's dead-letter container is written by the system topic's identity, eventgrid.bicep.)
resource dataContainerAccess 'Microsoft.Authorization/roleAssignments@2022-04-01' = [for (container, i) in dataContainers: if (container != deadLetterContainerName) {
  scope: containers[i]
  name: guid(data.id, container, identityPrincipalId, container == 'uploaded-files' ? roles.storageBlobDataOwner : roles.storageBlobDataContributor)
  properties: {
    principalId: identityPrincipalId
    principalType: 'ServicePrincipal'
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', container == 'uploaded-files' ? roles.storageBlobDataOwner : roles.storageBlobDataContributor)
    description: 'App data in container ${container}'
  }
}]

resource dataDelegator 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  scope: data
  name: guid(data.id, identityPrincipalId, roles.storageBlobDelegator)
  properties: {
    principalId: identityPrincipalId
    principalType: 'ServicePrincipal'
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roles.storageBlobDelegator)
    description: 'User delegation key for upload and download SAS'
  }
}

resource dataQueueContributor 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  scope: data
  name: guid(data.id, identityPrincipalId, roles.storageQueueDataContributor)
  properties: {
    principalId: identityPrincipalId
    principalType: 'ServicePrincipal'
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roles.storageQueueDataContributor)
    description: 'Blob trigger poison queue on the UploadsStorage connection'
  }
}

resource dataDiagnostics 'Microsoft.Insights/diagnosticSettings@2021-05-01-preview' = {
  scope: dataBlob
  name: 'to-log-analytics'
  properties: {
    workspaceId: workspaceId
    logs: [
      { category: 'StorageWrite', enabled: true }
      { category: 'StorageDelete', enabled: true }
    ]
    metrics: [
      { category: 'Transaction', enabled: true }
    ]
  }
}

output hostAccountName string = host.name
output deploymentContainerName string = deploymentContainerName
output dataAccountName string = data.name
output dataAccountId string = data.id
output dataBlobEndpoint string = data.properties.primaryEndpoints.blob
output dataQueueEndpoint string = data.properties.primaryEndpoints.queue
output deadLetterContainerName string = deadLetterContainerName
