import * as Tabs from '@radix-ui/react-tabs';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { lazy, Suspense, useCallback, useMemo, useState } from 'react';
import { ApiClient } from './api/client';
import { ApiContext } from './api/context';
import { decodeClaims, isOperator, loadToken, saveToken } from './auth/session';
import { SignIn } from './auth/SignIn';
import { FilesView } from './files/FilesView';

// The files view stays mounted (forceMount) while another tab shows, so uploads in progress keep their rows.
// The operator views (and the chart library) load only when opened: the files view renders without them.
const OpsView = lazy(() => import('./ops/OpsView'));

export function App({ apiBaseUrl = '' }: { apiBaseUrl?: string }) {
  const [token, setToken] = useState<string | null>(() => loadToken());
  const [expired, setExpired] = useState(false);
  const claims = useMemo(() => (token ? decodeClaims(token) : null), [token]);

  const signIn = useCallback((value: string | null) => {
    saveToken(value);
    setToken(value);
  }, []);
  const api = useMemo(
    () =>
      new ApiClient({
        baseUrl: apiBaseUrl,
        token: () => loadToken(),
        onUnauthorized: () => setExpired(true),
      }),
    [apiBaseUrl],
  );
  const queryClient = useMemo(
    () => new QueryClient({ defaultOptions: { queries: { retry: 1, refetchOnWindowFocus: false } } }),
    [],
  );

  if (!token || !claims) {
    return (
      <SignIn
        onSignIn={(value) => {
          setExpired(false);
          queryClient.clear();
          signIn(value);
        }}
      />
    );
  }
  const operator = isOperator(claims);
  return (
    <ApiContext.Provider value={api}>
      <QueryClientProvider client={queryClient}>
        <header className="top">
          <h1>AI SaaS Dashboard</h1>
          <span className="who">
            Signed in as <strong>{claims.name ?? claims.sub}</strong>
            {claims.tid && <> · tenant {claims.tid}</>} · roles: {claims.roles.join(', ') || 'none'}
          </span>
          <button
            type="button"
            onClick={() => {
              queryClient.clear();
              signIn(null);
            }}
          >
            Sign out
          </button>
        </header>
        {expired && (
          <p role="alert" className="error-note">
            The API no longer accepts this sign-in (expired or revoked). Sign out and sign in again.
          </p>
        )}
        <Tabs.Root defaultValue="files" className="tabs">
          <Tabs.List aria-label="Views" className="tab-list">
            <Tabs.Trigger value="files">Files</Tabs.Trigger>
            {operator && <Tabs.Trigger value="operations">Operations</Tabs.Trigger>}
          </Tabs.List>
          <Tabs.Content value="files" forceMount className="tab-panel">
            <FilesView />
          </Tabs.Content>
          {operator && (
            <Tabs.Content value="operations" className="tab-panel">
              <Suspense fallback={<p role="status">Loading…</p>}>
                <OpsView />
              </Suspense>
            </Tabs.Content>
          )}
        </Tabs.Root>
      </QueryClientProvider>
    </ApiContext.Provider>
  );
}
