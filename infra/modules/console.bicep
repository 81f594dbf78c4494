// The web console (console/): a static single-page app on Azure Static Web Apps, deployed by `azd deploy` as the
// `console` service (azure.yaml). The console calls the Function App at its own origin; the Function App's CORS
// rule and the data account's blob CORS rule name this app's origin (main.bicep). Static Web Apps' linked backend
// (the API under the app's own /api) is not used: Microsoft Learn lists Consumption, Premium and Dedicated Function
// Apps for it, not Flex Consumption, which the API runs on (docs/console.md, "Serving").
param name string
@description('Static Web Apps is offered in a few regions only; the content is served from Azure\'s edge everywhere.')
param location string
param tags object
@description('Free is enough for the console (static files only); Standard adds custom authentication, SLA and private endpoints.')
param sku 'Free' | 'Standard'

resource site 'Microsoft.Web/staticSites@2024-04-01' = {
  name: name
  location: location
  tags: union(tags, { 'azd-service-name': 'console' })
  sku: {
    name: sku
    tier: sku
  }
  properties: {
    // deployed by azd (the Static Web Apps CLI with the deployment token), not from a repository
    provider: 'Custom'
    stagingEnvironmentPolicy: 'Disabled'
    allowConfigFileUpdates: true
  }
}

output name string = site.name
output origin string = 'https://${site.properties.defaultHostname}'
