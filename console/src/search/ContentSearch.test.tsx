import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import type { FileItem } from '../api/types';
import { json, renderWithApi } from '../test/render';
import { ContentSearch } from './ContentSearch';

function file(n: number): FileItem {
  return { id: `00000000-0000-0000-0000-${String(n).padStart(12, '0')}`, name: `doc-${n}.txt`, contentType: 'text/plain', size: 10 * n, status: 'ready', tags: {}, createdAt: '2026-01-01T00:00:00Z', updatedAt: '2026-01-01T00:00:00Z', etag: '"1"' };
}

function hit(n: number, snippet?: string) {
  return { file: file(n), rank: 1 / n, snippet };
}

describe('ContentSearch', () => {
  it('sends the words and filters, shows the passages with the words highlighted, and pages with the cursor', async () => {
    const { requests } = renderWithApi(<ContentSearch onSelect={() => {}} />, ({ url }) =>
      url.searchParams.get('cursor') === 'k2'
        ? json(200, { items: [hit(3, 'third <mark>zephyr</mark>')], nextCursor: null })
        : json(200, { items: [hit(1, 'a <mark>zephyr</mark> &lt;b&gt;here&lt;/b&gt;'), hit(2)], nextCursor: 'k2' }),
    );
    await userEvent.type(screen.getByLabelText('Words'), '"zephyr" -draft');
    await userEvent.selectOptions(screen.getByLabelText('Found type'), 'text/*');
    await userEvent.type(screen.getByLabelText('Created from'), '2026-01-01');
    await userEvent.type(screen.getByLabelText('Tag'), 'project=apollo');
    await userEvent.click(screen.getByRole('button', { name: 'Find' }));

    const results = await screen.findByRole('list', { name: 'Search results' });
    const first = within(results).getByRole('listitem', { name: 'doc-1.txt' });
    const marks = first.querySelectorAll('mark');
    expect([...marks].map((m) => m.textContent)).toEqual(['zephyr']);
    // the escaped markup of the document is text, not an element
    expect(first.querySelector('b')).toBeNull();
    expect(within(first).getByTestId('snippet')).toHaveTextContent('a zephyr <b>here</b>');
    expect(within(results).getByRole('listitem', { name: 'doc-2.txt' }).querySelector('mark')).toBeNull();

    const sent = requests[0].url;
    expect(sent.pathname).toBe('/api/v1/search');
    expect(Object.fromEntries(sent.searchParams)).toEqual({ q: '"zephyr" -draft', limit: '20', contentType: 'text/*', from: '2026-01-01', tag: 'project=apollo' });

    await userEvent.click(screen.getByRole('button', { name: 'More results' }));
    expect(await screen.findByRole('listitem', { name: 'doc-3.txt' })).toBeInTheDocument();
    expect(screen.getAllByTestId('search-hit')).toHaveLength(3);
    expect(screen.queryByRole('button', { name: 'More results' })).not.toBeInTheDocument();
    expect(screen.getByText('3 files found.')).toBeInTheDocument();
    const next = requests[requests.length - 1].url.searchParams;
    expect(next.get('cursor')).toBe('k2');
    expect(next.get('q')).toBe('"zephyr" -draft');
    expect(next.get('tag')).toBe('project=apollo');
  });

  it('asks for words before calling the API, and opens a hit in the details', async () => {
    const opened: string[] = [];
    const { requests } = renderWithApi(<ContentSearch onSelect={(f) => opened.push(f.id)} />, () => json(200, { items: [hit(7, '<mark>x</mark>')], nextCursor: null }));
    await userEvent.click(screen.getByRole('button', { name: 'Find' }));
    expect(screen.getByRole('alert')).toHaveTextContent('Type the words to find.');
    expect(requests).toHaveLength(0);

    await userEvent.type(screen.getByLabelText('Words'), 'x');
    await userEvent.click(screen.getByRole('button', { name: 'Find' }));
    await userEvent.click(await screen.findByRole('button', { name: 'doc-7.txt' }));
    expect(opened).toEqual([file(7).id]);
  });

  it('says when nothing matches and shows the API problem of a bad query', async () => {
    renderWithApi(<ContentSearch onSelect={() => {}} />, ({ url }) =>
      url.searchParams.get('q') === '-only'
        ? json(400, { type: 'urn:aisaas:problem:validation', title: 'Invalid request', status: 400, invalidParams: [{ name: 'q', reason: 'needs at least one word that is not excluded' }] })
        : json(200, { items: [], nextCursor: null }),
    );
    await userEvent.type(screen.getByLabelText('Words'), 'nothing');
    await userEvent.click(screen.getByRole('button', { name: 'Find' }));
    expect(await screen.findByText('No files contain “nothing”.')).toBeInTheDocument();

    await userEvent.clear(screen.getByLabelText('Words'));
    await userEvent.type(screen.getByLabelText('Words'), '-only');
    await userEvent.click(screen.getByRole('button', { name: 'Find' }));
    expect(await screen.findByRole('alert')).toHaveTextContent('q: needs at least one word that is not excluded');
    await userEvent.click(screen.getByRole('button', { name: 'Clear results' }));
    await waitFor(() => expect(screen.queryByRole('alert')).not.toBeInTheDocument());
  });
});
