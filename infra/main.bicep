// The whole Azure deployment of the AI SaaS Dashboard backend (`azd up`, or `az deployment sub create`).
//
//   resource group
//   ├─ network     VNet (Functions integration subnet + private endpoint subnet) and private DNS zones
//   ├─ identity    one user-assigned managed identity: the app's only credential
//   ├─ monitoring  Log Analytics + Application Insights (Entra ID ingestion) + action group
//   ├─ storage     host account (AzureWebJobsStorage, deployment package; private) and data account
//   │              (uploads and the app's containers; SAS uploads from clients; lifecycle rule)
//   ├─ keyvault    RBAC, private endpoint
//   ├─ postgres    Flexible Server 15, zone-redundant HA, geo-redundant backups, Entra ID only, private
//   ├─ redis       Azure Managed Redis (default) or Azure Cache for Redis Premium (redisKind), TLS only,
//   │              Entra ID, private
//   ├─ eventgrid   system topic on the data account (subscriptions are made by infra/hooks/postdeploy.sh)
//   │              and the optional custom topic for FileProcessed / alert events
//   ├─ functionapp Flex Consumption, Java 17, every app setting the code reads; CORS for the console's origin
//   ├─ console     Static Web Apps for the web console (console/), deployed by azd as the `console` service
//   └─ alerts      metric and log alerts
//
// The Bicep CLI is not available where this was written: functions/src/test/java/com/aisaas/infra/
// InfraConsistencyIT.java checks what can be checked without it (settings, names, retention numbers).
targetScope = 'subscription'

@minLength(1)
@maxLength(64)
@description('azd environment name (dev, prod, ...): names the resource group and seeds unique resource names.')
param environmentName string

@minLength(1)
@description('Primary region. It must offer Flex Consumption and availability zones (zone-redundant PostgreSQL HA).')
@metadata({ azd: { type: 'location' } })
param location string

@description('Object id of the person or pipeline running the deployment (azd sets AZURE_PRINCIPAL_ID): PostgreSQL Entra admin and Key Vault Secrets Officer, so that the hooks and runbooks can run.')
param principalId string

@description('Display name of that principal (the PostgreSQL Entra admin role name, e.g. user@contoso.com).')
param principalName string

@description('Kind of that principal. A union of literals, not a string: the Key Vault module\'s role assignments and the PostgreSQL administrator accept only these.')
param principalType 'User' | 'Group' | 'ServicePrincipal' = 'User'

@description('Accepted audience (aud) of bearer tokens: the client id or app id URI of the API app registration.')
param authAudience string

@description('Accepted issuer (iss) of bearer tokens; default: Entra ID v2 tokens of this tenant.')
param authIssuer string = '${environment().authentication.loginEndpoint}${tenant().tenantId}/v2.0'

@description('JWKS of the issuer (RS256); default: Entra ID of this tenant.')
param authJwksUrl string = '${environment().authentication.loginEndpoint}${tenant().tenantId}/discovery/v2.0/keys'

// --- Function App scale (cold start and the PostgreSQL connection budget) ---
@description('Always-ready instances for the HTTP group (0 = scale to zero, with cold starts).')
@minValue(0)
param alwaysReadyHttpInstances int = 1

@description('Flex Consumption instance cap (the platform accepts 40 to 1000). Keep maximumInstanceCount × DB_POOL_MAX_SIZE ≤ PostgreSQL connection budget (docs/architecture.md).')
@minValue(40)
@maxValue(1000)
param maximumInstanceCount int = 40

@allowed([512, 2048, 4096])
param instanceMemoryMB int = 2048

@description('Per-instance PostgreSQL pool (DB_POOL_MAX_SIZE): 40 instances × 4 = 160 of 200 connections.')
@minValue(1)
@maxValue(50)
param dbPoolMaxSize int = 4

// --- Data tier SKUs ---
param postgresSkuName string = 'Standard_D2ds_v5'
@allowed(['GeneralPurpose', 'MemoryOptimized'])
param postgresSkuTier string = 'GeneralPurpose'
param postgresStorageGB int = 128
@description('Zone-redundant HA (needs a region with availability zones).')
param postgresHighAvailability bool = true
@description('Adds a read replica; the app sends read-only work to it (DB_READ_URL).')
param postgresReadReplica bool = false

@description('Name of the PostgreSQL server; set it after a point-in-time or geo restore to adopt the restored server (docs/runbooks/postgres-point-in-time-restore.md). Empty = the generated name.')
param postgresServerName string = ''

