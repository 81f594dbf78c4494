// Types of the API's JSON documents, as docs/openapi.yaml defines them. Only the fields the console uses
// are required here; extra fields the API adds are tolerated.

export type FileStatus = 'pending' | 'processing' | 'ready' | 'rejected' | 'failed' | 'deleted';

export const FILE_STATUSES: readonly FileStatus[] = ['pending', 'processing', 'ready', 'rejected', 'failed', 'deleted'];

export interface FileItem {
  id: string;
  name: string;
  contentType: string;
  size: number;
  status: FileStatus;
  tags: Record<string, string>;
  sha256?: string;
  rejectionReason?: string;
  createdAt: string;
  updatedAt: string;
  processedAt?: string;
  deletedAt?: string;
  restorableUntil?: string;
  etag: string;
  metadata?: Record<string, unknown>;
}

export interface FilePage {
  items: FileItem[];
  nextCursor: string | null;
}

export interface FileFilters {
  status?: FileStatus;
  contentType?: string;
  name?: string;
}

/** Filters of a content search (GET /api/v1/search); a cursor belongs to the `q` and filters it was made with. */
export interface SearchFilters {
  q: string;
  status?: FileStatus;
  contentType?: string;
  /** created at or after: an instant or a date (midnight UTC) */
  from?: string;
  /** created before this instant, or on or before this date */
  to?: string;
  /** `key` or `key=value` */
  tag?: string;
}

export interface SearchHit {
  file: FileItem;
  rank: number;
  /** The best passages, HTML-escaped, with the matching words in `<mark>` tags (see ui/highlight.ts). */
  snippet?: string;
}

export interface SearchPage {
  items: SearchHit[];
  nextCursor: string | null;
}

export interface UploadSessionRequest {
  name: string;
  size: number;
  contentType: string;
  tags?: Record<string, string>;
}

export interface UploadSession {
  fileId: string;
  uploadUrl: string;
  method: 'PUT';
  headers: Record<string, string>;
  expiresAt: string;
  file: FileItem;
}

export interface FilePatch {
  name?: string;
  tags?: Record<string, string>;
}

/** RFC 9457 problem details as the API writes them. */
export interface Problem {
  type: string;
  title: string;
  status: number;
  detail?: string;
  instance?: string;
  invocationId?: string;
  invalidParams?: { name: string; reason: string }[];
  component?: string;
  retryable?: boolean;
}

export interface DeadLetter {
  id: number;
  source: string;
  eventId: string | null;
  payload: Record<string, unknown>;
  reason: string;
  attempts: number;
  createdAt: string;
  replayedAt: string | null;
}

export interface DeadLetterPage {
  items: DeadLetter[];
  nextCursor: string | null;
}

export interface DeadLetterReplay {
  id: number;
  source: string;
  outcome: string;
  replayedAt: string;
}

export type ComponentStatus = 'UP' | 'DOWN' | 'SKIPPED';

export interface HealthCheckRecord {
  id: number;
  checkedAt: string;
  component: string;
  status: ComponentStatus;
  latencyMs?: number;
  details: Record<string, unknown>;
}

export interface Alert {
  id: number;
  key: string;
  component?: string;
  message?: string;
  openedAt: string;
  lastSeen?: string;
  clearedAt?: string;
  occurrences: number;
}

export interface HealthHistory {
  items: HealthCheckRecord[];
  nextCursor: string | null;
  openAlerts: Alert[];
}

export interface ReadinessReport {
  status: 'UP' | 'DOWN';
  checkedAt?: string;
  components?: Record<string, { status: ComponentStatus; required?: boolean; latencyMs?: number; error?: string }>;
}

export interface MaintenanceRun {
  id: number;
  kind: string;
  startedAt: string;
  finishedAt?: string;
  status: 'running' | 'succeeded' | 'failed';
  counts?: Record<string, unknown>;
  details?: Record<string, unknown>;
}

export interface MaintenanceRunPage {
  items: MaintenanceRun[];
  nextCursor: string | null;
}

export interface BackupRun {
  id: number;
  kind: 'export' | 'verify' | 'prune';
  status: 'running' | 'succeeded' | 'failed';
  startedAt: string;
  finishedAt: string | null;
  manifestPath: string | null;
  details: Record<string, unknown>;
}

export interface BackupVerification {
  backup: string | null;
  passed: boolean;
  checks: { name: string; passed: boolean; detail: string }[];
  backupRunId: number;
  elapsedMs: number;
}

/** GET /api/v1/admin/metrics: one instance's counters since it started and its recent latency percentiles. */
export interface MetricsSummary {
  instance: string;
  startedAt: string;
  takenAt: string;
  functions: FunctionCalls[];
}

export interface FunctionCalls {
  function: string;
  calls: number;
  failed: number;
  meanMs: number;
  p50Ms: number | null;
  p95Ms: number | null;
  p99Ms: number | null;
}
