import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { json, renderWithApi } from '../test/render';
import { Traffic } from './Traffic';

describe('Traffic', () => {
  it('shows the rate between two samples of the operator metrics route, the latency and the per-function table', async () => {
    const readings = [
      { instance: 'abcdef12-0000', startedAt: '2026-01-01T00:00:00Z', takenAt: '2026-01-01T00:01:00Z', functions: [{ function: 'ListFiles', calls: 10, failed: 0, meanMs: 4, p50Ms: 3, p95Ms: 9, p99Ms: 12 }] },
      { instance: 'abcdef12-0000', startedAt: '2026-01-01T00:00:00Z', takenAt: '2026-01-01T00:01:10Z', functions: [{ function: 'ListFiles', calls: 30, failed: 5, meanMs: 4, p50Ms: 3.5, p95Ms: 9.25, p99Ms: 12 }] },
    ];
    let served = 0;
    const { requests } = renderWithApi(<Traffic intervalMs={3_600_000} />, () => json(200, readings[Math.min(served++, readings.length - 1)]));

    expect(await screen.findByText('Rates appear with the next sample.', { exact: false })).toBeInTheDocument();
    await userEvent.click(screen.getByRole('button', { name: 'Sample now' }));

    expect(await screen.findByText(/Last 10 s: 2 requests\/s, 25% failed \(5 of 20\)\./)).toBeInTheDocument();
    expect(screen.getByTestId('latency-now')).toHaveTextContent('ListFiles: p50 3.5 ms, p95 9.3 ms, p99 12.0 ms');
    const row = screen.getByTestId('function-row');
    expect(within(row).getAllByRole('cell').map((c) => c.textContent)).toEqual(['ListFiles', '30', '5', '4.0', '9.3']);
    expect(requests.every((r) => r.url.pathname === '/api/v1/admin/metrics' && r.headers.get('Authorization') === 'Bearer test-token')).toBe(true);
  });

  it('shows a 403 as a view this sign-in may not open', async () => {
    renderWithApi(<Traffic />, () => json(403, { type: 'urn:aisaas:problem:forbidden', title: 'Forbidden', status: 403, detail: 'This endpoint needs the role operator.' }));
    expect(await screen.findByRole('alert')).toHaveTextContent('Your sign-in does not allow this view.');
  });
});