@allowed(['premium', 'managed'])
@description('managed (default): Azure Managed Redis (redisManagedSku), the successor Microsoft names in the Azure Cache for Redis retirement notice; premium: Azure Cache for Redis Premium (redisSku), for subscriptions that can still create one (not confirmed for new ones: docs/deployment-verification.md, "Redis").')
param redisKind string = 'managed'

@allowed(['P1', 'P2', 'P3', 'P4', 'P5'])
@description('Azure Cache for Redis Premium size (redisKind = premium).')
param redisSku string = 'P1'

@allowed(['Balanced_B1', 'Balanced_B3', 'Balanced_B5', 'Balanced_B10', 'Balanced_B20', 'Balanced_B50'])
@description('Azure Managed Redis SKU (redisKind = managed).')
param redisManagedSku string = 'Balanced_B1'

@allowed(['Standard_RAGZRS', 'Standard_GZRS', 'Standard_ZRS'])
@description('Redundancy of the data account: geo-redundant by default so that a regional failover keeps the files (docs/runbooks/regional-failover.md).')
param dataStorageSku string = 'Standard_RAGZRS'

@description('Creates the Event Grid custom topic for FileProcessed and alert events (EVENTGRID_TOPIC_ENDPOINT).')
param deployEventTopic bool = true

@allowed(['CloudEventSchemaV1_0'])
@description('Schema the app publishes to the custom topic with: EventGridTopicPublisher sends CloudEvents 1.0.')
param eventTopicInputSchema string = 'CloudEventSchemaV1_0'

@description('More origins allowed to PUT to the upload SAS URLs from a browser (blob CORS), besides the console\'s own.')
param uploadCorsOrigins array = []

@description('More origins allowed to call the API from a browser (Function App CORS), besides the console\'s own: e.g. http://localhost:5173 for a local console against this deployment.')
param apiCorsOrigins array = []

@description('Region of the console\'s Static Web App resource; Static Web Apps is not offered in every region (its files are served from Azure\'s edge everywhere). See docs/deployment-verification.md.')
param consoleLocation string = 'westeurope'

@description('Static Web Apps plan of the console.')
param consoleSku 'Free' | 'Standard' = 'Free'

@description('E-mail address for alert notifications; empty = alerts are recorded but nobody is mailed.')
param alertEmail string = ''

@secure()
@description('Optional JSON webhook for the app\'s own health alerts (ALERT_WEBHOOK_URL). Secure: such URLs usually carry a token, and a secure parameter stays out of deployment history and outputs.')
param alertWebhookUrl string = ''

@description('default, or recover: adopt the soft-deleted Key Vault of the same name (purge protection keeps it after `azd down`). infra/hooks/preprovision.sh sets KEYVAULT_CREATE_MODE.')
param keyVaultCreateMode 'default' | 'recover' = 'default'

var resourceToken = toLower(uniqueString(subscription().id, environmentName, location))
var tags = { 'azd-env-name': environmentName, app: 'aisaas-dashboard' }
var databaseName = 'aisaas'

resource rg 'Microsoft.Resources/resourceGroups@2024-03-01' = {
  name: 'rg-aisaas-${environmentName}'
  location: location
  tags: tags
}

module identity 'br/public:avm/res/managed-identity/user-assigned-identity:0.4.0' = {
  scope: rg
  name: 'identity'
  params: {
    name: 'id-aisaas-${resourceToken}'
    location: location
    tags: tags
  }
}

// Two more identities, one per PostgreSQL role the app logs in as besides the runtime role (docs/operations.md,
// "Database roles"): the maintenance role of the cross-tenant timer jobs, and the schema owner the migrations run as.
// Each becomes an Entra principal in postprovision; no role is ever granted to another.
module maintenanceIdentity 'br/public:avm/res/managed-identity/user-assigned-identity:0.4.0' = {
  scope: rg
  name: 'maintenance-identity'
  params: {
    name: 'id-aisaas-maint-${resourceToken}'
    location: location
    tags: tags
  }
}

module ownerIdentity 'br/public:avm/res/managed-identity/user-assigned-identity:0.4.0' = {
  scope: rg
  name: 'owner-identity'
  params: {
    name: 'id-aisaas-owner-${resourceToken}'
    location: location
    tags: tags
  }
}

module network 'modules/network.bicep' = {
  scope: rg
  name: 'network'
  params: {
    name: 'vnet-aisaas-${resourceToken}'
    location: location
    tags: tags
    redisKind: redisKind
  }
}

module monitoring 'modules/monitoring.bicep' = {
  scope: rg
  name: 'monitoring'
  params: {
    resourceToken: resourceToken
    location: location
    tags: tags
    alertEmail: alertEmail
    identityPrincipalId: identity.outputs.principalId
  }
}

