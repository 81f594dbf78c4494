// Log Analytics + workspace-based Application Insights (local auth off: the app's identity ingests with
// Entra ID, APPLICATIONINSIGHTS_AUTHENTICATION_STRING) + the action group every alert notifies.
param resourceToken string
param location string
param tags object
param alertEmail string
param identityPrincipalId string

module workspace 'br/public:avm/res/operational-insights/workspace:0.12.0' = {
  name: 'workspace'
  params: {
    name: 'log-aisaas-${resourceToken}'
    location: location
    tags: tags
    dataRetention: 90
  }
}

module appInsights 'br/public:avm/res/insights/component:0.6.0' = {
  name: 'appinsights'
  params: {
    name: 'appi-aisaas-${resourceToken}'
    location: location
    tags: tags
    workspaceResourceId: workspace.outputs.resourceId
    kind: 'web'
    applicationType: 'web'
    disableLocalAuth: true
    roleAssignments: [
      {
        principalId: identityPrincipalId
        principalType: 'ServicePrincipal'
        roleDefinitionIdOrName: 'Monitoring Metrics Publisher'
      }
    ]
  }
}

resource actionGroup 'Microsoft.Insights/actionGroups@2023-01-01' = {
  name: 'ag-aisaas-${resourceToken}'
  location: 'global'
  tags: tags
  properties: {
    groupShortName: 'aisaas'
    enabled: true
    emailReceivers: empty(alertEmail) ? [] : [
      {
        name: 'operators'
        emailAddress: alertEmail
        useCommonAlertSchema: true
      }
    ]
  }
}

output workspaceId string = workspace.outputs.resourceId
output workspaceCustomerId string = workspace.outputs.logAnalyticsWorkspaceId
output appInsightsId string = appInsights.outputs.resourceId
output appInsightsName string = appInsights.outputs.name
output appInsightsConnectionString string = appInsights.outputs.connectionString
output actionGroupId string = actionGroup.id
