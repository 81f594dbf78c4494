// PostgreSQL Flexible Server 15: zone-redundant HA, 7-day geo-redundant backups (point-in-time restore),
// TLS required, Microsoft Entra ID authentication only (no password exists), reachable only through a
// private endpoint; optional read replica. The deployer is the Entra admin; the app's role (its managed
// identity, an ordinary role so that row-level security applies) is created by infra/hooks/postprovision.sh.
param name string
param location string
param tags object
param databaseName string
param skuName string
param skuTier string
param storageGB int
param highAvailability bool
param readReplica bool
param adminPrincipalId string
param adminPrincipalName string
param adminPrincipalType 'User' | 'Group' | 'ServicePrincipal'
param privateEndpointSubnetId string
param dnsZoneId string
param workspaceId string

resource server 'Microsoft.DBforPostgreSQL/flexibleServers@2024-08-01' = {
  name: name
  location: location
  tags: tags
  sku: {
    name: skuName
    tier: skuTier
  }
  properties: {
    version: '15'
    createMode: 'Default'
    authConfig: {
      activeDirectoryAuth: 'Enabled'
      passwordAuth: 'Disabled'
      tenantId: tenant().tenantId
    }
    storage: {
      storageSizeGB: storageGB
      autoGrow: 'Enabled'
    }
    backup: {
      backupRetentionDays: 7
      geoRedundantBackup: 'Enabled'
    }
    highAvailability: {
      mode: highAvailability ? 'ZoneRedundant' : 'Disabled'
    }
    network: {
      // Private endpoint below; the postprovision hook opens a short, IP-restricted window to create the
      // app's role and closes it again.
      publicNetworkAccess: 'Disabled'
    }
  }
}

resource admin 'Microsoft.DBforPostgreSQL/flexibleServers/administrators@2024-08-01' = {
  parent: server
  name: adminPrincipalId
  properties: {
    principalName: adminPrincipalName
    principalType: adminPrincipalType
    tenantId: tenant().tenantId
  }
}

// Server parameters are applied one after another: the server accepts one change at a time.
resource requireTls 'Microsoft.DBforPostgreSQL/flexibleServers/configurations@2024-08-01' = {
  parent: server
  name: 'require_secure_connection'
  properties: { value: 'on', source: 'user-override' }
  dependsOn: [admin]
}

resource extensions 'Microsoft.DBforPostgreSQL/flexibleServers/configurations@2024-08-01' = {
  parent: server
  name: 'azure.extensions'
  properties: { value: 'PG_TRGM', source: 'user-override' }
  dependsOn: [requireTls]
}

// Built-in PgBouncer on port 6432 (transaction pooling), for when instances × DB_POOL_MAX_SIZE outgrows
// the connection budget (docs/operations.md, "Scaling knobs"). The app uses 5432 unless DB_URL says 6432.
resource pgbouncer 'Microsoft.DBforPostgreSQL/flexibleServers/configurations@2024-08-01' = {
  parent: server
  name: 'pgbouncer.enabled'
  properties: { value: 'true', source: 'user-override' }
  dependsOn: [extensions]
}

resource database 'Microsoft.DBforPostgreSQL/flexibleServers/databases@2024-08-01' = {
  parent: server
  name: databaseName
  properties: {
    charset: 'UTF8'
    collation: 'en_US.utf8'
  }
  dependsOn: [pgbouncer]
}

module endpoint 'private-endpoint.bicep' = {
  name: 'pe-postgres'
  params: {
    name: 'pe-${server.name}'
    location: location
    tags: tags
    subnetId: privateEndpointSubnetId
    serviceId: server.id
    groupId: 'postgresqlServer'
    dnsZoneId: dnsZoneId
  }
  dependsOn: [database]
}

resource replica 'Microsoft.DBforPostgreSQL/flexibleServers@2024-08-01' = if (readReplica) {
  name: '${name}-replica'
  location: location
  tags: tags
  sku: {
    name: skuName
    tier: skuTier
  }
  properties: {
    createMode: 'Replica'
    sourceServerResourceId: server.id
    network: {
      publicNetworkAccess: 'Disabled'
    }
  }
  dependsOn: [endpoint]
}

module replicaEndpoint 'private-endpoint.bicep' = if (readReplica) {
  name: 'pe-postgres-replica'
  params: {
    name: 'pe-${name}-replica'
    location: location
    tags: tags
    subnetId: privateEndpointSubnetId
    serviceId: replica.id
    groupId: 'postgresqlServer'
    dnsZoneId: dnsZoneId
  }
}

resource diagnostics 'Microsoft.Insights/diagnosticSettings@2021-05-01-preview' = {
  scope: server
  name: 'to-log-analytics'
  properties: {
    workspaceId: workspaceId
    logs: [
      { categoryGroup: 'allLogs', enabled: true }
    ]
    metrics: [
      { category: 'AllMetrics', enabled: true }
    ]
  }
}

output id string = server.id
output name string = server.name
output fqdn string = server.properties.fullyQualifiedDomainName
output replicaFqdn string = readReplica ? replica.properties.fullyQualifiedDomainName : ''
