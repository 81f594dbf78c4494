import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import type { FileItem } from '../api/types';
import { json, renderWithApi } from '../test/render';
import { FileList } from './FileList';

function file(n: number, status: FileItem['status'] = 'ready'): FileItem {
  return { id: `00000000-0000-0000-0000-${String(n).padStart(12, '0')}`, name: `file-${n}.txt`, contentType: 'text/plain', size: n, status, tags: {}, createdAt: '2026-01-01T00:00:00Z', updatedAt: '2026-01-01T00:00:00Z', etag: '"1"' };
}

describe('FileList', () => {
  it('fetches the next page with the previous nextCursor and stops on the last page', async () => {
    const { requests } = renderWithApi(<FileList selectedId={null} onSelect={() => {}} />, ({ url }) =>
      url.searchParams.get('cursor') === 'c2'
        ? json(200, { items: [file(3)], nextCursor: null })
        : json(200, { items: [file(1), file(2)], nextCursor: 'c2' }),
    );
    expect(await screen.findByRole('button', { name: 'file-1.txt' })).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'file-3.txt' })).not.toBeInTheDocument();

    await userEvent.click(screen.getByRole('button', { name: 'Load more' }));

    expect(await screen.findByRole('button', { name: 'file-3.txt' })).toBeInTheDocument();
    expect(screen.getAllByTestId('file-row')).toHaveLength(3);
    expect(screen.queryByRole('button', { name: 'Load more' })).not.toBeInTheDocument();
    expect(screen.getByText(/End of the list \(3 files\)/)).toBeInTheDocument();
    expect(requests.map((r) => r.url.searchParams.get('cursor'))).toEqual([null, 'c2']);
    expect(requests[0].headers.get('Authorization')).toBe('Bearer test-token');
  });

  it('starts a new listing without a cursor when a filter changes, and sends the filters', async () => {
    const { requests } = renderWithApi(<FileList selectedId={null} onSelect={() => {}} />, ({ url }) =>
      url.searchParams.get('status') === 'rejected' ? json(200, { items: [file(9, 'rejected')], nextCursor: null }) : json(200, { items: [file(1)], nextCursor: 'c2' }),
    );
    await screen.findByRole('button', { name: 'file-1.txt' });
    await userEvent.selectOptions(screen.getByLabelText('Status'), 'rejected');
    expect(await screen.findByRole('button', { name: 'file-9.txt' })).toBeInTheDocument();
    const last = requests[requests.length - 1].url.searchParams;
    expect(last.get('status')).toBe('rejected');
    expect(last.get('cursor')).toBeNull();

    await userEvent.type(screen.getByLabelText('Name contains'), 'report');
    await userEvent.click(screen.getByRole('button', { name: 'Search' }));
    await waitFor(() => expect(requests[requests.length - 1].url.searchParams.get('name')).toBe('report'));
    expect(requests[requests.length - 1].url.searchParams.get('status')).toBe('rejected');
  });

  it('shows the problem detail and request id when the API fails, and tries again on request', async () => {
    let calls = 0;
    renderWithApi(<FileList selectedId={null} onSelect={() => {}} />, () =>
      ++calls === 1
        ? json(503, { type: 'urn:aisaas:problem:dependency-unavailable', title: 'Unavailable', status: 503, detail: 'PostgreSQL is not reachable' }, { 'X-Request-Id': 'req-42' })
        : json(200, { items: [file(1)], nextCursor: null }),
    );
    const alert = await screen.findByRole('alert');
    expect(alert).toHaveTextContent('PostgreSQL is not reachable');
    expect(alert).toHaveTextContent('req-42');
    await userEvent.click(screen.getByRole('button', { name: 'Try again' }));
    expect(await screen.findByRole('button', { name: 'file-1.txt' })).toBeInTheDocument();
  });

  it('keeps the loaded pages when the next page fails and offers to try that page again', async () => {
    let failNext = true;
    renderWithApi(<FileList selectedId={null} onSelect={() => {}} />, ({ url }) => {
      if (url.searchParams.get('cursor') === 'c2') {
        if (failNext) {
          failNext = false;
          return json(400, { type: 'urn:aisaas:problem:validation', title: 'Bad cursor', status: 400, invalidParams: [{ name: 'cursor', reason: 'not from this listing' }] });
        }
        return json(200, { items: [file(2)], nextCursor: null });
      }
      return json(200, { items: [file(1)], nextCursor: 'c2' });
    });
    await userEvent.click(await screen.findByRole('button', { name: 'Load more' }));
    expect(await screen.findByRole('alert')).toHaveTextContent('cursor: not from this listing');
    expect(screen.getByRole('button', { name: 'file-1.txt' })).toBeInTheDocument();
    await userEvent.click(screen.getByRole('button', { name: 'Try again' }));
    expect(await screen.findByRole('button', { name: 'file-2.txt' })).toBeInTheDocument();
  });

  it('says so when there are no files', async () => {
    renderWithApi(<FileList selectedId={null} onSelect={() => {}} />, () => json(200, { items: [], nextCursor: null }));
    expect(await screen.findByText(/No files yet/)).toBeInTheDocument();
  });
});
