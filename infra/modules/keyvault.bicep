// Key Vault: RBAC, purge protection, private endpoint only. The app reads its secrets by name through
// KEYVAULT_URI (jwt-signing-key, jwt-signing-key-previous, ...; cached SECRET_CACHE_TTL_SECONDS, so a rotation
// needs no restart). The operator (deployer) may set secrets: docs/runbooks/rotate-jwt-signing-key.md.
//
// The AVM module's role assignments type `principalType` as a union of literals (avm-common-types 0.6.1:
// 'ServicePrincipal' | 'Group' | 'User' | 'ForeignGroup' | 'Device'); a plain `string` parameter does not
// fit it (BCP036), so the parameter below is typed with the literals main.bicep allows.
// Purge protection keeps a deleted vault for softDeleteRetentionInDays under its name: after `azd down`
// the next `azd up` must recover it (createMode 'recover'); infra/hooks/preprovision.sh detects that case
// and sets KEYVAULT_CREATE_MODE (docs/operations.md, "Tear down and redeploy").
param name string
param location string
param tags object
param identityPrincipalId string
param operatorPrincipalId string
param operatorPrincipalType 'User' | 'Group' | 'ServicePrincipal'
@description('default, or recover: adopt the soft-deleted vault of the same name (after azd down).')
param createMode 'default' | 'recover' = 'default'
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
    createMode: createMode
    enableRbacAuthorization: true
    // Nothing but the app reads this vault: no VM deployment, ARM template or disk encryption access.
    enableVaultForDeployment: false
    enableVaultForTemplateDeployment: false
    enableVaultForDiskEncryption: false
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
