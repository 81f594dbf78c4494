// Alerts, each explained with what to do in docs/operations.md ("Alerts"). Thresholds that the app's own
// health sweep also uses are the same numbers as its settings (InfraConsistencyIT compares them):
// PostgreSQL connections > 180 (HEALTH_DB_CONNECTIONS_ALERT), Redis memory > 90 % (HEALTH_REDIS_MEMORY_ALERT_PERCENT).
param location string
param tags object
param actionGroupId string
param appInsightsId string
param postgresId string
param redisId string
@allowed(['Microsoft.Cache/redis', 'Microsoft.Cache/redisEnterprise'])
@description('Metric namespace of the Redis resource: Azure Cache for Redis or Azure Managed Redis; both publish percentProcessorTime and usedmemorypercentage.')
param redisNamespace string
param systemTopicId string

var metricAlerts = [
  {
    name: 'postgres-cpu-high'
    description: 'PostgreSQL CPU above 80 % for 15 minutes'
    scope: postgresId
    namespace: 'Microsoft.DBforPostgreSQL/flexibleServers'
    metric: 'cpu_percent'
    aggregation: 'Average'
    threshold: 80
    severity: 2
    window: 'PT15M'
  }
  {
    name: 'postgres-connections-high'
    description: 'PostgreSQL active connections above 180 (budget 200): instances x DB_POOL_MAX_SIZE is too high'
    scope: postgresId
    namespace: 'Microsoft.DBforPostgreSQL/flexibleServers'
    metric: 'active_connections'
    aggregation: 'Maximum'
    threshold: 180
    severity: 1
    window: 'PT5M'
  }
  {
    name: 'redis-cpu-high'
    description: 'Redis server CPU above 80 % for 15 minutes'
    scope: redisId
    namespace: redisNamespace
    metric: 'percentProcessorTime'
    aggregation: 'Average'
    threshold: 80
    severity: 2
    window: 'PT15M'
  }
  {
    name: 'redis-memory-high'
    description: 'Redis used memory above 90 %'
    scope: redisId
    namespace: redisNamespace
    metric: 'usedmemorypercentage'
    aggregation: 'Maximum'
    threshold: 90
    severity: 2
    window: 'PT5M'
  }
  {
    name: 'eventgrid-dead-lettered'
    description: 'Storage events dead-lettered: a function did not accept them (docs/runbooks/replay-dead-letters.md)'
    scope: systemTopicId
    namespace: 'Microsoft.EventGrid/systemTopics'
    metric: 'DeadLetteredCount'
    aggregation: 'Total'
    threshold: 0
    severity: 2
    window: 'PT15M'
  }
]

resource metric 'Microsoft.Insights/metricAlerts@2018-03-01' = [for alert in metricAlerts: {
  name: alert.name
  location: 'global'
  tags: tags
  properties: {
    description: alert.description
    severity: alert.severity
    enabled: true
    scopes: [alert.scope]
    evaluationFrequency: 'PT5M'
    windowSize: alert.window
    criteria: {
      'odata.type': 'Microsoft.Azure.Monitor.SingleResourceMultipleMetricCriteria'
      allOf: [
        {
          criterionType: 'StaticThresholdCriterion'
          name: alert.metric
          metricNamespace: alert.namespace
          metricName: alert.metric
          timeAggregation: alert.aggregation
          operator: 'GreaterThan'
          threshold: alert.threshold
        }
      ]
    }
    actions: [
      { actionGroupId: actionGroupId }
    ]
  }
}]

// Log alerts over Application Insights (function invocations are `requests`, their logs `traces`).
var logAlerts = [
  {
    name: 'function-failures'
    description: 'Function invocations failing (more than 5 in 5 minutes)'
    severity: 2
    threshold: 5
    // One row per failed invocation: timeAggregation Count counts rows, so a `summarize ... by` here would
    // count failing functions instead (one row each) and hardly ever pass 5.
    query: 'requests | where success == false | project timestamp, operation_Name, resultCode'
  }
  {
    name: 'backup-verification-failed'
    description: 'Backup export or verification failed: the metadata may not be recoverable within the RPO'
    severity: 1
    threshold: 0
    query: 'union (requests | where operation_Name in ("BackupExport", "BackupVerify") and success == false), (traces | where operation_Name in ("BackupExport", "BackupVerify") and severityLevel >= 3)'
  }
  {
    name: 'health-sweep-alert'
    description: 'The health sweep raised an alert (a component down or over its threshold)'
    severity: 2
    threshold: 0
    query: 'traces | where operation_Name == "HealthSweep" and severityLevel >= 3'
  }
  {
    name: 'upload-dead-letters'
    description: 'Uploads recorded as poison (dead_letters): see docs/runbooks/poison-upload-storm.md'
    severity: 3
    threshold: 10
    query: 'traces | where operation_Name in ("ProcessUpload", "StorageLifecycle") and severityLevel >= 3'
  }
]

resource log 'Microsoft.Insights/scheduledQueryRules@2023-12-01' = [for alert in logAlerts: {
  name: alert.name
  location: location
  tags: tags
  kind: 'LogAlert'
  properties: {
    displayName: alert.name
    description: alert.description
    severity: alert.severity
    enabled: true
    scopes: [appInsightsId]
    evaluationFrequency: 'PT5M'
    windowSize: 'PT5M'
    criteria: {
      allOf: [
        {
          query: alert.query
          timeAggregation: 'Count'
          operator: 'GreaterThan'
          threshold: alert.threshold
          failingPeriods: {
            numberOfEvaluationPeriods: 1
            minFailingPeriodsToAlert: 1
          }
        }
      ]
    }
    actions: {
      actionGroups: [actionGroupId]
    }
  }
}]
