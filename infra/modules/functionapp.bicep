// The Function App: Flex Consumption (FC1), Linux, Java 17, the user-assigned identity for everything
// (host storage, deployment package, data, PostgreSQL, Redis, Key Vault, Event Grid, Application Insights),
// outbound through the VNet.
//
// `appSettings` below is the complete list of app settings: every setting the code reads (constants of
// shared/src/main/java/com/aisaas/config/Setting.java) plus the platform's own. InfraConsistencyIT scans this
// block textually (one `NAME: value` per line) and fails when a setting is missing, stale, or a DEVHOST_* one.
// Secrets never appear here: the app reads them from Key Vault by name (KEYVAULT_URI), so the settings that
// would hold them (DB_PASSWORD, REDIS_PASSWORD, JWT_SIGNING_KEY*) stay empty.
param name string
param location string
param tags object
param identityId string
param identityClientId string
param identityName string
@description('The maintenance role\'s identity (PostgreSQL login of the cross-tenant timer jobs)')
param maintenanceIdentityId string
param maintenanceIdentityClientId string
param maintenanceIdentityName string
@description('The schema owner\'s identity (PostgreSQL login the migrations run as)')
param ownerIdentityId string
param ownerIdentityClientId string
param ownerIdentityName string
param hostAccountName string
param deploymentContainerName string
param dataBlobEndpoint string
param dataQueueEndpoint string
param appInsightsConnectionString string
param integrationSubnetId string
param alwaysReadyHttpInstances int
param maximumInstanceCount int
param instanceMemoryMB int
param dbPoolMaxSize int
param postgresHost string
param postgresReplicaHost string
param databaseName string
@description('rediss://<host>:<TLS port> of the chosen Redis (6380 for Azure Cache for Redis, 10000 for Azure Managed Redis).')
param redisUrl string
param keyVaultUri string
param eventTopicEndpoint string
param authIssuer string
param authAudience string
param authJwksUrl string
@secure()
param alertWebhookUrl string
@description('Browser origins allowed to call the API (the console\'s); no credentials: the bearer token travels in a header.')
param corsAllowedOrigins array

resource hostAccount 'Microsoft.Storage/storageAccounts@2023-05-01' existing = {
  name: hostAccountName
}

