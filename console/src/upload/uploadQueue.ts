// Uploads files straight to Blob Storage through the API's upload sessions: one session per file, then the bytes
// in blocks (Put Block, then Put Block List) to the session's SAS URL, or in one Put Blob when the file fits in a
// block. Blocks go one after another per file, so pausing, cancelling and retrying a failed block only need the
// index of the next block: blocks already staged stay staged (Blob Storage keeps uncommitted blocks for a week).
import type { UploadSession, UploadSessionRequest } from '../api/types';

export type UploadState =
  | 'queued'
  | 'starting' // asking the API for an upload session
  | 'uploading'
  | 'paused'
  | 'failed' // a block failed after its attempts; retry() resends it
  | 'refused' // the API refused the session (policy: type, size, name)
  | 'committing'
  | 'done'
  | 'cancelled';

export interface UploadItem {
  readonly key: string;
  readonly name: string;
  readonly size: number;
  readonly contentType: string;
  readonly state: UploadState;
  readonly uploadedBytes: number;
  readonly blockCount: number;
  /** Blocks staged so far; the next block to send has this index. */
  readonly blocksDone: number;
  readonly fileId?: string;
  readonly error?: string;
  /** Index of the block that failed (state `failed`). */
  readonly failedBlock?: number;
}

export interface BlobTransport {
  /** Put Blob: the whole file in one request with the session's headers. */
  putBlob(url: string, headers: Record<string, string>, body: Blob, onProgress: (loaded: number) => void, signal: AbortSignal): Promise<void>;
  /** Put Block: one block staged under `blockId` (base64). */
  putBlock(url: string, blockId: string, body: Blob, onProgress: (loaded: number) => void, signal: AbortSignal): Promise<void>;
  /** Put Block List: commits the blocks in order; the blob is created now. */
  putBlockList(url: string, blockIds: string[], contentType: string, signal: AbortSignal): Promise<void>;
}

export interface UploadQueueOptions {
  createSession: (request: UploadSessionRequest, idempotencyKey: string, signal: AbortSignal) => Promise<UploadSession>;
  transport: BlobTransport;
  /** Bytes per block (Blob Storage allows up to 4000 MiB per block and 50,000 blocks). */
  blockSize?: number;
  /** Files uploading at once. */
  concurrency?: number;
  /** Tries per block before the file is `failed`. */
  attemptsPerBlock?: number;
  /** Waits before a block is tried again (the attempt number starts at 1). */
  backoff?: (attempt: number) => Promise<void>;
  /** Called once per file when its blob is committed. */
  onUploaded?: (fileId: string) => void;
  /** Called when a file with a session is cancelled, so its pending record can be removed. */
  onCancelled?: (fileId: string, etag: string) => void;
  /** A human sentence for an error. */
  describe?: (error: unknown) => string;
  newKey?: () => string;
}

interface Entry {
  item: UploadItem;
  file: Blob;
  idempotencyKey: string;
  session?: UploadSession;
  controller?: AbortController;
  loadedInBlock: number;
}

export const DEFAULT_BLOCK_SIZE = 4 * 1024 * 1024;

export function blockIdFor(index: number): string {
  // Every block id of a blob must have the same length before base64 encoding.
  return btoa(`block-${String(index).padStart(6, '0')}`);
}

export class UploadQueue {
  private readonly entries: Entry[] = [];
  private readonly listeners = new Set<() => void>();
  private snapshot: readonly UploadItem[] = [];
  private readonly blockSize: number;
  private readonly concurrency: number;
  private readonly attempts: number;
  private sequence = 0;

  constructor(private readonly options: UploadQueueOptions) {
    this.blockSize = options.blockSize ?? DEFAULT_BLOCK_SIZE;
    this.concurrency = options.concurrency ?? 2;
    this.attempts = options.attemptsPerBlock ?? 3;
  }

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  getSnapshot = (): readonly UploadItem[] => this.snapshot;

  /** Queues files; `name`/`type` of a File are used, or the given ones for a plain Blob. */
  add(files: Iterable<File | { blob: Blob; name: string; type: string }>): string[] {
    const keys: string[] = [];
    for (const candidate of files) {
      const blob = candidate instanceof Blob ? candidate : candidate.blob;
      const name = candidate instanceof File ? candidate.name : (candidate as { name: string }).name;
      const type = (candidate instanceof File ? candidate.type : (candidate as { type: string }).type) || 'application/octet-stream';
      const key = `u${++this.sequence}`;
      this.entries.push({
        item: {
          key,
          name,
          size: blob.size,
          contentType: type,
          state: 'queued',
          uploadedBytes: 0,
          blockCount: Math.max(1, Math.ceil(blob.size / this.blockSize)),
          blocksDone: 0,
        },
        file: blob,
        idempotencyKey: this.options.newKey?.() ?? crypto.randomUUID(),
        loadedInBlock: 0,
      });
      keys.push(key);
    }
    this.publish();
    this.pump();
    return keys;
  }

  pause(key: string): void {
    const entry = this.find(key);
    if (!entry || !['queued', 'starting', 'uploading'].includes(entry.item.state)) return;
    this.update(entry, { state: 'paused' });
    entry.controller?.abort();
    this.pump();
  }

