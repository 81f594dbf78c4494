#!/usr/bin/env node
// Serves the built console (dist/) and forwards /api/* to the Functions app, so that the browser talks to one
// origin and the API needs no CORS rule. Local development and tests only: in Azure the console is a Static Web
// App with the Function App linked behind /api (docs/console.md).
//
//   node server/serve.mjs [--port 7080] [--host 127.0.0.1] [--api http://127.0.0.1:7071] [--dist dist]
//                         [--tokens <file>] [--parent-pid <pid>]
//
// --tokens: the output of the sample token tool (NAME=<jwt> lines, each after a "# description" line), offered
//           at GET /dev/tokens to the development sign-in.
// --parent-pid: stop when that process is gone (bin/run passes its own pid, which becomes the host's).
//
// Browsers upload straight to Blob Storage, so the storage account needs a CORS rule for this origin. For the
// local Azurite account (loopback, the emulator's well-known devstoreaccount1 account) the server adds that rule
// itself, the first time an upload session or a download redirect names the blob endpoint.
import { createReadStream, readFileSync, statSync } from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { AZURITE_ACCOUNT, AZURITE_KEY, sharedKeyRequest } from './sharedKey.mjs';

const args = parseArgs(process.argv.slice(2));
const here = path.dirname(fileURLToPath(import.meta.url));
const port = Number(args.port ?? process.env.CONSOLE_PORT ?? 7080);
const host = args.host ?? '127.0.0.1';
const api = new URL(args.api ?? 'http://127.0.0.1:7071');
const dist = path.resolve(args.dist ?? path.join(here, '..', 'dist'));
const tokensFile = args.tokens ? path.resolve(args.tokens) : null;


const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.map': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.txt': 'text/plain; charset=utf-8',
};

function parseArgs(list) {
  const out = {};
  for (let i = 0; i < list.length; i++) {
    if (!list[i].startsWith('--')) throw new Error(`unexpected argument ${list[i]}`);
    out[list[i].slice(2)] = list[i + 1];
    i++;
  }
  return out;
}

function securityHeaders() {
  // Scripts and styles from this origin only; requests to this origin, to loopback blob endpoints (Azurite) and, for
  // a build configured for Entra ID (docs/console.md), to its login endpoint.
  return {
    'Content-Security-Policy':
      "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; " +
      "connect-src 'self' http://127.0.0.1:* http://localhost:* https://login.microsoftonline.com; " +
      "frame-src https://login.microsoftonline.com; frame-ancestors 'none'; base-uri 'none'; form-action 'self'",
    'X-Content-Type-Options': 'nosniff',
    'Referrer-Policy': 'no-referrer',
  };
}

function serveStatic(req, res) {
  const url = new URL(req.url, 'http://x');
  let file = path.join(dist, path.normalize(decodeURIComponent(url.pathname)).replace(/^(\.\.[/\\])+/, ''));
  if (!file.startsWith(dist)) return send(res, 404, 'not found');
  let stat = statSafe(file);
  if (stat?.isDirectory()) {
    file = path.join(file, 'index.html');
    stat = statSafe(file);
  }
  if (!stat) {
    // The console is one page: unknown paths get index.html, except for assets.
    if (url.pathname.startsWith('/assets/')) return send(res, 404, 'not found');
    file = path.join(dist, 'index.html');
    stat = statSafe(file);
    if (!stat) return send(res, 503, `the console is not built: no ${file} (npm run build in console/)`);
  }
  const type = TYPES[path.extname(file)] ?? 'application/octet-stream';
  res.writeHead(200, {
    'Content-Type': type,
    'Content-Length': stat.size,
    // Asset names carry a content hash; index.html must be fetched again to see a new build.
    'Cache-Control': url.pathname.startsWith('/assets/') ? 'public, max-age=31536000, immutable' : 'no-cache',
    ...securityHeaders(),
  });
  if (req.method === 'HEAD') return res.end();
  createReadStream(file).pipe(res);
}

function statSafe(file) {
  try {
    return statSync(file);
  } catch {
    return null;
  }
}

function send(res, status, text, type = 'text/plain; charset=utf-8') {
  res.writeHead(status, { 'Content-Type': type, ...securityHeaders() });
  res.end(text);
}

/** The sample tokens: NAME=<jwt> lines, described by the comment line before each. */
function sampleTokens() {
  if (!tokensFile) return [];
  let text;
  try {
    text = readFileSync(tokensFile, 'utf8');
  } catch {
    return [];
  }
  const tokens = [];
  let description = '';
  for (const line of text.split(/\r?\n/)) {
    const comment = /^#\s*(.*)$/.exec(line);
    if (comment) {
      description = comment[1];
      continue;
    }
    const match = /^([A-Z][A-Z0-9_]*)=(ey[\w-]+\.[\w-]+\.[\w-]+)\s*$/.exec(line);
    if (match) {
      tokens.push({ name: match[1], description, token: match[2] });
      description = '';
    }
  }
  return tokens;
}