var appSettings = {
  // --- Functions host (platform settings; identity-based connections, no keys) ---
  AzureWebJobsStorage__credential: 'managedidentity'
  AzureWebJobsStorage__clientId: identityClientId
  AzureWebJobsStorage__blobServiceUri: hostAccount.properties.primaryEndpoints.blob
  AzureWebJobsStorage__queueServiceUri: hostAccount.properties.primaryEndpoints.queue
  APPLICATIONINSIGHTS_CONNECTION_STRING: appInsightsConnectionString
  APPLICATIONINSIGHTS_AUTHENTICATION_STRING: 'ClientId=${identityClientId};Authorization=AAD'
  // No JVM options for the Java worker: Microsoft Learn documents languageWorkers__java__arguments for the
  // Consumption plan and JAVA_OPTS for Premium / Dedicated, and neither for Flex Consumption
  // (docs/deployment-verification.md). The local-only buffer option is in local.settings.sample.json.

  // --- the app (Setting.java), in the order of local.settings.sample.json ---
  APP_ENVIRONMENT: 'azure'
  LOG_FORMAT: 'json'
  LOG_LEVEL: 'INFO'

  DB_URL: 'jdbc:postgresql://${postgresHost}:5432/${databaseName}?sslmode=require'
  DB_USER: identityName
  DB_PASSWORD: ''
  // The maintenance and schema-owner logins (docs/operations.md, "Database roles"), each its own identity and
  // Entra principal (created by infra/hooks/postprovision.sh).
  DB_MAINTENANCE_USER: maintenanceIdentityName
  DB_MAINTENANCE_PASSWORD: ''
  DB_MAINTENANCE_CLIENT_ID: maintenanceIdentityClientId
  DB_MIGRATION_USER: ownerIdentityName
  DB_MIGRATION_PASSWORD: ''
  DB_MIGRATION_CLIENT_ID: ownerIdentityClientId
  DB_AUTH_MODE: 'entra'
  DB_READ_URL: empty(postgresReplicaHost) ? '' : 'jdbc:postgresql://${postgresReplicaHost}:5432/${databaseName}?sslmode=require'
  DB_POOL_MAX_SIZE: string(dbPoolMaxSize)
  DB_POOL_MIN_IDLE: '0'
  DB_CONNECTION_TIMEOUT_MS: '1000'
  DB_RETRY_MAX_ATTEMPTS: '4'
  DB_RETRY_BASE_DELAY_MS: '100'
  DB_MIGRATE_ON_START: 'true'
  DB_REQUEST_BUDGET_MS: '2000'
  DB_BACKGROUND_BUDGET_MS: '60000'
  CIRCUIT_BREAKER_ENABLED: 'true'
  CIRCUIT_FAILURE_THRESHOLD: '3'
  CIRCUIT_OPEN_MS: '5000'
  CIRCUIT_PROBE_INTERVAL_MS: '250'

  REDIS_URL: redisUrl
  REDIS_PASSWORD: ''
  REDIS_AUTH_MODE: 'entra'
  REDIS_TIMEOUT_MS: '500'

  // The blob trigger's connection "UploadsStorage", identity-based: blob and queue endpoints of the data
  // account (the trigger keeps its poison queue there), the user-assigned identity.
  UploadsStorage__blobServiceUri: dataBlobEndpoint
  UploadsStorage__queueServiceUri: dataQueueEndpoint
  UploadsStorage__credential: 'managedidentity'
  UploadsStorage__clientId: identityClientId

  KEYVAULT_URI: keyVaultUri
  KEYVAULT_PROBE_SECRET: ''
  SECRET_CACHE_TTL_SECONDS: '300'
  AZURE_CLIENT_ID: identityClientId

  HEALTH_REQUIRED_COMPONENTS: 'postgres,redis,blob,keyvault'
  HEALTH_CHECK_TIMEOUT_MS: '2000'

  JWT_SIGNING_KEY: ''
  JWT_SIGNING_KEY_PREVIOUS: ''
  FILES_CURSOR_KEY: ''
  FILES_CURSOR_KEY_PREVIOUS: ''
  AUTH_JWKS_URL: authJwksUrl
  AUTH_ISSUER: authIssuer
  AUTH_AUDIENCE: authAudience
  AUTH_CLOCK_SKEW_SECONDS: '60'
  AUTH_TENANT_CLAIM: 'tid'
  AUTH_ROLES_CLAIM: 'roles'
  RATE_LIMIT_PER_MINUTE: '100'
  IDEMPOTENCY_LEASE_SECONDS: '60'
  IDEMPOTENCY_TTL_HOURS: '24'
  CACHE_TTL_SECONDS: '60'

  UPLOAD_ALLOWED_CONTENT_TYPES: 'application/pdf,image/png,image/jpeg,image/gif,image/webp,text/plain,text/markdown,text/csv,application/json,application/vnd.openxmlformats-officedocument.*'
  UPLOAD_MAX_BYTES: '5368709120'
  DIRECT_UPLOAD_MAX_BYTES: '4194304'
  UPLOAD_SAS_MINUTES: '15'
  DOWNLOAD_SAS_MINUTES: '5'
  INLINE_DOWNLOAD_MAX_BYTES: '4194304'
  FILES_RESTORE_WINDOW_DAYS: '7'
  REDIS_POOL_MAX_SIZE: '32'

  PROCESSING_MAX_ATTEMPTS: '5'

  PROCESSING_CLAIM_LEASE_SECONDS: '60'
  EXTRACT_ENABLED: 'true'
  EXTRACT_MAX_BYTES: '8388608'
  EXTRACT_MAX_CHARS: '300000'
  EXTRACT_TIMEOUT_MS: '15000'
  SEARCH_RANK_CANDIDATES: '1000'
  SEARCH_BACKFILL_BATCH: '50'
  SEARCH_BACKFILL_SECONDS: '120'
  EVENTGRID_TOPIC_ENDPOINT: eventTopicEndpoint

  HEALTH_SWEEP_SCHEDULE: '0 */5 * * * *'
  BACKUP_EXPORT_SCHEDULE: '0 0 2 * * *'
  BACKUP_VERIFY_SCHEDULE: '0 0 3 * * *'
  RETENTION_PURGE_SCHEDULE: '0 30 4 * * *'
  RECONCILE_SCHEDULE: '0 15 * * * *'
  UPLOAD_SWEEP_SCHEDULE: '0 * * * * *'
  SEARCH_BACKFILL_SCHEDULE: '0 */10 * * * *'
  UPLOAD_SWEEP_MIN_AGE_SECONDS: '60'
  UPLOAD_SWEEP_BATCH_SIZE: '200'
  UPLOAD_BACKLOG_ALERT_COUNT: '100'
  UPLOAD_BACKLOG_ALERT_MINUTES: '15'
  UPLOAD_GIVE_UP_HOURS: '24'

  ALERT_WEBHOOK_URL: alertWebhookUrl
  HEALTH_DB_CONNECTIONS_ALERT: '180'
  HEALTH_DB_LATENCY_ALERT_MS: '500'
  HEALTH_REPLICA_LAG_ALERT_SECONDS: '30'
  HEALTH_REDIS_MEMORY_ALERT_PERCENT: '90'

  BACKUP_RPO_HOURS: '26'
  BACKUP_VERIFY_SAMPLE_SIZE: '20'
  BACKUP_RETENTION_DAYS: '35'

  PROCESSED_EVENTS_RETENTION_DAYS: '30'
  HEALTH_CHECKS_RETENTION_DAYS: '30'
  DEAD_LETTERS_RETENTION_DAYS: '90'
  QUARANTINE_RETENTION_DAYS: '30'
  RETENTION_BATCH_SIZE: '1000'
  RECONCILE_ORPHAN_MIN_AGE_MINUTES: '60'
}

