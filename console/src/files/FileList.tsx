import { useInfiniteQuery } from '@tanstack/react-query';
import { useEffect, useRef, useState } from 'react';
import { useApi } from '../api/context';
import { FILE_STATUSES, type FileFilters, type FileItem, type FileStatus } from '../api/types';
import { ErrorNote } from '../ui/ErrorNote';
import { formatBytes, formatTime } from '../ui/format';
import { StatusBadge } from '../ui/StatusBadge';

export const PAGE_SIZE = 20;

const TYPE_FAMILIES = [
  { value: '', label: 'Any type' },
  { value: 'image/*', label: 'Images' },
  { value: 'application/pdf', label: 'PDF' },
  { value: 'text/*', label: 'Text' },
  { value: 'application/json', label: 'JSON' },
];

export function filesQueryKey(filters: FileFilters) {
  return ['files', filters.status ?? '', filters.contentType ?? '', filters.name ?? ''] as const;
}

/**
 * The caller's files, newest first, over the keyset API: each page's `nextCursor` fetches the next one when the
 * end of the list scrolls into view (or "Load more" is pressed). Filters start a new listing: a cursor belongs
 * to the filters it was made with.
 */
export function FileList({ selectedId, onSelect }: { selectedId: string | null; onSelect: (file: FileItem) => void }) {
  const api = useApi();
  const [filters, setFilters] = useState<FileFilters>({});
  const query = useInfiniteQuery({
    queryKey: filesQueryKey(filters),
    queryFn: ({ pageParam, signal }) => api.listFiles(filters, pageParam, PAGE_SIZE, signal),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextCursor,
    // While something is still being processed, look again so that its status follows.
    refetchInterval: (q) =>
      q.state.data?.pages.some((page) => page.items.some((f) => f.status === 'pending' || f.status === 'processing')) ? 2000 : false,
  });
  const files = query.data?.pages.flatMap((page) => page.items) ?? [];
  const sentinel = useRef<HTMLDivElement>(null);
  const { hasNextPage, isFetchingNextPage, fetchNextPage } = query;

  useEffect(() => {
    const node = sentinel.current;
    if (!node || typeof IntersectionObserver === 'undefined') return;
    const observer = new IntersectionObserver((entries) => {
      if (entries.some((e) => e.isIntersecting) && hasNextPage && !isFetchingNextPage) void fetchNextPage();
    });
    observer.observe(node);
    return () => observer.disconnect();
  }, [hasNextPage, isFetchingNextPage, fetchNextPage]);

  return (
    <section aria-labelledby="files-heading" className="panel">
      <h2 id="files-heading">Files</h2>
      <FilterForm filters={filters} onChange={setFilters} />
      {query.isPending ? (
        <p role="status">Loading files…</p>
      ) : query.isError && files.length === 0 ? (
        <ErrorNote error={query.error} onRetry={() => void query.refetch()} />
      ) : files.length === 0 ? (
        <p role="status">No files{filters.status || filters.contentType || filters.name ? ' match these filters' : ' yet: upload some above'}.</p>
      ) : (
        <table className="files">
          <caption className="visually-hidden">Your files, newest first</caption>
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">Status</th>
              <th scope="col">Type</th>
              <th scope="col" className="num">Size</th>
              <th scope="col">Uploaded</th>
            </tr>
          </thead>
          <tbody>
            {files.map((file) => (
              <tr key={file.id} aria-selected={file.id === selectedId} data-testid="file-row">
                <td>
                  <button type="button" className="link" onClick={() => onSelect(file)}>
                    {file.name}
                  </button>
                </td>
                <td>
                  <StatusBadge status={file.status} />
                </td>
                <td>{file.contentType}</td>
                <td className="num">{formatBytes(file.size)}</td>
                <td>{formatTime(file.createdAt)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {query.isFetchNextPageError && <ErrorNote error={query.error} onRetry={() => void fetchNextPage()} />}
      <div ref={sentinel} aria-hidden="true" />
      {hasNextPage && !query.isFetchNextPageError && (
        <button type="button" onClick={() => void fetchNextPage()} disabled={isFetchingNextPage}>
          {isFetchingNextPage ? 'Loading…' : 'Load more'}
        </button>
      )}
      {!hasNextPage && files.length > 0 && <p className="muted">End of the list ({files.length} files).</p>}
    </section>
  );
}

function FilterForm({ filters, onChange }: { filters: FileFilters; onChange: (filters: FileFilters) => void }) {
  const [name, setName] = useState(filters.name ?? '');
  return (
    <form
      className="filters"
      role="search"
      onSubmit={(event) => {
        event.preventDefault();
        onChange({ ...filters, name: name.trim() || undefined });
      }}
    >
      <label>
        Name contains
        <input type="search" value={name} maxLength={255} onChange={(event) => setName(event.target.value)} />
      </label>
      <button type="submit">Search</button>
      <label>
        Status
        <select
          value={filters.status ?? ''}
          onChange={(event) => onChange({ ...filters, status: (event.target.value || undefined) as FileStatus | undefined })}
        >
          <option value="">All but deleted</option>
          {FILE_STATUSES.map((status) => (
            <option key={status} value={status}>
              {status}
            </option>
          ))}
        </select>
      </label>
      <label>
        Type
        <select value={filters.contentType ?? ''} onChange={(event) => onChange({ ...filters, contentType: event.target.value || undefined })}>
          {TYPE_FAMILIES.map((family) => (
            <option key={family.value} value={family.value}>
              {family.label}
            </option>
          ))}
        </select>
      </label>
    </form>
  );
}
