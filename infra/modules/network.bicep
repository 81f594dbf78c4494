// VNet: one subnet for the Function App's outbound VNet integration (Flex Consumption delegates it to
// Microsoft.App/environments), one for private endpoints; a private DNS zone per private-link service.
param name string
param location string
param tags object
param addressPrefix string = '10.40.0.0/16'
@description('premium: Azure Cache for Redis (privatelink.redis.cache.windows.net); managed: Azure Managed Redis (privatelink.redis.azure.net).')
param redisKind string = 'premium'

var zones = {
  blob: 'privatelink.blob.${environment().suffixes.storage}'
  queue: 'privatelink.queue.${environment().suffixes.storage}'
  vault: 'privatelink.vaultcore.azure.net'
  postgres: 'privatelink.postgres.database.azure.com'
  redis: redisKind == 'managed' ? 'privatelink.redis.azure.net' : 'privatelink.redis.cache.windows.net'
}

module vnet 'br/public:avm/res/network/virtual-network:0.7.0' = {
  name: 'vnet'
  params: {
    name: name
    location: location
    tags: tags
    addressPrefixes: [addressPrefix]
    subnets: [
      {
        name: 'snet-functions'
        addressPrefix: cidrSubnet(addressPrefix, 24, 0)
        delegation: 'Microsoft.App/environments'
      }
      {
        name: 'snet-private-endpoints'
        addressPrefix: cidrSubnet(addressPrefix, 24, 1)
        privateEndpointNetworkPolicies: 'Disabled'
      }
    ]
  }
}

module dnsZones 'br/public:avm/res/network/private-dns-zone:0.7.1' = [for zone in items(zones): {
  name: 'dns-${zone.key}'
  params: {
    name: zone.value
    location: 'global'
    tags: tags
    virtualNetworkLinks: [
      {
        virtualNetworkResourceId: vnet.outputs.resourceId
        registrationEnabled: false
      }
    ]
  }
}]

output vnetId string = vnet.outputs.resourceId
output functionsSubnetId string = vnet.outputs.subnetResourceIds[0]
output privateEndpointSubnetId string = vnet.outputs.subnetResourceIds[1]
// items() sorts by key: blob, postgres, queue, redis, vault
output dnsZoneIds object = {
  blob: dnsZones[0].outputs.resourceId
  postgres: dnsZones[1].outputs.resourceId
  queue: dnsZones[2].outputs.resourceId
  redis: dnsZones[3].outputs.resourceId
  vault: dnsZones[4].outputs.resourceId
}
