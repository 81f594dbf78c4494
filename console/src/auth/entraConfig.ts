// The Entra ID settings of a build, read without loading MSAL (src/main.tsx loads it only when they are set).

export interface EntraConfig {
  /** the console's app registration (SPA platform) */
  clientId: string;
  /** https://login.microsoftonline.com/<tenant id> */
  authority: string;
  /** the API's delegated scope, e.g. api://aisaas-dashboard/access_as_user */
  apiScope: string;
  /** where Entra ID returns after sign-in: this origin's root, registered as an SPA redirect URI */
  redirectUri: string;
}

/** The Entra ID settings of this build, or null when it has none (the development sign-in is used then). */
export function entraConfig(env: Record<string, string | undefined>, origin: string): EntraConfig | null {
  const clientId = env.VITE_ENTRA_CLIENT_ID?.trim();
  const apiScope = env.VITE_API_SCOPE?.trim();
  if (!clientId || !apiScope) return null;
  const authority = env.VITE_ENTRA_AUTHORITY?.trim() || 'https://login.microsoftonline.com/organizations';
  return { clientId, authority, apiScope, redirectUri: `${origin}/` };
}

