import * as Progress from '@radix-ui/react-progress';
import { useRef, useState, useSyncExternalStore } from 'react';
import { formatBytes } from '../ui/format';
import type { UploadItem, UploadQueue } from './uploadQueue';

const STATE_TEXT: Record<UploadItem['state'], string> = {
  queued: 'Queued',
  starting: 'Starting',
  uploading: 'Uploading',
  paused: 'Paused',
  failed: 'Failed',
  refused: 'Refused',
  committing: 'Committing',
  done: 'Uploaded',
  cancelled: 'Cancelled',
};

/** Drop zone and file picker, and one row per file with its progress and actions. */
export function UploadPanel({ queue }: { queue: UploadQueue }) {
  const items = useSyncExternalStore(queue.subscribe, queue.getSnapshot);
  const input = useRef<HTMLInputElement>(null);
  const [over, setOver] = useState(false);

  return (
    <section aria-labelledby="upload-heading" className="panel">
      <h2 id="upload-heading">Upload</h2>
      <div
        className={`dropzone${over ? ' dropzone-over' : ''}`}
        onDragOver={(event) => {
          event.preventDefault();
          setOver(true);
        }}
        onDragLeave={() => setOver(false)}
        onDrop={(event) => {
          event.preventDefault();
          setOver(false);
          if (event.dataTransfer.files.length) queue.add(Array.from(event.dataTransfer.files));
        }}
      >
        <p>Drop files here, or</p>
        <label className="button">
          Choose files
          <input
            ref={input}
            type="file"
            multiple
            className="visually-hidden"
            data-testid="file-input"
            onChange={(event) => {
              if (event.target.files?.length) queue.add(Array.from(event.target.files));
              event.target.value = '';
            }}
          />
        </label>
      </div>
      {items.length > 0 && (
        <>
          <ul className="upload-list" aria-label="Uploads">
            {items.map((item) => (
              <UploadRow key={item.key} item={item} queue={queue} />
            ))}
          </ul>
          <button type="button" onClick={() => queue.clearFinished()}>
            Clear finished
          </button>
        </>
      )}
    </section>
  );
}

function UploadRow({ item, queue }: { item: UploadItem; queue: UploadQueue }) {
  const percent = item.size === 0 ? 100 : Math.round((item.uploadedBytes / item.size) * 100);
  const active = ['queued', 'starting', 'uploading'].includes(item.state);
  return (
    <li className={`upload upload-${item.state}`} aria-label={item.name}>
      <div className="upload-head">
        <strong>{item.name}</strong>
        <span className="muted">
          {formatBytes(item.size)} · {item.contentType}
        </span>
        <span className="upload-state" data-testid="upload-state">
          {STATE_TEXT[item.state]}
        </span>
      </div>
      <Progress.Root className="progress" value={percent} aria-label={`Upload of ${item.name}`}>
        <Progress.Indicator className="progress-indicator" style={{ transform: `translateX(-${100 - percent}%)` }} />
      </Progress.Root>
      <div className="upload-foot">
        <span className="muted">
          {percent}% · block {Math.min(item.blocksDone + (item.state === 'done' ? 0 : 1), item.blockCount)} of {item.blockCount}
        </span>
        {item.error && (
          <span role="alert" className="error-text">
            {item.state === 'failed' && item.failedBlock !== undefined
              ? `${item.failedBlock >= item.blockCount ? 'Commit' : `Block ${item.failedBlock + 1}`} failed: ${item.error}`
              : item.error}
          </span>
        )}
        <span className="actions">
          {active && (
            <button type="button" onClick={() => queue.pause(item.key)}>
              Pause <span className="visually-hidden">{item.name}</span>
            </button>
          )}
          {item.state === 'paused' && (
            <button type="button" onClick={() => queue.resume(item.key)}>
              Resume <span className="visually-hidden">{item.name}</span>
            </button>
          )}
          {item.state === 'failed' && (
            <button type="button" onClick={() => queue.retry(item.key)}>
              Retry <span className="visually-hidden">{item.name}</span>
            </button>
          )}
          {(active || item.state === 'paused' || item.state === 'failed') && (
            <button type="button" onClick={() => queue.cancel(item.key)}>
              Cancel <span className="visually-hidden">{item.name}</span>
            </button>
          )}
        </span>
      </div>
    </li>
  );
}
