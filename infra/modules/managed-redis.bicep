// Azure Managed Redis (Microsoft.Cache/redisEnterprise), the successor Microsoft names for Azure Cache for Redis:
// chosen with redisKind = 'managed' in main.bicep. Same contract for the app as redis.bicep: TLS only, Microsoft
// Entra ID authentication (no access keys), private endpoint only, the app identity's object id as its Redis
// user name (REDIS_AUTH_MODE=entra). Differences the app sees: port 10000 instead of 6380, and the database must
// be one endpoint (clusteringPolicy EnterpriseCluster), because the app's Jedis pool is not a cluster client.
// Shapes confirmed against Azure/bicep-types-az (redisenterprise 2025-07-01) and the AVM module
// avm/res/cache/redis-enterprise (docs/deployment-verification.md, "Redis").
param name string
param location string
param tags object
@description('Azure Managed Redis SKU, e.g. Balanced_B1 (1 GB-class) or Balanced_B5.')
param sku string
param identityPrincipalId string
param privateEndpointSubnetId string
param dnsZoneId string
param workspaceId string

resource cluster 'Microsoft.Cache/redisEnterprise@2025-07-01' = {
  name: name
  location: location
  tags: tags
  sku: {
    name: sku
  }
  properties: {
    minimumTlsVersion: '1.2'
    publicNetworkAccess: 'Disabled'
    highAvailability: 'Enabled'
  }
}

// The one database of a cluster is always named 'default'; its port is fixed at 10000.
resource database 'Microsoft.Cache/redisEnterprise/databases@2025-07-01' = {
  parent: cluster
  name: 'default'
  properties: {
    clientProtocol: 'Encrypted'
    clusteringPolicy: 'EnterpriseCluster'
    evictionPolicy: 'VolatileLRU'
    accessKeysAuthentication: 'Disabled'
    port: 10000
  }
}

// The only access policy Azure Managed Redis offers is 'default' (full data access for the assigned identity).
resource appAccess 'Microsoft.Cache/redisEnterprise/databases/accessPolicyAssignments@2025-07-01' = {
  parent: database
  name: 'app'
  properties: {
    accessPolicyName: 'default'
    user: {
      objectId: identityPrincipalId
    }
  }
}

module endpoint 'private-endpoint.bicep' = {
  name: 'pe-managed-redis'
  params: {
    name: 'pe-${cluster.name}'
    location: location
    tags: tags
    subnetId: privateEndpointSubnetId
    serviceId: cluster.id
    groupId: 'redisEnterprise'
    dnsZoneId: dnsZoneId
  }
}

resource diagnostics 'Microsoft.Insights/diagnosticSettings@2021-05-01-preview' = {
  scope: cluster
  name: 'to-log-analytics'
  properties: {
    workspaceId: workspaceId
    metrics: [
      { category: 'AllMetrics', enabled: true }
    ]
  }
}

output id string = cluster.id
output name string = cluster.name
output hostName string = cluster.properties.hostName
output port int = database.properties.port
