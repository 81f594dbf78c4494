import * as Dialog from '@radix-ui/react-dialog';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { ApiError, newIdempotencyKey } from '../api/client';
import { useApi } from '../api/context';
import type { FileItem } from '../api/types';
import { ErrorNote } from '../ui/ErrorNote';
import { formatBytes, formatTime } from '../ui/format';
import { StatusBadge } from '../ui/StatusBadge';

const COMPARED: { key: keyof FileItem; label: string }[] = [
  { key: 'name', label: 'Name' },
  { key: 'status', label: 'Status' },
  { key: 'tags', label: 'Tags' },
  { key: 'contentType', label: 'Type' },
  { key: 'size', label: 'Size' },
  { key: 'updatedAt', label: 'Updated' },
];

/** What differs between the version the user acted on and the current one. */
export function changedFields(before: FileItem, now: FileItem): { label: string; before: string; now: string }[] {
  return COMPARED.flatMap(({ key, label }) => {
    const a = JSON.stringify(before[key] ?? null);
    const b = JSON.stringify(now[key] ?? null);
    return a === b ? [] : [{ label, before: display(before[key]), now: display(now[key]) }];
  });
}

function display(value: unknown): string {
  if (value === undefined || value === null) return '—';
  if (typeof value === 'object') return Object.entries(value as Record<string, unknown>).map(([k, v]) => `${k}=${v}`).join(', ') || '(none)';
  return String(value);
}

interface Conflict {
  action: 'rename' | 'delete';
  mine: FileItem;
  current: FileItem;
  newName?: string;
}

/** One file: live status while it is processed, its facts, and what its owner can do with it. */
export function FileDetails({ fileId, onClose }: { fileId: string; onClose: () => void }) {
  const api = useApi();
  const queryClient = useQueryClient();
  const query = useQuery({
    queryKey: ['file', fileId],
    queryFn: ({ signal }) => api.getFile(fileId, signal),
    refetchInterval: (q) => (q.state.data && (q.state.data.status === 'pending' || q.state.data.status === 'processing') ? 1000 : false),
  });
  const [renaming, setRenaming] = useState<FileItem | null>(null);
  const [newName, setNewName] = useState('');
  const [conflict, setConflict] = useState<Conflict | null>(null);
  const [notice, setNotice] = useState<string | null>(null);

  const settle = (file: FileItem | null, message: string) => {
    if (file) queryClient.setQueryData(['file', fileId], file);
    else void queryClient.invalidateQueries({ queryKey: ['file', fileId] });
    void queryClient.invalidateQueries({ queryKey: ['files'] });
    setNotice(message);
  };

  const onConflict = async (error: unknown, action: Conflict['action'], mine: FileItem, name?: string) => {
    if (error instanceof ApiError && error.status === 412) {
      const current = await api.getFile(fileId);
      queryClient.setQueryData(['file', fileId], current);
      setConflict({ action, mine, current, newName: name });
      return true;
    }
    return false;
  };

  const rename = useMutation({
    mutationFn: ({ base, name }: { base: FileItem; name: string }) => api.updateFile(fileId, { name }, base.etag),
    onSuccess: (file) => {
      setRenaming(null);
      setConflict(null);
      settle(file, `Renamed to ${file.name}.`);
    },
    onError: async (error, { base, name }) => {
      if (await onConflict(error, 'rename', base, name)) rename.reset();
    },
  });
  const remove = useMutation({
    mutationFn: (base: FileItem) => api.deleteFile(fileId, base.etag),
    onSuccess: () => {
      setConflict(null);
      settle(null, 'Deleted. You can restore it until the restore window ends.');
    },
    onError: async (error, base) => {
      if (await onConflict(error, 'delete', base)) remove.reset();
    },
  });
  const restore = useMutation({
    mutationFn: () => api.restoreFile(fileId, newIdempotencyKey()),
    onSuccess: (file) => settle(file, 'Restored.'),
  });
  const download = useMutation({
    mutationFn: async (file: FileItem) => {
      const blob = await api.downloadFile(file.id);
      const url = URL.createObjectURL(blob);
      const link = document.createElement('a');
      link.href = url;
      link.download = file.name;
      link.click();
      setTimeout(() => URL.revokeObjectURL(url), 0);
    },
  });

  const file = query.data;
  return (
    <aside aria-labelledby="details-heading" className="panel details">
      <div className="details-head">
        <h2 id="details-heading">{file ? file.name : 'File'}</h2>
        <button type="button" onClick={onClose} aria-label="Close details">
          ×
        </button>
      </div>
      {query.isPending && <p role="status">Loading…</p>}
      {query.isError && <ErrorNote error={query.error} onRetry={() => void query.refetch()} />}
      {file && (
        <>
          <p aria-live="polite">
            Status: <StatusBadge status={file.status} />
            {(file.status === 'pending' || file.status === 'processing') && <span className="muted"> (updating…)</span>}
          </p>
          {file.rejectionReason && (
            <p className="error-text" data-testid="rejection-reason">
              Rejected: {file.rejectionReason}
            </p>
          )}
          <dl className="facts">
            <dt>Type</dt>
            <dd>{file.contentType}</dd>
            <dt>Size</dt>
            <dd>
              {formatBytes(file.size)} ({file.size.toLocaleString()} bytes)
            </dd>
            <dt>SHA-256</dt>
            <dd>
              <code className="hash">{file.sha256 ?? '—'}</code>
            </dd>
            <dt>Uploaded</dt>
            <dd>{formatTime(file.createdAt)}</dd>
            <dt>Processed</dt>
            <dd>{formatTime(file.processedAt)}</dd>
            {file.restorableUntil && (
              <>
                <dt>Restorable until</dt>
                <dd>{formatTime(file.restorableUntil)}</dd>
              </>
            )}
            <dt>Tags</dt>
            <dd>{display(file.tags)}</dd>
          </dl>
          {file.metadata && Object.keys(file.metadata).length > 0 && (
            <>
              <h3>Extracted metadata</h3>
              <dl className="facts">
                {Object.entries(file.metadata).map(([key, value]) => (
                  <div key={key} className="fact">
                    <dt>{key}</dt>
                    <dd>{typeof value === 'object' ? JSON.stringify(value) : String(value)}</dd>
                  </div>
                ))}
              </dl>
            </>
          )}
          {notice && (
            <p role="status" className="notice">
              {notice}
            </p>
          )}
          <div className="actions">
            {file.status === 'ready' && (
              <button type="button" onClick={() => download.mutate(file)} disabled={download.isPending}>
                Download
              </button>
            )}
            {file.status !== 'deleted' && (
              <button
                type="button"
                onClick={() => {
                  setRenaming(file);
                  setNewName(file.name);
                  setNotice(null);
                }}
              >
                Rename
              </button>
            )}
            {file.status !== 'deleted' && (
              <button type="button" className="danger" onClick={() => remove.mutate(file)} disabled={remove.isPending}>
                Delete
              </button>
            )}
            {file.status === 'deleted' && (
              <button type="button" onClick={() => restore.mutate()} disabled={restore.isPending}>
                Restore
              </button>
            )}
          </div>
          {renaming && (
            <form
              className="rename"
              onSubmit={(event) => {
                event.preventDefault();
                rename.mutate({ base: renaming, name: newName });
              }}
            >
              <label>
                New name
                <input value={newName} onChange={(event) => setNewName(event.target.value)} required maxLength={255} autoFocus />
              </label>
              <button type="submit" disabled={rename.isPending}>
                Save name
              </button>
              <button type="button" onClick={() => setRenaming(null)}>
                Cancel
              </button>
            </form>
          )}
          {[rename, remove, restore, download].map((m, i) => (m.isError ? <ErrorNote key={i} error={m.error} /> : null))}
        </>
      )}
      <ConflictDialog
        conflict={conflict}
        onClose={() => setConflict(null)}
        onOverride={(c) => {
          if (c.action === 'rename' && c.newName) {
            setRenaming(c.current);
            rename.mutate({ base: c.current, name: c.newName });
          } else if (c.action === 'delete') {
            remove.mutate(c.current);
          }
        }}
      />
    </aside>
  );
}