  resume(key: string): void {
    const entry = this.find(key);
    if (!entry || entry.item.state !== 'paused') return;
    this.update(entry, { state: 'queued' });
    this.pump();
  }

  /** Sends the failed block again and goes on from there. */
  retry(key: string): void {
    const entry = this.find(key);
    if (!entry || entry.item.state !== 'failed') return;
    this.update(entry, { state: 'queued', error: undefined, failedBlock: undefined });
    this.pump();
  }

  cancel(key: string): void {
    const entry = this.find(key);
    if (!entry || ['done', 'cancelled', 'refused', 'committing'].includes(entry.item.state)) return;
    this.update(entry, { state: 'cancelled' });
    entry.controller?.abort();
    if (entry.session) this.options.onCancelled?.(entry.session.fileId, entry.session.file.etag);
    this.pump();
  }

  /** Forgets finished, refused and cancelled files. */
  clearFinished(): void {
    for (let i = this.entries.length - 1; i >= 0; i--) {
      if (['done', 'cancelled', 'refused'].includes(this.entries[i].item.state)) this.entries.splice(i, 1);
    }
    this.publish();
  }

  private find(key: string): Entry | undefined {
    return this.entries.find((entry) => entry.item.key === key);
  }

  private pump(): void {
    const active = this.entries.filter((e) => ['starting', 'uploading', 'committing'].includes(e.item.state)).length;
    let free = this.concurrency - active;
    for (const entry of this.entries) {
      if (free <= 0) break;
      if (entry.item.state === 'queued') {
        free--;
        void this.run(entry);
      }
    }
  }

  private async run(entry: Entry): Promise<void> {
    const controller = new AbortController();
    entry.controller = controller;
    const { signal } = controller;
    try {
      if (!entry.session) {
        this.update(entry, { state: 'starting' });
        try {
          entry.session = await this.options.createSession(
            { name: entry.item.name, size: entry.item.size, contentType: entry.item.contentType },
            entry.idempotencyKey,
            signal,
          );
        } catch (error) {
          if (signal.aborted) return;
          this.update(entry, { state: 'refused', error: this.describe(error) });
          return;
        }
        if (signal.aborted) {
          if (entry.item.state === 'cancelled') this.options.onCancelled?.(entry.session.fileId, entry.session.file.etag);
          return;
        }
        this.update(entry, { fileId: entry.session.fileId });
      }
      this.update(entry, { state: 'uploading' });
      const session = entry.session;
      const single = entry.item.blockCount === 1;
      for (let index = entry.item.blocksDone; index < entry.item.blockCount; index++) {
        const start = index * this.blockSize;
        const body = entry.file.slice(start, Math.min(start + this.blockSize, entry.item.size));
        const sent = await this.withAttempts(entry, index, signal, (onProgress) =>
          single
            ? this.options.transport.putBlob(session.uploadUrl, session.headers, body, onProgress, signal)
            : this.options.transport.putBlock(session.uploadUrl, blockIdFor(index), body, onProgress, signal),
        );
        if (!sent) return;
        entry.loadedInBlock = 0;
        this.update(entry, { blocksDone: index + 1, uploadedBytes: Math.min(entry.item.size, start + body.size) });
      }
      if (!single) {
        this.update(entry, { state: 'committing' });
        const ids = Array.from({ length: entry.item.blockCount }, (_, i) => blockIdFor(i));
        const committed = await this.withAttempts(entry, entry.item.blockCount, signal, () =>
          this.options.transport.putBlockList(session.uploadUrl, ids, session.headers['Content-Type'] ?? entry.item.contentType, signal),
        );
        if (!committed) return;
      }
      this.update(entry, { state: 'done', uploadedBytes: entry.item.size });
      this.options.onUploaded?.(session.fileId);
    } finally {
      if (entry.controller === controller) entry.controller = undefined;
      this.pump();
    }
  }

  /** Runs one request up to `attempts` times; false when it was aborted or finally failed (state set). */
  private async withAttempts(entry: Entry, index: number, signal: AbortSignal, send: (onProgress: (loaded: number) => void) => Promise<void>): Promise<boolean> {
    const base = entry.item.uploadedBytes;
    for (let attempt = 1; ; attempt++) {
      if (signal.aborted) return false;
      try {
        await send((loaded) => {
          entry.loadedInBlock = loaded;
          this.update(entry, { uploadedBytes: Math.min(entry.item.size, base + loaded) });
        });
        return true;
      } catch (error) {
        if (signal.aborted) {
          this.update(entry, { uploadedBytes: base });
          return false;
        }
        if (attempt >= this.attempts) {
          this.update(entry, { state: 'failed', error: this.describe(error), failedBlock: index, uploadedBytes: base });
          return false;
        }
        await (this.options.backoff ?? defaultBackoff)(attempt);
      }
    }
  }

  private describe(error: unknown): string {
    if (this.options.describe) return this.options.describe(error);
    return error instanceof Error ? error.message : String(error);
  }

  private update(entry: Entry, change: Partial<UploadItem>): void {
    entry.item = { ...entry.item, ...change };
    this.publish();
  }

  private publish(): void {
    this.snapshot = this.entries.map((entry) => entry.item);
    for (const listener of this.listeners) listener();
  }
}

function defaultBackoff(attempt: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, Math.min(8000, 500 * 2 ** (attempt - 1))));
}
