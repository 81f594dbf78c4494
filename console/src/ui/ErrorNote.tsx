import { ApiError, describeError } from '../api/client';

/** An error shown where the failed thing would have been, with the request id support can look up. */
export function ErrorNote({ error, onRetry }: { error: unknown; onRetry?: () => void }) {
  const requestId = error instanceof ApiError ? error.requestId : null;
  const forbidden = error instanceof ApiError && error.status === 403;
  return (
    <div role="alert" className="error-note">
      <p>{forbidden ? 'Your sign-in does not allow this view.' : describeError(error)}</p>
      {requestId && <p className="muted">Request id: <code>{requestId}</code></p>}
      {onRetry && (
        <button type="button" onClick={onRetry}>
          Try again
        </button>
      )}
    </div>
  );
}
