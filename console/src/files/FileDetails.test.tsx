import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import type { FileItem } from '../api/types';
import { json, renderWithApi } from '../test/render';
import { FileDetails } from './FileDetails';

const base: FileItem = { id: 'f1', name: 'report.txt', contentType: 'text/plain', size: 12, status: 'ready', tags: {}, sha256: 'a'.repeat(64), createdAt: '2026-01-01T00:00:00Z', updatedAt: '2026-01-01T00:00:00Z', etag: '"3"', metadata: { snippet: 'hello world!' } };

describe('FileDetails', () => {
  it('renames with If-Match and, on 412, shows what changed and can apply the rename on the current version', async () => {
    let current: FileItem = base;
    const { requests } = renderWithApi(<FileDetails fileId="f1" onClose={() => {}} />, ({ method, headers, body }) => {
      if (method === 'GET') return json(200, current, { ETag: current.etag });
      if (method === 'PATCH') {
        if (headers.get('If-Match') !== current.etag) return json(412, { type: 'urn:aisaas:problem:precondition-failed', title: 'Precondition failed', status: 412 });
        current = { ...current, name: (body as { name: string }).name, etag: `"${Number(current.etag.slice(1, -1)) + 1}"` };
        return json(200, current, { ETag: current.etag });
      }
      return json(500, { type: 'urn:aisaas:problem:internal', title: 'unexpected', status: 500 });
    });
    expect(await screen.findByText('hello world!')).toBeInTheDocument();
    // Someone else renames the file meanwhile.
    current = { ...base, name: 'renamed-elsewhere.txt', etag: '"4"', updatedAt: '2026-01-02T00:00:00Z' };

    await userEvent.click(screen.getByRole('button', { name: 'Rename' }));
    const input = screen.getByLabelText('New name');
    await userEvent.clear(input);
    await userEvent.type(input, 'mine.txt');
    await userEvent.click(screen.getByRole('button', { name: 'Save name' }));

    const dialog = await screen.findByRole('dialog');
    expect(within(dialog).getByRole('row', { name: /Name report.txt renamed-elsewhere.txt/ })).toBeInTheDocument();
    expect(requests.find((r) => r.method === 'PATCH')!.headers.get('If-Match')).toBe('"3"');

    await userEvent.click(within(dialog).getByRole('button', { name: /Rename to “mine.txt” anyway/ }));
    expect(await screen.findByText('Renamed to mine.txt.')).toBeInTheDocument();
    const patches = requests.filter((r) => r.method === 'PATCH');
    expect(patches.map((r) => r.headers.get('If-Match'))).toEqual(['"3"', '"4"']);
    expect(screen.queryByRole('dialog')).not.toBeInTheDocument();
  });

  it('shows the rejection reason of a rejected file and offers no download', async () => {
    renderWithApi(<FileDetails fileId="f1" onClose={() => {}} />, () =>
      json(200, { ...base, status: 'rejected', sha256: undefined, rejectionReason: 'declared image/png but the content is text/plain' }),
    );
    expect(await screen.findByTestId('rejection-reason')).toHaveTextContent('declared image/png but the content is text/plain');
    expect(screen.queryByRole('button', { name: 'Download' })).not.toBeInTheDocument();
  });

  it('shows a deleted file with its restore window and restores it', async () => {
    let current: FileItem = { ...base, status: 'deleted', restorableUntil: '2026-01-08T00:00:00Z' };
    renderWithApi(<FileDetails fileId="f1" onClose={() => {}} />, ({ method, url }) => {
      if (method === 'POST' && url.pathname.endsWith('/restore')) {
        current = { ...base, etag: '"5"' };
        return json(200, current);
      }
      return json(200, current);
    });
    expect(await screen.findByText('Restorable until')).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Delete' })).not.toBeInTheDocument();
    await userEvent.click(screen.getByRole('button', { name: 'Restore' }));
    expect(await screen.findByText('Restored.')).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Download' })).toBeInTheDocument();
  });

  it('shows a not-found file as an error', async () => {
    renderWithApi(<FileDetails fileId="f1" onClose={() => {}} />, () => json(404, { type: 'urn:aisaas:problem:not-found', title: 'Not found', status: 404, detail: 'No such file' }));
    expect(await screen.findByRole('alert')).toHaveTextContent('No such file');
  });
});
