import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { newIdempotencyKey } from '../api/client';
import { useApi } from '../api/context';
import type { DeadLetter, DeadLetterReplay } from '../api/types';
import { ErrorNote } from '../ui/ErrorNote';
import { formatTime } from '../ui/format';

/** Work the platform gave up on, with its reason, and a replay that does it again. */
export function DeadLetters() {
  const api = useApi();
  const queryClient = useQueryClient();
  const [status, setStatus] = useState<'pending' | 'all'>('pending');
  const query = useQuery({ queryKey: ['dead-letters', status], queryFn: () => api.listDeadLetters(status, null) });
  const [outcomes, setOutcomes] = useState<Record<number, DeadLetterReplay>>({});
  const replay = useMutation({
    mutationFn: (letter: DeadLetter) => api.replayDeadLetter(letter.id, newIdempotencyKey()),
    onSuccess: (result) => {
      setOutcomes((previous) => ({ ...previous, [result.id]: result }));
      void queryClient.invalidateQueries({ queryKey: ['dead-letters'] });
    },
  });

  return (
    <section aria-labelledby="dead-letters-heading" className="panel">
      <h2 id="dead-letters-heading">Dead letters</h2>
      <label>
        Show
        <select value={status} onChange={(event) => setStatus(event.target.value as 'pending' | 'all')}>
          <option value="pending">Not replayed yet</option>
          <option value="all">All</option>
        </select>
      </label>{' '}
      <button type="button" onClick={() => void query.refetch()} disabled={query.isFetching}>
        Refresh
      </button>
      {Object.values(outcomes).map((outcome) => (
        <p key={outcome.id} role="status" className="notice">
          Dead letter {outcome.id} ({outcome.source}) replayed: {outcome.outcome}.
        </p>
      ))}
      {replay.isError && <ErrorNote error={replay.error} />}
      {query.isPending && <p role="status">Loading…</p>}
      {query.isError && <ErrorNote error={query.error} onRetry={() => void query.refetch()} />}
      {query.data && query.data.items.length === 0 && <p role="status">No dead letters.</p>}
      {query.data && query.data.items.length > 0 && (
        <table>
          <thead>
            <tr>
              <th scope="col">Id</th>
              <th scope="col">Source</th>
              <th scope="col">Reason</th>
              <th scope="col" className="num">Attempts</th>
              <th scope="col">Created</th>
              <th scope="col">Replayed</th>
              <th scope="col">
                <span className="visually-hidden">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {query.data.items.map((letter) => (
              <tr key={letter.id} data-testid="dead-letter-row">
                <td>{letter.id}</td>
                <td>{letter.source}</td>
                <td className="reason">{letter.reason}</td>
                <td className="num">{letter.attempts}</td>
                <td>{formatTime(letter.createdAt)}</td>
                <td>{formatTime(letter.replayedAt)}</td>
                <td>
                  {!letter.replayedAt && (
                    <button type="button" onClick={() => replay.mutate(letter)} disabled={replay.isPending}>
                      Replay <span className="visually-hidden">dead letter {letter.id}</span>
                    </button>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
