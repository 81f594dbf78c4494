// Blob Storage requests with Shared Key authorization, for the local Azurite account only (its key is published).
// Used by the console server (CORS rule) and the browser tests (a blob written outside the API).
import { createHmac } from 'node:crypto';
import http from 'node:http';

/** Azurite's published development account (https://learn.microsoft.com/azure/storage/common/storage-use-azurite). */
export const AZURITE_ACCOUNT = 'devstoreaccount1';
export const AZURITE_KEY = 'Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==';

/**
 * One request to a path-style (emulator) blob URL, signed as the Shared Key scheme describes
 * (https://learn.microsoft.com/rest/api/storageservices/authorize-with-shared-key). Resolves with the status and
 * body text whatever the status.
 */
export function sharedKeyRequest(method, rawUrl, extraHeaders, body, key = AZURITE_KEY) {
  const url = new URL(rawUrl);
  const account = url.pathname.split('/')[1];
  const payload = body ? Buffer.from(body) : Buffer.alloc(0);
  const headers = { 'x-ms-date': new Date().toUTCString(), 'x-ms-version': '2023-11-03', ...extraHeaders };
  if (payload.length > 0) headers['Content-Length'] = String(payload.length);
  const lower = Object.fromEntries(Object.entries(headers).map(([k, v]) => [k.toLowerCase(), v]));
  const canonicalHeaders = Object.keys(lower)
    .filter((name) => name.startsWith('x-ms-'))
    .sort()
    .map((name) => `${name}:${String(lower[name]).trim()}\n`)
    .join('');
  const params = new Map();
  for (const [name, value] of url.searchParams.entries()) {
    const k = name.toLowerCase();
    params.set(k, params.has(k) ? `${params.get(k)},${value}` : value);
  }
  const canonicalResource =
    `/${account}${url.pathname}` +
    [...params.keys()]
      .sort()
      .map((name) => `\n${name}:${params.get(name)}`)
      .join('');
  const stringToSign =
    [
      method,
      lower['content-encoding'] ?? '',
      lower['content-language'] ?? '',
      payload.length > 0 ? String(payload.length) : '',
      lower['content-md5'] ?? '',
      lower['content-type'] ?? '',
      '',
      lower['if-modified-since'] ?? '',
      lower['if-match'] ?? '',
      lower['if-none-match'] ?? '',
      lower['if-unmodified-since'] ?? '',
      lower.range ?? '',
    ].join('\n') +
    '\n' +
    canonicalHeaders +
    canonicalResource;
  const signature = createHmac('sha256', Buffer.from(key, 'base64')).update(stringToSign, 'utf8').digest('base64');
  headers.Authorization = `SharedKey ${account}:${signature}`;
  return new Promise((resolve, reject) => {
    const request = http.request(url, { method, headers }, (response) => {
      const chunks = [];
      response.on('data', (c) => chunks.push(c));
      response.on('end', () => resolve({ status: response.statusCode, text: Buffer.concat(chunks).toString('utf8') }));
    });
    request.setTimeout(10000, () => request.destroy(new Error('timed out')));
    request.on('error', reject);
    request.end(payload.length > 0 ? payload : undefined);
  });
}
