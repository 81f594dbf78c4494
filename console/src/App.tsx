import * as Tabs from '@radix-ui/react-tabs';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { lazy, Suspense, useCallback, useEffect, useMemo, useState } from 'react';
import { ApiClient, describeError } from './api/client';
import { ApiContext } from './api/context';
import { decodeClaims, isOperator, loadToken, saveToken } from './auth/session';
import type { EntraSession } from './auth/entra';
import { EntraSignIn } from './auth/EntraSignIn';
import { SignIn } from './auth/SignIn';
import { FilesView } from './files/FilesView';

// The files view stays mounted (forceMount) while another tab shows, so uploads in progress keep their rows.
// The operator views (and the chart library) load only when opened: the files view renders without them.
const OpsView = lazy(() => import('./ops/OpsView'));

/**
 * `entra`: the Entra ID session of a build configured for it (src/main.tsx); without it, the development sign-in
 * with the tokens bin/run minted. With Entra ID every API call asks MSAL for the token (cached, renewed silently);
 * the token held here only shapes the UI (roles).
 */
export function App({ apiBaseUrl = '', entra = null }: { apiBaseUrl?: string; entra?: EntraSession | null }) {
  const [token, setToken] = useState<string | null>(() => (entra ? null : loadToken()));
  const [expired, setExpired] = useState(false);
  const [entraError, setEntraError] = useState<string | null>(null);
  const [entraPending, setEntraPending] = useState(() => !!entra?.account());
  const claims = useMemo(() => (token ? decodeClaims(token) : null), [token]);

  useEffect(() => {
    if (!entra?.account()) return;
    let live = true;
    entra
      .accessToken()
      .then((value) => live && setToken(value))
      .catch((error: unknown) => live && setEntraError(describeError(error)))
      .finally(() => live && setEntraPending(false));
    return () => {
      live = false;
    };
  }, [entra]);

  const signIn = useCallback((value: string | null) => {
    saveToken(value);
    setToken(value);
  }, []);
  const api = useMemo(
    () =>
      new ApiClient({
        baseUrl: apiBaseUrl,
        token: entra ? () => entra.accessToken() : () => loadToken(),
        onUnauthorized: () => setExpired(true),
      }),
    [apiBaseUrl, entra],
  );
  const queryClient = useMemo(
    () => new QueryClient({ defaultOptions: { queries: { retry: 1, refetchOnWindowFocus: false } } }),
    [],
  );

  if (entra && (!token || !claims)) {
    if (entraPending) return <p role="status">Signing in…</p>;
    return <EntraSignIn error={entraError} onSignIn={() => void entra.signIn()} />;
  }
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
              if (entra) void entra.signOut();
              else signIn(null);
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
