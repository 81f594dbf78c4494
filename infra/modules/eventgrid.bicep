// Event Grid:
//  - the system topic of the data account. Its two subscriptions point at webhooks whose keys exist only once
//    the code is deployed (blobs_extension / eventgrid_extension system keys), so infra/hooks/postdeploy.sh
//    creates them with `az`. The topic's own identity writes undeliverable events to the dead-letter
//    container (Storage Blob Data Contributor on that container only).
//  - optionally, the custom topic the app publishes FileProcessed and alert events to (Entra ID only; the
//    app's identity is "EventGrid Data Sender" on it).
param resourceToken string
param location string
param tags object
param dataAccountName string
param deadLetterContainerName string
param deployEventTopic bool
param eventTopicInputSchema string
param identityPrincipalId string
param workspaceId string

var roles = {
  storageBlobDataContributor: 'ba92f5b4-2d11-453d-a403-e96b0029c9fe'
  eventGridDataSender: 'd5a91429-5739-47e2-a06b-3470a27159e7'
}

resource dataAccount 'Microsoft.Storage/storageAccounts@2023-05-01' existing = {
  name: dataAccountName

  resource blob 'blobServices' existing = {
    name: 'default'

    resource deadLetters 'containers' existing = {
      name: deadLetterContainerName
    }
  }
}

resource systemTopic 'Microsoft.EventGrid/systemTopics@2022-06-15' = {
  name: 'evgt-aisaas-${resourceToken}'
  location: location
  tags: tags
  identity: { type: 'SystemAssigned' }
  properties: {
    source: dataAccount.id
    topicType: 'Microsoft.Storage.StorageAccounts'
  }
}

resource deadLetterWriter 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  scope: dataAccount::blob::deadLetters
  name: guid(dataAccount::blob::deadLetters.id, systemTopic.id, roles.storageBlobDataContributor)
  properties: {
    principalId: systemTopic.identity.principalId
    principalType: 'ServicePrincipal'
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roles.storageBlobDataContributor)
    description: 'Event Grid dead-letters undeliverable storage events here'
  }
}

resource eventTopic 'Microsoft.EventGrid/topics@2022-06-15' = if (deployEventTopic) {
  name: 'evgt-aisaas-events-${resourceToken}'
  location: location
  tags: tags
  properties: {
    inputSchema: eventTopicInputSchema
    disableLocalAuth: true
    publicNetworkAccess: 'Enabled'
  }
}

resource eventSender 'Microsoft.Authorization/roleAssignments@2022-04-01' = if (deployEventTopic) {
  scope: eventTopic
  name: guid(eventTopic.id, identityPrincipalId, roles.eventGridDataSender)
  properties: {
    principalId: identityPrincipalId
    principalType: 'ServicePrincipal'
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roles.eventGridDataSender)
    description: 'The app publishes FileProcessed and alert events'
  }
}

resource systemTopicDiagnostics 'Microsoft.Insights/diagnosticSettings@2021-05-01-preview' = {
  scope: systemTopic
  name: 'to-log-analytics'
  properties: {
    workspaceId: workspaceId
    logs: [
      { category: 'DeliveryFailures', enabled: true }
    ]
    metrics: [
      { category: 'AllMetrics', enabled: true }
    ]
  }
}

output systemTopicId string = systemTopic.id
output systemTopicName string = systemTopic.name
output topicEndpoint string = deployEventTopic ? eventTopic.properties.endpoint : ''
