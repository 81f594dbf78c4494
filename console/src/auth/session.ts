// The signed-in user's bearer token. It lives in sessionStorage: readable only by scripts of this origin (never
// by other origins, unlike a cookie sent with cross-site requests), gone when the tab closes, and kept across a
// reload of the tab. It is never written to localStorage or a cookie. MSAL's default cache (sessionStorage)
// makes the same choice for Entra ID tokens.

const KEY = 'aisaas.console.token';

export interface Claims {
  sub?: string;
  name?: string;
  tid?: string;
  roles: string[];
  exp?: number;
}

/**
 * Roles that open the operator views. The API decides what a role may do (a 403 is shown as such); the console
 * only hides views a token cannot use. Role names are data: new ones are added here, nowhere else.
 */
export const OPERATOR_ROLES: readonly string[] = ['operator'];

export function loadToken(storage: Storage | undefined = globalThis.sessionStorage): string | null {
  return storage?.getItem(KEY) ?? null;
}

export function saveToken(token: string | null, storage: Storage | undefined = globalThis.sessionStorage): void {
  if (!storage) return;
  if (token) storage.setItem(KEY, token);
  else storage.removeItem(KEY);
}

/** The token's claims, read without checking the signature (the API checks it; this only shapes the UI). */
export function decodeClaims(token: string, rolesClaim = 'roles'): Claims | null {
  const parts = token.split('.');
  if (parts.length !== 3) return null;
  try {
    const json = atob(parts[1].replace(/-/g, '+').replace(/_/g, '/').padEnd(Math.ceil(parts[1].length / 4) * 4, '='));
    const payload = JSON.parse(json) as Record<string, unknown>;
    const raw = payload[rolesClaim];
    const roles = Array.isArray(raw) ? raw.map(String) : typeof raw === 'string' ? raw.split(/\s+/).filter(Boolean) : [];
    return {
      sub: typeof payload.sub === 'string' ? payload.sub : undefined,
      name: typeof payload.name === 'string' ? payload.name : undefined,
      tid: typeof payload.tid === 'string' ? payload.tid : undefined,
      roles,
      exp: typeof payload.exp === 'number' ? payload.exp : undefined,
    };
  } catch {
    return null;
  }
}

export function isOperator(claims: Claims | null): boolean {
  return !!claims && claims.roles.some((role) => OPERATOR_ROLES.includes(role));
}