resource plan 'Microsoft.Web/serverfarms@2024-04-01' = {
  name: 'plan-${name}'
  location: location
  tags: tags
  kind: 'functionapp'
  sku: {
    name: 'FC1'
    tier: 'FlexConsumption'
  }
  properties: {
    reserved: true
  }
}

resource site 'Microsoft.Web/sites@2024-04-01' = {
  name: name
  location: location
  tags: union(tags, { 'azd-service-name': 'api' })
  kind: 'functionapp,linux'
  identity: {
    type: 'UserAssigned'
    userAssignedIdentities: {
      '${identityId}': {}
      '${maintenanceIdentityId}': {}
      '${ownerIdentityId}': {}
    }
  }
  properties: {
    serverFarmId: plan.id
    httpsOnly: true
    keyVaultReferenceIdentity: identityId
    virtualNetworkSubnetId: integrationSubnetId
    siteConfig: {
      minTlsVersion: '1.2'
      ftpsState: 'Disabled'
      http20Enabled: true
      cors: {
        allowedOrigins: corsAllowedOrigins
        supportCredentials: false
      }
    }
    functionAppConfig: {
      deployment: {
        storage: {
          type: 'blobContainer'
          value: '${hostAccount.properties.primaryEndpoints.blob}${deploymentContainerName}'
          authentication: {
            type: 'UserAssignedIdentity'
            userAssignedIdentityResourceId: identityId
          }
        }
      }
      scaleAndConcurrency: {
        instanceMemoryMB: instanceMemoryMB
        maximumInstanceCount: maximumInstanceCount
        alwaysReady: alwaysReadyHttpInstances == 0 ? [] : [
          {
            name: 'http'
            instanceCount: alwaysReadyHttpInstances
          }
        ]
      }
      runtime: {
        name: 'java'
        version: '17'
      }
    }
  }

  resource settings 'config' = {
    name: 'appsettings'
    properties: appSettings
  }
}

// Basic-auth publishing (FTP / SCM) off: deployments use Entra ID (azd, az functionapp deployment).
resource ftpPublishing 'Microsoft.Web/sites/basicPublishingCredentialsPolicies@2024-04-01' = {
  parent: site
  name: 'ftp'
  properties: { allow: false }
}

resource scmPublishing 'Microsoft.Web/sites/basicPublishingCredentialsPolicies@2024-04-01' = {
  parent: site
  name: 'scm'
  properties: { allow: false }
}

output name string = site.name
output id string = site.id
output uri string = 'https://${site.properties.defaultHostName}'
