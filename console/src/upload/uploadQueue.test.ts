import { describe, expect, it } from 'vitest';
import type { UploadSession, UploadSessionRequest } from '../api/types';
import { blockIdFor, type BlobTransport, UploadQueue } from './uploadQueue';

/** A transport whose requests the test settles one by one. */
class ManualTransport implements BlobTransport {
  readonly calls: { kind: 'blob' | 'block' | 'list'; id?: string; size?: number; ids?: string[]; resolve: () => void; reject: (e: Error) => void; signal: AbortSignal; progress?: (n: number) => void }[] = [];

  putBlob(_url: string, _headers: Record<string, string>, body: Blob, onProgress: (n: number) => void, signal: AbortSignal) {
    return this.record({ kind: 'blob', size: body.size, progress: onProgress }, signal);
  }
  putBlock(_url: string, id: string, body: Blob, onProgress: (n: number) => void, signal: AbortSignal) {
    return this.record({ kind: 'block', id, size: body.size, progress: onProgress }, signal);
  }
  putBlockList(_url: string, ids: string[], _type: string, signal: AbortSignal) {
    return this.record({ kind: 'list', ids }, signal);
  }
  private record(call: Omit<ManualTransport['calls'][number], 'resolve' | 'reject' | 'signal'>, signal: AbortSignal): Promise<void> {
    return new Promise((resolve, reject) => {
      signal.addEventListener('abort', () => reject(new DOMException('Aborted', 'AbortError')));
      this.calls.push({ ...call, resolve, reject, signal });
    });
  }
  last() {
    return this.calls[this.calls.length - 1];
  }
}

function session(request: UploadSessionRequest, n: number): UploadSession {
  return {
    fileId: `file-${n}`,
    uploadUrl: `http://127.0.0.1:10000/devstoreaccount1/uploaded-files/x/${n}?sig=s`,
    method: 'PUT',
    headers: { 'x-ms-blob-type': 'BlockBlob', 'Content-Type': request.contentType },
    expiresAt: '2030-01-01T00:00:00Z',
    file: { id: `file-${n}`, name: request.name, contentType: request.contentType, size: request.size, status: 'pending', tags: {}, createdAt: '', updatedAt: '', etag: '"1"' },
  };
}

/** Lets queued promise callbacks run (the queue's work is promise chains, not timers). */
async function settle() {
  for (let i = 0; i < 10; i++) await Promise.resolve();
}

function setup(options: { blockSize?: number; attempts?: number; refuse?: (r: UploadSessionRequest) => Error | null; concurrency?: number } = {}) {
  const transport = new ManualTransport();
  const uploaded: string[] = [];
  const cancelled: string[] = [];
  const requests: { request: UploadSessionRequest; key: string }[] = [];
  let n = 0;
  const queue = new UploadQueue({
    transport,
    blockSize: options.blockSize ?? 4,
    attemptsPerBlock: options.attempts ?? 2,
    concurrency: options.concurrency ?? 2,
    backoff: () => Promise.resolve(),
    createSession: async (request, key) => {
      requests.push({ request, key });
      const refusal = options.refuse?.(request);
      if (refusal) throw refusal;
      return session(request, ++n);
    },
    onUploaded: (id) => uploaded.push(id),
    onCancelled: (id) => cancelled.push(id),
    newKey: () => `key-${requests.length}-${Math.random()}`,
  });
  const file = (name: string, text: string, type = 'text/plain') => ({ blob: new Blob([text], { type }), name, type });
  const item = (key: string) => queue.getSnapshot().find((i) => i.key === key)!;
  return { queue, transport, uploaded, cancelled, requests, file, item };
}

