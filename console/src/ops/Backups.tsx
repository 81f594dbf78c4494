import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { newIdempotencyKey } from '../api/client';
import { useApi } from '../api/context';
import { ErrorNote } from '../ui/ErrorNote';
import { formatTime } from '../ui/format';
import { StatusBadge } from '../ui/StatusBadge';

/** Backup exports, verifications and prunes, a "verify now", and the maintenance runs. */
export function Backups() {
  const api = useApi();
  const queryClient = useQueryClient();
  const backups = useQuery({ queryKey: ['backups'], queryFn: () => api.backups() });
  const runs = useQuery({ queryKey: ['maintenance-runs'], queryFn: () => api.maintenanceRuns() });
  const verify = useMutation({
    mutationFn: () => api.verifyBackup(newIdempotencyKey()),
    onSettled: () => void queryClient.invalidateQueries({ queryKey: ['backups'] }),
  });

  return (
    <section aria-labelledby="backups-heading" className="panel">
      <h2 id="backups-heading">Backups and maintenance</h2>
      <button type="button" onClick={() => verify.mutate()} disabled={verify.isPending}>
        {verify.isPending ? 'Verifying…' : 'Verify the newest backup now'}
      </button>
      {verify.isError && <ErrorNote error={verify.error} />}
      {verify.data && (
        <div role="status" className="notice">
          <p>
            Verification {verify.data.passed ? 'passed' : 'failed'}
            {verify.data.backup ? ` for backup ${verify.data.backup}` : ' (no backup yet)'} in {verify.data.elapsedMs} ms.
          </p>
          <ul>
            {verify.data.checks.map((check) => (
              <li key={check.name}>
                {check.passed ? '✓' : '✗'} {check.name}: {check.detail}
              </li>
            ))}
          </ul>
        </div>
      )}
      <h3>Backup runs</h3>
      {backups.isError && <ErrorNote error={backups.error} />}
      {backups.data && backups.data.items.length === 0 && <p>No backup runs yet.</p>}
      {backups.data && backups.data.items.length > 0 && (
        <table>
          <thead>
            <tr>
              <th scope="col">Kind</th>
              <th scope="col">Status</th>
              <th scope="col">Started</th>
              <th scope="col">Finished</th>
              <th scope="col">Manifest</th>
            </tr>
          </thead>
          <tbody>
            {backups.data.items.map((run) => (
              <tr key={run.id}>
                <td>{run.kind}</td>
                <td>
                  <StatusBadge status={run.status} />
                </td>
                <td>{formatTime(run.startedAt)}</td>
                <td>{formatTime(run.finishedAt)}</td>
                <td>{run.manifestPath ?? '—'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <h3>Maintenance runs</h3>
      {runs.isError && <ErrorNote error={runs.error} />}
      {runs.data && runs.data.items.length === 0 && <p>No maintenance runs yet.</p>}
      {runs.data && runs.data.items.length > 0 && (
        <table>
          <thead>
            <tr>
              <th scope="col">Kind</th>
              <th scope="col">Status</th>
              <th scope="col">Started</th>
              <th scope="col">Counts</th>
            </tr>
          </thead>
          <tbody>
            {runs.data.items.map((run) => (
              <tr key={run.id}>
                <td>{run.kind}</td>
                <td>
                  <StatusBadge status={run.status} />
                </td>
                <td>{formatTime(run.startedAt)}</td>
                <td>{run.counts ? JSON.stringify(run.counts) : '—'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
