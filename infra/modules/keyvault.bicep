// Key Vault: RBAC, purge protection, private endpoint only. The app reads its secrets by name through
// KEYVAULT_URI (jwt-signing-key, jwt-signing-key-previous, ...; cached SECRET_CACHE_TTL_SECONDS, so a rotation
// needs no restart). The operator (deployer) may set secrets: docs/runbooks/rotate-jwt-signing-key.md.
param name string
param location string
param tags object
param identityPrincipalId string
param operatorPrincipalId string
param operatorPrincipalType string
param privateEndpointSubnetId string
param dnsZoneId string
param workspaceId string

module vault 'br/public:avm/res/key-vault/vault:0.13.3' = {
  name: 'vault'
  params: {
    name: name
    location: location
    tags: tags
    sku: 'standard'
    enableRbacAuthorization: true
    enablePurgeProtection: true
    softDeleteRetentionInDays: 90
    publicNetworkAccess: 'Disabled'
    networkAcls: {
      bypass: 'AzureServices'
      defaultAction: 'Deny'
    }
    privateEndpoints: [
      {
        subnetResourceId: privateEndpointSubnetId
        service: 'vault'
        privateDnsZoneGroup: {
          privateDnsZoneGroupConfigs: [
            { privateDnsZoneResourceId: dnsZoneId }
          ]
        }
      }
    ]
    roleAssignments: [
      {
        principalId: identityPrincipalId
        principalType: 'ServicePrincipal'
        roleDefinitionIdOrName: 'Key Vault Secrets User'
        description: 'The app reads its secrets'
      }
      {
        principalId: operatorPrincipalId
        principalType: operatorPrincipalType
        roleDefinitionIdOrName: 'Key Vault Secrets Officer'
        description: 'Operators rotate secrets (runbooks)'
      }
    ]
    diagnosticSettings: [
      { workspaceResourceId: workspaceId }
    ]
  }
}

output name string = vault.outputs.name
output uri string = vault.outputs.uri
output id string = vault.outputs.resourceId