function ConflictDialog({ conflict, onClose, onOverride }: { conflict: Conflict | null; onClose: () => void; onOverride: (c: Conflict) => void }) {
  const changes = conflict ? changedFields(conflict.mine, conflict.current) : [];
  return (
    <Dialog.Root open={!!conflict} onOpenChange={(open) => !open && onClose()}>
      <Dialog.Portal>
        <Dialog.Overlay className="dialog-overlay" />
        <Dialog.Content className="dialog">
          <Dialog.Title>This file changed since you opened it</Dialog.Title>
          <Dialog.Description>
            Your {conflict?.action} was not applied: someone (or processing) changed the file first. Here is what changed:
          </Dialog.Description>
          <table>
            <thead>
              <tr>
                <th scope="col">Field</th>
                <th scope="col">When you opened it</th>
                <th scope="col">Now</th>
              </tr>
            </thead>
            <tbody>
              {changes.map((change) => (
                <tr key={change.label}>
                  <th scope="row">{change.label}</th>
                  <td>{change.before}</td>
                  <td>{change.now}</td>
                </tr>
              ))}
            </tbody>
          </table>
          {conflict && (
            <div className="actions">
              {conflict.current.status !== 'deleted' && (
                <button type="button" onClick={() => onOverride(conflict)}>
                  {conflict.action === 'rename' ? `Rename to “${conflict.newName}” anyway` : 'Delete anyway'}
                </button>
              )}
              <Dialog.Close asChild>
                <button type="button">Keep the current version</button>
              </Dialog.Close>
            </div>
          )}
        </Dialog.Content>
      </Dialog.Portal>
    </Dialog.Root>
  );
}

