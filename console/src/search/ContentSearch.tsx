import { useInfiniteQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useApi } from '../api/context';
import { FILE_STATUSES, type FileItem, type FileStatus, type SearchFilters } from '../api/types';
import { ErrorNote } from '../ui/ErrorNote';
import { formatBytes, formatTime } from '../ui/format';
import { StatusBadge } from '../ui/StatusBadge';
import { Snippet } from './Snippet';

export const SEARCH_PAGE_SIZE = 20;

const TYPE_FAMILIES = [
  { value: '', label: 'Any type' },
  { value: 'application/pdf', label: 'PDF' },
  { value: 'text/*', label: 'Text' },
  { value: 'application/*', label: 'Documents (application/*)' },
  { value: 'image/*', label: 'Images' },
];

// Under 'files', so that whatever refreshes the file list (an upload, a rename, a delete) refreshes the hits too.
export function searchQueryKey(filters: SearchFilters) {
  return ['files', 'search', filters.q, filters.status ?? '', filters.contentType ?? '', filters.from ?? '', filters.to ?? '', filters.tag ?? ''] as const;
}

/**
 * Finds the caller's files by the words they contain (GET /api/v1/search): web-search syntax, filters, the best
 * passages with the matching words highlighted, best first, "More results" over the keyset cursor.
 */
export function ContentSearch({ onSelect }: { onSelect: (file: FileItem) => void }) {
  const api = useApi();
  const [filters, setFilters] = useState<SearchFilters | null>(null);
  const query = useInfiniteQuery({
    queryKey: searchQueryKey(filters ?? { q: '' }),
    queryFn: ({ pageParam, signal }) => api.searchFiles(filters!, pageParam, SEARCH_PAGE_SIZE, signal),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextCursor,
    enabled: filters !== null,
  });
  const hits = query.data?.pages.flatMap((page) => page.items) ?? [];
  const { hasNextPage, isFetchingNextPage, fetchNextPage } = query;

  return (
    <section aria-labelledby="search-heading" className="panel">
      <h2 id="search-heading">Find in files</h2>
      <SearchForm onSubmit={setFilters} onClear={() => setFilters(null)} active={filters !== null} />
      {filters === null ? null : query.isPending ? (
        <p role="status">Searching…</p>
      ) : query.isError && hits.length === 0 ? (
        <ErrorNote error={query.error} onRetry={() => void query.refetch()} />
      ) : hits.length === 0 ? (
        <p role="status">No files contain “{filters.q}”{hasFilters(filters) ? ' with these filters' : ''}.</p>
      ) : (
        <ol className="hits" aria-label="Search results">
          {hits.map((hit) => (
            <li key={hit.file.id} className="hit" data-testid="search-hit" aria-label={hit.file.name}>
              <div className="hit-head">
                <button type="button" className="link" onClick={() => onSelect(hit.file)}>
                  {hit.file.name}
                </button>
                <StatusBadge status={hit.file.status} />
                <span className="muted">
                  {hit.file.contentType} · {formatBytes(hit.file.size)} · {formatTime(hit.file.createdAt)}
                </span>
              </div>
              <Snippet html={hit.snippet} />
            </li>
          ))}
        </ol>
      )}
      {query.isFetchNextPageError && <ErrorNote error={query.error} onRetry={() => void fetchNextPage()} />}
      {filters !== null && hasNextPage && !query.isFetchNextPageError && (
        <button type="button" onClick={() => void fetchNextPage()} disabled={isFetchingNextPage}>
          {isFetchingNextPage ? 'Loading…' : 'More results'}
        </button>
      )}
      {filters !== null && !hasNextPage && hits.length > 0 && <p className="muted">{hits.length === 1 ? '1 file found.' : `${hits.length} files found.`}</p>}
    </section>
  );
}

function hasFilters(filters: SearchFilters): boolean {
  return !!(filters.status || filters.contentType || filters.from || filters.to || filters.tag);
}

function SearchForm({ onSubmit, onClear, active }: { onSubmit: (filters: SearchFilters) => void; onClear: () => void; active: boolean }) {
  const [q, setQ] = useState('');
  const [status, setStatus] = useState('');
  const [contentType, setContentType] = useState('');
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');
  const [tag, setTag] = useState('');
  const [error, setError] = useState<string | null>(null);
  return (
    <form
      className="filters"
      role="search"
      aria-label="Find in files"
      onSubmit={(event) => {
        event.preventDefault();
        const words = q.trim();
        if (!words) {
          setError('Type the words to find.');
          return;
        }
        if (from && to && from > to) {
          setError('“Created from” is after “Created to”.');
          return;
        }
        setError(null);
        onSubmit({
          q: words,
          status: (status || undefined) as FileStatus | undefined,
          contentType: contentType || undefined,
          from: from || undefined,
          to: to || undefined,
          tag: tag.trim() || undefined,
        });
      }}
    >
      <label className="grow">
        Words
        <input
          type="search"
          value={q}
          maxLength={256}
          onChange={(event) => setQ(event.target.value)}
          aria-describedby="search-syntax"
          placeholder={'budget "fire drill" -draft'}
        />
      </label>
      <label>
        Found status
        <select value={status} onChange={(event) => setStatus(event.target.value)}>
          <option value="">All but deleted</option>
          {FILE_STATUSES.map((s) => (
            <option key={s} value={s}>
              {s}
            </option>
          ))}
        </select>
      </label>
      <label>
        Found type
        <select value={contentType} onChange={(event) => setContentType(event.target.value)}>
          {TYPE_FAMILIES.map((family) => (
            <option key={family.value} value={family.value}>
              {family.label}
            </option>
          ))}
        </select>
      </label>
      <label>
        Created from
        <input type="date" value={from} onChange={(event) => setFrom(event.target.value)} />
      </label>
      <label>
        Created to
        <input type="date" value={to} onChange={(event) => setTo(event.target.value)} />
      </label>
      <label>
        Tag
        <input type="text" value={tag} maxLength={200} placeholder="key or key=value" onChange={(event) => setTag(event.target.value)} />
      </label>
      <button type="submit">Find</button>
      {active && (
        <button
          type="button"
          onClick={() => {
            setError(null);
            onClear();
          }}
        >
          Clear results
        </button>
      )}
      <p id="search-syntax" className="muted full">
        Both words: <code>budget review</code> · the phrase: <code>"budget review"</code> · either: <code>budget or forecast</code> ·
        without: <code>budget -draft</code>
      </p>
      {error && (
        <p role="alert" className="error-text full">
          {error}
        </p>
      )}
    </form>
  );
}