function proxy(req, res) {
  const headers = { ...req.headers, host: api.host };
  delete headers.connection;
  const upstream = http.request(
    { protocol: api.protocol, hostname: api.hostname, port: api.port, method: req.method, path: req.url, headers },
    (answer) => {
      const isSession = req.method === 'POST' && req.url.startsWith('/api/v1/files/uploads') && answer.statusCode === 201;
      const location = answer.headers.location;
      if (!isSession) {
        const ready = location ? ensureBlobCors(location) : Promise.resolve();
        ready.finally(() => {
          res.writeHead(answer.statusCode, answer.headers);
          answer.pipe(res);
        });
        return;
      }
      const chunks = [];
      answer.on('data', (chunk) => chunks.push(chunk));
      answer.on('end', () => {
        const body = Buffer.concat(chunks);
        let uploadUrl = null;
        try {
          uploadUrl = JSON.parse(body.toString('utf8')).uploadUrl;
        } catch {
          uploadUrl = null;
        }
        (uploadUrl ? ensureBlobCors(uploadUrl) : Promise.resolve()).finally(() => {
          res.writeHead(answer.statusCode, answer.headers);
          res.end(body);
        });
      });
    },
  );
  upstream.on('error', (error) => {
    if (res.headersSent) return res.destroy();
    send(res, 502, JSON.stringify({ type: 'urn:aisaas:problem:dependency-unavailable', title: 'The API is not reachable', status: 502, detail: `${api.origin}: ${error.code ?? error.message}` }), 'application/problem+json');
  });
  req.pipe(upstream);
}

// ---- Azurite CORS ----

const corsDone = new Map(); // blob endpoint -> Promise

function ensureBlobCors(rawUrl) {
  let url;
  try {
    url = new URL(rawUrl);
  } catch {
    return Promise.resolve();
  }
  const account = url.pathname.split('/')[1];
  const loopback = ['127.0.0.1', 'localhost', '[::1]'].includes(url.hostname);
  if (!loopback || account !== AZURITE_ACCOUNT) return Promise.resolve();
  const endpoint = `${url.origin}/${account}`;
  if (!corsDone.has(endpoint)) {
    const attempt = addCorsRule(url.origin, account).catch((error) => {
      corsDone.delete(endpoint); // try again with the next upload
      console.error(`console: could not set the CORS rule on ${endpoint}: ${error.message}`);
    });
    corsDone.set(endpoint, attempt);
  }
  return corsDone.get(endpoint);
}

async function addCorsRule(origin, account) {
  const origins = [`http://localhost:${port}`, `http://127.0.0.1:${port}`];
  const current = await storageRequest('GET', origin, account, '');
  const rules = [...current.matchAll(/<CorsRule>[\s\S]*?<\/CorsRule>/g)].map((m) => m[0]);
  if (rules.some((rule) => origins.every((o) => rule.includes(o)))) return;
  const ours =
    `<CorsRule><AllowedOrigins>${origins.join(',')}</AllowedOrigins><AllowedMethods>GET,HEAD,PUT,OPTIONS</AllowedMethods>` +
    '<AllowedHeaders>*</AllowedHeaders><ExposedHeaders>*</ExposedHeaders><MaxAgeInSeconds>3600</MaxAgeInSeconds></CorsRule>';
  const kept = rules.slice(-4); // Blob Storage allows five rules
  const body = `<?xml version="1.0" encoding="utf-8"?><StorageServiceProperties><Cors>${kept.join('')}${ours}</Cors></StorageServiceProperties>`;
  await storageRequest('PUT', origin, account, body);
  console.error(`console: Azurite CORS rule added for ${origins.join(', ')} on ${origin}/${account}`);
}

/** Get / Set Blob Service Properties. */
function storageRequest(method, origin, account, body) {
  const headers = method === 'PUT' ? { 'Content-Type': 'application/xml' } : {};
  return sharedKeyRequest(method, `${origin}/${account}/?restype=service&comp=properties`, headers, body, AZURITE_KEY).then((answer) => {
    if (answer.status >= 200 && answer.status < 300) return answer.text;
    throw new Error(`${method} service properties: HTTP ${answer.status} ${answer.text.slice(0, 200)}`);
  });
}

// ---- server ----

const server = http.createServer((req, res) => {
  if (req.url.startsWith('/api/')) return proxy(req, res);
  if (req.url === '/dev/tokens') {
    return send(res, 200, JSON.stringify(sampleTokens()), 'application/json');
  }
  if (req.method !== 'GET' && req.method !== 'HEAD') return send(res, 405, 'method not allowed');
  return serveStatic(req, res);
});

server.listen(port, host, () => {
  const address = server.address();
  console.error(`console: http://localhost:${address.port}/ (API ${api.origin}, files ${dist})`);
});

const stop = () => server.close(() => process.exit(0));
process.on('SIGTERM', stop);
process.on('SIGINT', stop);

if (args['parent-pid']) {
  const parent = Number(args['parent-pid']);
  setInterval(() => {
    try {
      process.kill(parent, 0);
    } catch {
      process.exit(0);
    }
  }, 1000).unref();
}