module consoleApp 'modules/console.bicep' = {
  scope: rg
  name: 'console'
  params: {
    name: 'stapp-aisaas-${resourceToken}'
    location: consoleLocation
    tags: tags
    sku: consoleSku
  }
}

module storage 'modules/storage.bicep' = {
  scope: rg
  name: 'storage'
  params: {
    resourceToken: resourceToken
    location: location
    tags: tags
    identityPrincipalId: identity.outputs.principalId
    privateEndpointSubnetId: network.outputs.privateEndpointSubnetId
    blobDnsZoneId: network.outputs.dnsZoneIds.blob
    queueDnsZoneId: network.outputs.dnsZoneIds.queue
    // the console uploads blocks straight to the data account and downloads through read-only SAS redirects
    uploadCorsOrigins: union([consoleApp.outputs.origin], uploadCorsOrigins)
    dataSku: dataStorageSku
    workspaceId: monitoring.outputs.workspaceId
  }
}

module keyVault 'modules/keyvault.bicep' = {
  scope: rg
  name: 'keyvault'
  params: {
    name: 'kv-aisaas-${take(resourceToken, 13)}'
    location: location
    tags: tags
    identityPrincipalId: identity.outputs.principalId
    operatorPrincipalId: principalId
    operatorPrincipalType: principalType
    createMode: keyVaultCreateMode
    privateEndpointSubnetId: network.outputs.privateEndpointSubnetId
    dnsZoneId: network.outputs.dnsZoneIds.vault
    workspaceId: monitoring.outputs.workspaceId
  }
}

module postgres 'modules/postgres.bicep' = {
  scope: rg
  name: 'postgres'
  params: {
    name: empty(postgresServerName) ? 'psql-aisaas-${resourceToken}' : postgresServerName
    location: location
    tags: tags
    databaseName: databaseName
    skuName: postgresSkuName
    skuTier: postgresSkuTier
    storageGB: postgresStorageGB
    highAvailability: postgresHighAvailability
    readReplica: postgresReadReplica
    adminPrincipalId: principalId
    adminPrincipalName: principalName
    adminPrincipalType: principalType
    privateEndpointSubnetId: network.outputs.privateEndpointSubnetId
    dnsZoneId: network.outputs.dnsZoneIds.postgres
    workspaceId: monitoring.outputs.workspaceId
  }
}

module redis 'modules/redis.bicep' = if (redisKind == 'premium') {
  scope: rg
  name: 'redis'
  params: {
    name: 'redis-aisaas-${resourceToken}'
    location: location
    tags: tags
    sku: redisSku
    identityPrincipalId: identity.outputs.principalId
    identityName: identity.outputs.name
    privateEndpointSubnetId: network.outputs.privateEndpointSubnetId
    dnsZoneId: network.outputs.dnsZoneIds.redis
    workspaceId: monitoring.outputs.workspaceId
  }
}

module managedRedis 'modules/managed-redis.bicep' = if (redisKind == 'managed') {
  scope: rg
  name: 'managed-redis'
  params: {
    name: 'amr-aisaas-${resourceToken}'
    location: location
    tags: tags
    sku: redisManagedSku
    identityPrincipalId: identity.outputs.principalId
    privateEndpointSubnetId: network.outputs.privateEndpointSubnetId
    dnsZoneId: network.outputs.dnsZoneIds.redis
    workspaceId: monitoring.outputs.workspaceId
  }
}

// What the rest of the deployment needs of whichever Redis was chosen.
var redisId = redisKind == 'managed' ? managedRedis.outputs.id : redis.outputs.id
var redisName = redisKind == 'managed' ? managedRedis.outputs.name : redis.outputs.name
var redisUrl = redisKind == 'managed'
  ? 'rediss://${managedRedis.outputs.hostName}:${managedRedis.outputs.port}'
  : 'rediss://${redis.outputs.hostName}:${redis.outputs.port}'

module eventGrid 'modules/eventgrid.bicep' = {
  scope: rg
  name: 'eventgrid'
  params: {
    resourceToken: resourceToken
    location: location
    tags: tags
    dataAccountName: storage.outputs.dataAccountName
    deadLetterContainerName: storage.outputs.deadLetterContainerName
    deployEventTopic: deployEventTopic
    eventTopicInputSchema: eventTopicInputSchema
    identityPrincipalId: identity.outputs.principalId
    workspaceId: monitoring.outputs.workspaceId
  }
}

