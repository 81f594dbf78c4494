// The one module that knows the API's paths, methods and headers (docs/openapi.yaml). A change of the contract
// is an edit here; views only call these typed functions.
import type {
  BackupRun,
  BackupVerification,
  DeadLetterPage,
  DeadLetterReplay,
  FileFilters,
  FileItem,
  FilePage,
  FilePatch,
  HealthHistory,
  MaintenanceRunPage,
  MetricsSummary,
  Problem,
  ReadinessReport,
  SearchFilters,
  SearchPage,
  UploadSession,
  UploadSessionRequest,
} from './types';

/** A failed call: the HTTP status and, when the API sent one, its problem document. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly problem: Problem | null,
    readonly requestId: string | null,
  ) {
    super(problem?.detail ?? problem?.title ?? `HTTP ${status}`);
    this.name = 'ApiError';
  }

  get isConflict(): boolean {
    return this.status === 409 || this.status === 412;
  }
}

export interface ApiClientOptions {
  /** Origin and prefix of the API; '' when the console is served from the API's origin (the local proxy, Static Web Apps). */
  baseUrl?: string;
  /**
   * The bearer token of the signed-in user, or null. Asked for on every call, so that a new sign-in applies at
   * once and MSAL can hand out a renewed token (it may reject when the user has to sign in again).
   */
  token: () => string | null | Promise<string | null>;
  /** Called on 401 so that the console can ask for a new sign-in. */
  onUnauthorized?: () => void;
  fetch?: typeof fetch;
}

export interface FileWithEtag {
  file: FileItem;
  etag: string;
}

export class ApiClient {
  private readonly baseUrl: string;
  private readonly fetchImpl: typeof fetch;

  constructor(private readonly options: ApiClientOptions) {
    this.baseUrl = options.baseUrl ?? '';
    this.fetchImpl = options.fetch ?? ((...args) => globalThis.fetch(...args));
  }

  // ---- files ----

  listFiles(filters: FileFilters, cursor: string | null, limit = 20, signal?: AbortSignal): Promise<FilePage> {
    const query = new URLSearchParams({ limit: String(limit) });
    if (filters.status) query.set('status', filters.status);
    if (filters.contentType) query.set('contentType', filters.contentType);
    if (filters.name) query.set('name', filters.name);
    if (cursor) query.set('cursor', cursor);
    return this.json<FilePage>('GET', `/api/v1/files?${query}`, { signal });
  }

  /** Content search (web-search syntax in `q`); pass the previous page's `nextCursor` with the same filters. */
  searchFiles(filters: SearchFilters, cursor: string | null, limit = 20, signal?: AbortSignal): Promise<SearchPage> {
    const query = new URLSearchParams({ q: filters.q, limit: String(limit) });
    for (const key of ['status', 'contentType', 'from', 'to', 'tag'] as const) {
      const value = filters[key];
      if (value) query.set(key, value);
    }
    if (cursor) query.set('cursor', cursor);
    return this.json<SearchPage>('GET', `/api/v1/search?${query}`, { signal });
  }

  async getFile(id: string, signal?: AbortSignal): Promise<FileItem> {
    return this.json<FileItem>('GET', `/api/v1/files/${encodeURIComponent(id)}`, { signal });
  }

  createUploadSession(request: UploadSessionRequest, idempotencyKey: string, signal?: AbortSignal): Promise<UploadSession> {
    return this.json<UploadSession>('POST', '/api/v1/files/uploads', {
      body: request,
      headers: { 'Idempotency-Key': idempotencyKey },
      signal,
    });
  }

  /** Rename and/or retag; `etag` goes in If-Match, so a stale view answers 412 instead of overwriting. */
  updateFile(id: string, patch: FilePatch, etag: string): Promise<FileItem> {
    return this.json<FileItem>('PATCH', `/api/v1/files/${encodeURIComponent(id)}`, {
      body: patch,
      headers: { 'If-Match': etag },
    });
  }

  async deleteFile(id: string, etag?: string): Promise<void> {
    await this.send('DELETE', `/api/v1/files/${encodeURIComponent(id)}`, {
      headers: etag ? { 'If-Match': etag } : {},
    });
  }

  restoreFile(id: string, idempotencyKey: string): Promise<FileItem> {
    return this.json<FileItem>('POST', `/api/v1/files/${encodeURIComponent(id)}/restore`, {
      headers: { 'Idempotency-Key': idempotencyKey },
    });
  }

