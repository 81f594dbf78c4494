import { expect, type Page, test } from '@playwright/test';
import { randomUUID } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { decodeClaims, OPERATOR_ROLES } from '../src/auth/session';
// @ts-expect-error plain JavaScript module shared with the console server
import { sharedKeyRequest } from '../server/sharedKey.mjs';

const SHOTS = 'test-results/screenshots';
const run = Date.now().toString(36);
// A 1×1 PNG: processing reads its real type and dimensions. Bytes after its end make the content (and hash) unique
// to this run, since the same content twice for one owner is rejected as a duplicate.
const PNG = Buffer.concat([
  Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==', 'base64'),
  Buffer.from(run),
]);

interface Sample {
  name: string;
  token: string;
}

async function samples(page: Page): Promise<{ user: Sample; operator: Sample }> {
  const list = (await (await page.request.get('/dev/tokens')).json()) as Sample[];
  const roles = (s: Sample) => decodeClaims(s.token)?.roles ?? [];
  const operator = list.find((s) => roles(s).some((r) => OPERATOR_ROLES.includes(r)));
  const user = list.find((s) => !roles(s).some((r) => OPERATOR_ROLES.includes(r)));
  if (!user || !operator) throw new Error(`bin/run minted no user and operator tokens: ${list.map((s) => s.name).join(', ')}`);
  return { user, operator };
}

async function signIn(page: Page, sample: Sample) {
  const claims = decodeClaims(sample.token)!;
  const sub = claims.sub!;
  // one person is a subject of a tenant: the same subject may sign in for another tenant
  const label = `Sign in as ${sub}${claims.tid ? ` of ${claims.tid}` : ''}`;
  await page.getByRole('button', { name: label, exact: true }).click();
  await expect(page.getByText(`Signed in as ${sub}`)).toBeVisible();
}

function shot(page: Page, name: string) {
  mkdirSync(SHOTS, { recursive: true });
  return page.screenshot({ path: `${SHOTS}/${name}.png`, fullPage: true });
}

function fileRow(page: Page, name: string) {
  return page.getByTestId('file-row').filter({ has: page.getByRole('button', { name, exact: true }) });
}

test('a user uploads three files, sees them processed, searches, renames through a conflict, deletes and restores', async ({ page }) => {
  await page.goto('/');
  const paint = await page.evaluate(() => performance.getEntriesByName('first-contentful-paint')[0]?.startTime ?? null);
  mkdirSync('test-results', { recursive: true });
  writeFileSync('test-results/first-render.json', JSON.stringify({ firstContentfulPaintMs: paint }, null, 2));
  await expect(page.getByRole('heading', { name: 'Sign in' })).toBeVisible();
  await shot(page, '01-sign-in');
  const { user } = await samples(page);
  await signIn(page, user);

  const notes = `notes-${run}.txt`;
  const pixel = `pixel-${run}.png`;
  const fake = `fake-${run}.png`;
  await page.getByTestId('file-input').setInputFiles([
    { name: notes, mimeType: 'text/plain', buffer: Buffer.from(`Notes written by the browser test ${run}.\n`) },
    { name: pixel, mimeType: 'image/png', buffer: PNG },
    { name: fake, mimeType: 'image/png', buffer: Buffer.from(`not an image at all ${run}\n`) },
  ]);
  const uploads = page.getByRole('list', { name: 'Uploads' });
  for (const name of [notes, pixel, fake]) {
    await expect(uploads.getByRole('listitem', { name }).getByTestId('upload-state')).toHaveText('Uploaded');
  }
  await expect(fileRow(page, notes)).toContainText('ready');
  await expect(fileRow(page, pixel)).toContainText('ready');
  await expect(fileRow(page, fake)).toContainText('rejected');
  await shot(page, '02-uploaded-and-processed');

  await fileRow(page, fake).getByRole('button', { name: fake }).click();
  await expect(page.getByTestId('rejection-reason')).toBeVisible();
  await fileRow(page, pixel).getByRole('button', { name: pixel }).click();
  await expect(page.locator('.details')).toContainText('width');

  // Search by name.
  await page.getByLabel('Name contains').fill(`notes-${run}`);
  await page.getByRole('button', { name: 'Search' }).click();
  await expect(page.getByTestId('file-row')).toHaveCount(1);
  await expect(fileRow(page, notes)).toBeVisible();
  await shot(page, '03-search');

  // Rename through a conflict: the file is renamed elsewhere after the details were opened.
  await fileRow(page, notes).getByRole('button', { name: notes }).click();
  await expect(page.locator('.details').getByRole('heading', { name: notes })).toBeVisible();
  const listed = await page.request.get(`/api/v1/files?name=${encodeURIComponent(notes)}`, { headers: { Authorization: `Bearer ${user.token}` } });
  const id = ((await listed.json()) as { items: { id: string }[] }).items[0].id;
  const elsewhere = `notes-${run}-elsewhere.txt`;
  const patched = await page.request.patch(`/api/v1/files/${id}`, { headers: { Authorization: `Bearer ${user.token}` }, data: { name: elsewhere } });
  expect(patched.status()).toBe(200);

  const mine = `notes-${run}-mine.txt`;
  await page.getByRole('button', { name: 'Rename' }).click();
  await page.getByLabel('New name').fill(mine);
  await page.getByRole('button', { name: 'Save name' }).click();
  const dialog = page.getByRole('dialog');
  await expect(dialog).toContainText('This file changed since you opened it');
  await expect(dialog.getByRole('row', { name: new RegExp(`Name ${notes} ${elsewhere}`) })).toBeVisible();
  await shot(page, '04-rename-conflict');
  await dialog.getByRole('button', { name: new RegExp('anyway') }).click();
  await expect(page.getByText(`Renamed to ${mine}.`)).toBeVisible();

  // Download the ready file (the API redirects to a read-only SAS on Azurite).
  const downloadPromise = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Download' }).click();
  const download = await downloadPromise;
  expect(download.suggestedFilename()).toBe(mine);

  // Delete, then restore within the window.
  await page.getByRole('button', { name: 'Delete' }).click();
  await expect(page.getByText('Deleted. You can restore it')).toBeVisible();
  await expect(page.locator('.details')).toContainText('Restorable until');
  await shot(page, '05-deleted');
  await page.getByRole('button', { name: 'Restore' }).click();
  await expect(page.getByText('Restored.')).toBeVisible();
  await expect(page.locator('.details .badge')).toHaveText('ready');
});