describe('UploadQueue', () => {
  it('sends a file that fits in one block with one Put Blob and reports it uploaded', async () => {
    const { queue, transport, uploaded, file, item } = setup({ blockSize: 16 });
    const [key] = queue.add([file('a.txt', 'hello')]);
    await settle();
    expect(transport.calls).toHaveLength(1);
    expect(transport.last().kind).toBe('blob');
    transport.last().progress!(3);
    expect(item(key).uploadedBytes).toBe(3);
    transport.last().resolve();
    await settle();
    expect(item(key).state).toBe('done');
    expect(item(key).uploadedBytes).toBe(5);
    expect(uploaded).toEqual(['file-1']);
  });

  it('stages a larger file block by block, then commits the block list in order', async () => {
    const { queue, transport, uploaded, file, item } = setup({ blockSize: 4 });
    const [key] = queue.add([file('b.txt', '0123456789')]); // 3 blocks: 4 + 4 + 2
    for (let i = 0; i < 3; i++) {
      await settle();
      expect(transport.last()).toMatchObject({ kind: 'block', id: blockIdFor(i) });
      transport.last().resolve();
    }
    await settle();
    expect(item(key).state).toBe('committing');
    expect(transport.last()).toMatchObject({ kind: 'list', ids: [blockIdFor(0), blockIdFor(1), blockIdFor(2)] });
    expect(transport.calls.filter((c) => c.kind === 'block').map((c) => c.size)).toEqual([4, 4, 2]);
    transport.last().resolve();
    await settle();
    expect(item(key).state).toBe('done');
    expect(uploaded).toEqual(['file-1']);
  });

  it('gives up on a block after its attempts, and retry resends that block only', async () => {
    const { queue, transport, file, item } = setup({ blockSize: 4, attempts: 2 });
    const [key] = queue.add([file('c.txt', '01234567')]); // 2 blocks
    await settle();
    transport.last().resolve(); // block 0
    await settle();
    transport.last().reject(new Error('503 from storage')); // block 1, attempt 1
    await settle();
    transport.last().reject(new Error('503 from storage')); // block 1, attempt 2
    await settle();
    expect(item(key)).toMatchObject({ state: 'failed', failedBlock: 1, blocksDone: 1, uploadedBytes: 4, error: '503 from storage' });

    queue.retry(key);
    await settle();
    expect(transport.last()).toMatchObject({ kind: 'block', id: blockIdFor(1) });
    expect(transport.calls.filter((c) => c.id === blockIdFor(0))).toHaveLength(1);
    transport.last().resolve();
    await settle();
    transport.last().resolve(); // block list
    await settle();
    expect(item(key).state).toBe('done');
  });

  it('pauses by aborting the block in flight and resumes from that block with the same session', async () => {
    const { queue, transport, requests, file, item } = setup({ blockSize: 4 });
    const [key] = queue.add([file('d.txt', '01234567')]);
    await settle();
    transport.last().resolve(); // block 0
    await settle();
    const inFlight = transport.last();
    queue.pause(key);
    await settle();
    expect(inFlight.signal.aborted).toBe(true);
    expect(item(key)).toMatchObject({ state: 'paused', blocksDone: 1 });

    queue.resume(key);
    await settle();
    expect(requests).toHaveLength(1); // no second session
    expect(transport.last()).toMatchObject({ kind: 'block', id: blockIdFor(1) });
    expect(transport.last()).not.toBe(inFlight);
  });

  it('marks a file the API refuses as refused, with the reason, and goes on with the others', async () => {
    const { queue, transport, file, item } = setup({
      blockSize: 64,
      refuse: (r) => (r.contentType === 'application/x-msdownload' ? new Error('Content type not allowed') : null),
    });
    const [bad, good] = queue.add([file('x.exe', 'MZ', 'application/x-msdownload'), file('ok.txt', 'fine')]);
    await settle();
    expect(item(bad)).toMatchObject({ state: 'refused', error: 'Content type not allowed' });
    expect(item(good).state).toBe('uploading');
    expect(transport.calls).toHaveLength(1);
  });

  it('cancels an upload: aborts it, never commits, and hands the pending file to onCancelled', async () => {
    const { queue, transport, cancelled, file, item } = setup({ blockSize: 4 });
    const [key] = queue.add([file('e.txt', '01234567')]);
    await settle();
    queue.cancel(key);
    await settle();
    expect(transport.calls[0].signal.aborted).toBe(true);
    expect(item(key).state).toBe('cancelled');
    expect(cancelled).toEqual(['file-1']);
    expect(transport.calls.some((c) => c.kind === 'list')).toBe(false);
  });

  it('uploads at most `concurrency` files at once and starts the next when one finishes', async () => {
    const { queue, transport, file, item } = setup({ blockSize: 64, concurrency: 1 });
    const [first, second] = queue.add([file('1.txt', 'one'), file('2.txt', 'two')]);
    await settle();
    expect(item(first).state).toBe('uploading');
    expect(item(second).state).toBe('queued');
    transport.last().resolve();
    await settle();
    expect(item(first).state).toBe('done');
    expect(item(second).state).toBe('uploading');
  });
});