module functionApp 'modules/functionapp.bicep' = {
  scope: rg
  name: 'functionapp'
  params: {
    name: 'func-aisaas-${resourceToken}'
    location: location
    tags: tags
    identityId: identity.outputs.resourceId
    identityClientId: identity.outputs.clientId
    identityName: identity.outputs.name
    maintenanceIdentityId: maintenanceIdentity.outputs.resourceId
    maintenanceIdentityClientId: maintenanceIdentity.outputs.clientId
    maintenanceIdentityName: maintenanceIdentity.outputs.name
    ownerIdentityId: ownerIdentity.outputs.resourceId
    ownerIdentityClientId: ownerIdentity.outputs.clientId
    ownerIdentityName: ownerIdentity.outputs.name
    hostAccountName: storage.outputs.hostAccountName
    deploymentContainerName: storage.outputs.deploymentContainerName
    dataBlobEndpoint: storage.outputs.dataBlobEndpoint
    dataQueueEndpoint: storage.outputs.dataQueueEndpoint
    appInsightsConnectionString: monitoring.outputs.appInsightsConnectionString
    integrationSubnetId: network.outputs.functionsSubnetId
    alwaysReadyHttpInstances: alwaysReadyHttpInstances
    maximumInstanceCount: maximumInstanceCount
    instanceMemoryMB: instanceMemoryMB
    dbPoolMaxSize: dbPoolMaxSize
    postgresHost: postgres.outputs.fqdn
    postgresReplicaHost: postgres.outputs.replicaFqdn
    databaseName: databaseName
    redisUrl: redisUrl
    keyVaultUri: keyVault.outputs.uri
    eventTopicEndpoint: eventGrid.outputs.topicEndpoint
    authIssuer: authIssuer
    authAudience: authAudience
    authJwksUrl: authJwksUrl
    alertWebhookUrl: alertWebhookUrl
    corsAllowedOrigins: union([consoleApp.outputs.origin], apiCorsOrigins)
  }
}

module alerts 'modules/alerts.bicep' = {
  scope: rg
  name: 'alerts'
  params: {
    location: location
    tags: tags
    actionGroupId: monitoring.outputs.actionGroupId
    appInsightsId: monitoring.outputs.appInsightsId
    postgresId: postgres.outputs.id
    redisId: redisId
    redisNamespace: redisKind == 'managed' ? 'Microsoft.Cache/redisEnterprise' : 'Microsoft.Cache/redis'
    systemTopicId: eventGrid.outputs.systemTopicId
  }
}

// azd stores these in .azure/<env>/.env; the hooks and runbooks read them.
output AZURE_LOCATION string = location
output AZURE_TENANT_ID string = tenant().tenantId
output AZURE_RESOURCE_GROUP string = rg.name
output API_BASE_URL string = '${functionApp.outputs.uri}/api'
output API_ORIGIN string = functionApp.outputs.uri
output CONSOLE_URL string = consoleApp.outputs.origin
output DATA_BLOB_ENDPOINT string = storage.outputs.dataBlobEndpoint
output FUNCTION_APP_NAME string = functionApp.outputs.name
output APP_IDENTITY_NAME string = identity.outputs.name
output APP_IDENTITY_CLIENT_ID string = identity.outputs.clientId
output APP_IDENTITY_PRINCIPAL_ID string = identity.outputs.principalId
output MAINTENANCE_IDENTITY_NAME string = maintenanceIdentity.outputs.name
output MAINTENANCE_IDENTITY_PRINCIPAL_ID string = maintenanceIdentity.outputs.principalId
output OWNER_IDENTITY_NAME string = ownerIdentity.outputs.name
output OWNER_IDENTITY_PRINCIPAL_ID string = ownerIdentity.outputs.principalId
output POSTGRES_SERVER_NAME string = postgres.outputs.name
output POSTGRES_HOST string = postgres.outputs.fqdn
output POSTGRES_DATABASE string = databaseName
output POSTGRES_ADMIN_NAME string = principalName
output REDIS_NAME string = redisName
output REDIS_KIND string = redisKind
output KEYVAULT_NAME string = keyVault.outputs.name
output KEYVAULT_URI string = keyVault.outputs.uri
output DATA_STORAGE_ACCOUNT string = storage.outputs.dataAccountName
output DATA_STORAGE_ACCOUNT_ID string = storage.outputs.dataAccountId
output EVENTGRID_SYSTEM_TOPIC string = eventGrid.outputs.systemTopicName
output EVENTGRID_DEADLETTER_CONTAINER string = storage.outputs.deadLetterContainerName
output EVENTGRID_TOPIC_ENDPOINT string = eventGrid.outputs.topicEndpoint
output APPLICATIONINSIGHTS_NAME string = monitoring.outputs.appInsightsName
output LOG_ANALYTICS_WORKSPACE_ID string = monitoring.outputs.workspaceCustomerId