  /** The content of a ready file (the API redirects to a short-lived read-only SAS, which fetch follows). */
  async downloadFile(id: string): Promise<Blob> {
    const response = await this.send('GET', `/api/v1/files/${encodeURIComponent(id)}/content`, {});
    return response.blob();
  }

  // ---- operators ----

  listDeadLetters(status: 'pending' | 'all', cursor: string | null): Promise<DeadLetterPage> {
    const query = new URLSearchParams({ status, limit: '50' });
    if (cursor) query.set('cursor', cursor);
    return this.json<DeadLetterPage>('GET', `/api/v1/admin/dead-letters?${query}`, {});
  }

  replayDeadLetter(id: number, idempotencyKey: string): Promise<DeadLetterReplay> {
    return this.json<DeadLetterReplay>('POST', `/api/v1/admin/dead-letters/${id}/replay`, {
      headers: { 'Idempotency-Key': idempotencyKey },
    });
  }

  healthChecks(limit = 100): Promise<HealthHistory> {
    return this.json<HealthHistory>('GET', `/api/v1/admin/health-checks?limit=${limit}`, {});
  }

  /** The answering instance's calls, failures and latency percentiles per function. */
  metricsSummary(signal?: AbortSignal): Promise<MetricsSummary> {
    return this.json<MetricsSummary>('GET', '/api/v1/admin/metrics', { signal });
  }

  maintenanceRuns(): Promise<MaintenanceRunPage> {
    return this.json<MaintenanceRunPage>('GET', '/api/v1/admin/maintenance-runs', {});
  }

  backups(): Promise<{ items: BackupRun[] }> {
    return this.json<{ items: BackupRun[] }>('GET', '/api/v1/admin/backups', {});
  }

  verifyBackup(idempotencyKey: string): Promise<BackupVerification> {
    return this.json<BackupVerification>('POST', '/api/v1/admin/backups/verify', {
      headers: { 'Idempotency-Key': idempotencyKey },
    });
  }

  /** Anonymous readiness: 200 or 503, both with a report. */
  async readiness(): Promise<ReadinessReport> {
    const response = await this.fetchImpl(`${this.baseUrl}/api/health/ready`, { headers: { Accept: 'application/json' } });
    if (response.status !== 200 && response.status !== 503) throw await toError(response);
    return (await response.json()) as ReadinessReport;
  }

  // ---- plumbing ----

  private async json<T>(method: string, path: string, init: RequestOptions): Promise<T> {
    const response = await this.send(method, path, init);
    return (await response.json()) as T;
  }

  private async send(method: string, path: string, init: RequestOptions): Promise<Response> {
    const headers: Record<string, string> = { Accept: 'application/json', ...init.headers };
    const token = await this.options.token();
    if (token) headers.Authorization = `Bearer ${token}`;
    let body: string | undefined;
    if (init.body !== undefined) {
      headers['Content-Type'] = 'application/json';
      body = JSON.stringify(init.body);
    }
    const response = await this.fetchImpl(`${this.baseUrl}${path}`, { method, headers, body, signal: init.signal });
    if (!response.ok) {
      if (response.status === 401) this.options.onUnauthorized?.();
      throw await toError(response);
    }
    return response;
  }
}

interface RequestOptions {
  body?: unknown;
  headers?: Record<string, string>;
  signal?: AbortSignal;
}

async function toError(response: Response): Promise<ApiError> {
  let problem: Problem | null = null;
  const type = response.headers.get('Content-Type') ?? '';
  if (type.includes('json')) {
    try {
      problem = (await response.json()) as Problem;
    } catch {
      problem = null;
    }
  }
  return new ApiError(response.status, problem, response.headers.get('X-Request-Id'));
}

/** A human sentence for any error a call can throw. */
export function describeError(error: unknown): string {
  if (error instanceof ApiError) {
    const params = error.problem?.invalidParams?.map((p) => `${p.name}: ${p.reason}`).join('; ');
    const base = error.problem?.detail ?? error.problem?.title ?? `The API answered ${error.status}.`;
    return params ? `${base} (${params})` : base;
  }
  if (error instanceof Error) return error.message;
  return String(error);
}

export function newIdempotencyKey(): string {
  return crypto.randomUUID();
}