test('a user finds an uploaded text file by a word it contains and sees the passage highlighted', async ({ page }) => {
  await page.goto('/');
  const { user } = await samples(page);
  await signIn(page, user);

  // A word no other file has: the run id makes it unique to this run.
  const word = `zephyr${run}`;
  const name = `minutes-${run}.txt`;
  await page.getByTestId('file-input').setInputFiles([
    { name, mimeType: 'text/plain', buffer: Buffer.from(`Minutes of the safety meeting.\nThe ${word} assembly point moves to the north car park.\n`) },
  ]);
  await expect(fileRow(page, name)).toContainText('ready');

  const search = page.getByRole('search', { name: 'Find in files' });
  await search.getByLabel('Words').fill(word);
  const hit = page.getByRole('list', { name: 'Search results' }).getByRole('listitem', { name });
  // The text is indexed right after the file is ready: a search at that very moment may not find its words yet.
  await expect(async () => {
    await search.getByRole('button', { name: 'Find', exact: true }).click();
    await expect(hit).toBeVisible({ timeout: 1_000 });
  }).toPass({ timeout: 30_000 });
  await expect(page.getByTestId('search-hit')).toHaveCount(1);
  await expect(hit.locator('mark')).toHaveText(word);
  await expect(hit.getByTestId('snippet')).toContainText('assembly point');
  await shot(page, '08-content-search');

  // The hit opens the file's details.
  await hit.getByRole('button', { name, exact: true }).click();
  await expect(page.locator('.details').getByRole('heading', { name })).toBeVisible();
});

test('an operator sees health and replays a dead letter', async ({ page }) => {
  await page.goto('/');
  const { user, operator } = await samples(page);

  // A blob written straight to the uploads container, outside the API: processing records it as an orphan.
  const session = await page.request.post('/api/v1/files/uploads', {
    headers: { Authorization: `Bearer ${user.token}`, 'Idempotency-Key': randomUUID() },
    data: { name: `probe-${run}.txt`, size: 1, contentType: 'text/plain' },
  });
  expect(session.status()).toBe(201);
  const { uploadUrl, fileId } = (await session.json()) as { uploadUrl: string; fileId: string };
  const target = new URL(uploadUrl);
  const orphanPath = target.pathname.replace(fileId, randomUUID()).replace(/[^/]+$/, `orphan-${run}.txt`);
  const put = await sharedKeyRequest('PUT', `${target.origin}${orphanPath}`, { 'x-ms-blob-type': 'BlockBlob', 'Content-Type': 'text/plain' }, `orphan ${run}`);
  expect(put.status).toBe(201);
  await page.request.delete(`/api/v1/files/${fileId}`, { headers: { Authorization: `Bearer ${user.token}` } });

  let letterId = 0;
  await expect
    .poll(async () => {
      const answer = await page.request.get('/api/v1/admin/dead-letters?status=pending', { headers: { Authorization: `Bearer ${operator.token}` } });
      const items = ((await answer.json()) as { items: { id: number; payload: Record<string, unknown> }[] }).items;
      letterId = items.find((item) => JSON.stringify(item.payload).includes(`orphan-${run}.txt`))?.id ?? 0;
      return letterId;
    })
    .toBeGreaterThan(0);

  await signIn(page, operator);
  await page.getByRole('tab', { name: 'Operations' }).click();
  await expect(page.getByRole('heading', { name: 'Health', exact: true })).toBeVisible();
  await expect(page.getByText(/Readiness:/)).toBeVisible();
  // Traffic from the operator metrics route: the calls this host has served, and a rate once a second sample exists.
  await expect(page.getByTestId('function-row').filter({ hasText: 'ListDeadLetters' })).toBeVisible();
  await page.getByRole('button', { name: 'Sample now' }).click();
  await expect(page.getByTestId('traffic-now')).toContainText(/Last \d+ s: [\d.]+ requests\/s/);
  const row = page.getByTestId('dead-letter-row').filter({ has: page.getByRole('cell', { name: String(letterId), exact: true }) });
  await expect(row).toContainText('upload-orphan');
  await shot(page, '06-operations');
  await row.getByRole('button', { name: `Replay dead letter ${letterId}` }).click();
  await expect(page.getByText(new RegExp(`Dead letter ${letterId} \\(upload-orphan\\) replayed: `))).toBeVisible();
  await shot(page, '07-replayed');
});
