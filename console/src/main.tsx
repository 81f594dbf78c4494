import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App';
import { entraConfig } from './auth/entraConfig';
import './styles.css';

// A build with Entra ID settings (VITE_ENTRA_CLIENT_ID, VITE_API_SCOPE) signs in with MSAL, which is loaded only
// then; any other build offers the development sign-in.
async function entraSession() {
  const config = entraConfig(import.meta.env, window.location.origin);
  if (!config) return null;
  const { createMsalClient, EntraSession } = await import('./auth/entra');
  const session = new EntraSession(await createMsalClient(config), config);
  await session.start();
  return session;
}

const root = createRoot(document.getElementById('root')!);
entraSession()
  .then((entra) =>
    root.render(
      <StrictMode>
        <App apiBaseUrl={import.meta.env.VITE_API_BASE_URL ?? ''} entra={entra} />
      </StrictMode>,
    ),
  )
  .catch((error: unknown) => root.render(<p role="alert">Sign-in could not start: {error instanceof Error ? error.message : String(error)}</p>));
