// Azure Cache for Redis Premium: TLS only (6380), Microsoft Entra ID authentication (no access keys), private
// endpoint only. The app's identity gets the built-in "Data Contributor" access policy; its Redis user name is
// the identity's object id (REDIS_AUTH_MODE=entra, see shared/.../cache/Redis.java).
param name string
param location string
param tags object
param sku string
param identityPrincipalId string
param identityName string
param privateEndpointSubnetId string
param dnsZoneId string
param workspaceId string

resource redis 'Microsoft.Cache/redis@2024-03-01' = {
  name: name
  location: location
  tags: tags
  zones: ['1', '2']
  properties: {
    sku: {
      name: 'Premium'
      family: 'P'
      capacity: int(substring(sku, 1))
    }
    enableNonSslPort: false
    minimumTlsVersion: '1.2'
    publicNetworkAccess: 'Disabled'
    disableAccessKeyAuthentication: true
    redisVersion: '6'
    redisConfiguration: {
      'aad-enabled': 'true'
      'maxmemory-policy': 'volatile-lru'
    }
  }
}

resource appAccess 'Microsoft.Cache/redis/accessPolicyAssignments@2024-03-01' = {
  parent: redis
  name: 'app'
  properties: {
    accessPolicyName: 'Data Contributor'
    objectId: identityPrincipalId
    objectIdAlias: identityName
  }
}

module endpoint 'private-endpoint.bicep' = {
  name: 'pe-redis'
  params: {
    name: 'pe-${redis.name}'
    location: location
    tags: tags
    subnetId: privateEndpointSubnetId
    serviceId: redis.id
    groupId: 'redisCache'
    dnsZoneId: dnsZoneId
  }
}

resource diagnostics 'Microsoft.Insights/diagnosticSettings@2021-05-01-preview' = {
  scope: redis
  name: 'to-log-analytics'
  properties: {
    workspaceId: workspaceId
    metrics: [
      { category: 'AllMetrics', enabled: true }
    ]
  }
}

output id string = redis.id
output name string = redis.name
output hostName string = redis.properties.hostName
output port int = redis.properties.sslPort
