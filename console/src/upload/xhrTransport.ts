// Blob Storage requests from the browser. XMLHttpRequest rather than fetch because only it reports upload
// progress. The SAS URL carries the permission, so no Authorization header is sent; the storage account's CORS
// rule must allow this origin with PUT (docs/console.md).
import type { BlobTransport } from './uploadQueue';

/** Blob Storage REST version the requests speak. */
const STORAGE_VERSION = '2023-11-03';

export class BlobRequestError extends Error {
  constructor(
    readonly status: number,
    readonly code: string | null,
  ) {
    super(status === 0 ? 'Blob Storage could not be reached (network or CORS).' : `Blob Storage answered ${status}${code ? ` (${code})` : ''}.`);
    this.name = 'BlobRequestError';
  }
}

function withQuery(url: string, extra: Record<string, string>): string {
  const target = new URL(url);
  for (const [name, value] of Object.entries(extra)) target.searchParams.set(name, value);
  return target.toString();
}

function send(url: string, headers: Record<string, string>, body: Blob | string, onProgress: ((loaded: number) => void) | null, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) {
      reject(new DOMException('Aborted', 'AbortError'));
      return;
    }
    const xhr = new XMLHttpRequest();
    xhr.open('PUT', url);
    for (const [name, value] of Object.entries(headers)) xhr.setRequestHeader(name, value);
    xhr.setRequestHeader('x-ms-version', STORAGE_VERSION);
    if (onProgress) xhr.upload.onprogress = (event) => onProgress(event.loaded);
    const onAbort = () => xhr.abort();
    signal.addEventListener('abort', onAbort, { once: true });
    xhr.onload = () => {
      signal.removeEventListener('abort', onAbort);
      if (xhr.status >= 200 && xhr.status < 300) resolve();
      else reject(new BlobRequestError(xhr.status, xhr.getResponseHeader('x-ms-error-code')));
    };
    xhr.onerror = () => {
      signal.removeEventListener('abort', onAbort);
      reject(new BlobRequestError(0, null));
    };
    xhr.onabort = () => reject(new DOMException('Aborted', 'AbortError'));
    xhr.send(body);
  });
}

export const xhrTransport: BlobTransport = {
  putBlob(url, headers, body, onProgress, signal) {
    return send(url, headers, body, onProgress, signal);
  },
  putBlock(url, blockId, body, onProgress, signal) {
    return send(withQuery(url, { comp: 'block', blockid: blockId }), {}, body, onProgress, signal);
  },
  putBlockList(url, blockIds, contentType, signal) {
    const xml = `<?xml version="1.0" encoding="utf-8"?><BlockList>${blockIds.map((id) => `<Latest>${id}</Latest>`).join('')}</BlockList>`;
    return send(withQuery(url, { comp: 'blocklist' }), { 'x-ms-blob-content-type': contentType, 'Content-Type': 'application/xml' }, xml, null, signal);
  },
};
