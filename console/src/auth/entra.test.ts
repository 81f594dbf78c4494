import { type AccountInfo, InteractionRequiredAuthError } from '@azure/msal-browser';
import { describe, expect, it, vi } from 'vitest';
import { EntraSession, type MsalClient, SignInRequiredError } from './entra';
import { entraConfig } from './entraConfig';

const ACCOUNT = { homeAccountId: 'h1', localAccountId: 'l1', environment: 'login.microsoftonline.com', tenantId: 't1', username: 'ada@contoso.com' } as AccountInfo;
const SCOPE = 'api://aisaas-dashboard/access_as_user';

function fakeMsal(overrides: Partial<MsalClient> = {}) {
  let active: AccountInfo | null = null;
  const msal = {
    initialize: vi.fn(async () => undefined),
    handleRedirectPromise: vi.fn(async () => null),
    getActiveAccount: vi.fn(() => active),
    setActiveAccount: vi.fn((account: AccountInfo | null) => {
      active = account;
    }),
    getAllAccounts: vi.fn(() => [] as AccountInfo[]),
    acquireTokenSilent: vi.fn(async () => ({ accessToken: 'at-1' })),
    acquireTokenRedirect: vi.fn(async () => undefined),
    loginRedirect: vi.fn(async () => undefined),
    logoutRedirect: vi.fn(async () => undefined),
    ...overrides,
  };
  return msal as typeof msal & MsalClient;
}

describe('entraConfig', () => {
  it('is null without a client id or API scope, so that the development sign-in stays', () => {
    expect(entraConfig({}, 'https://c.example')).toBeNull();
    expect(entraConfig({ VITE_ENTRA_CLIENT_ID: 'abc', VITE_API_SCOPE: ' ' }, 'https://c.example')).toBeNull();
  });

  it('reads the build settings and redirects back to this origin', () => {
    expect(
      entraConfig({ VITE_ENTRA_CLIENT_ID: 'abc', VITE_API_SCOPE: SCOPE, VITE_ENTRA_AUTHORITY: 'https://login.microsoftonline.com/t1' }, 'https://c.example'),
    ).toEqual({ clientId: 'abc', apiScope: SCOPE, authority: 'https://login.microsoftonline.com/t1', redirectUri: 'https://c.example/' });
    expect(entraConfig({ VITE_ENTRA_CLIENT_ID: 'abc', VITE_API_SCOPE: SCOPE }, 'https://c.example')?.authority).toBe('https://login.microsoftonline.com/organizations');
  });
});

describe('EntraSession', () => {
  it('start() completes a returning sign-in redirect and makes its account the active one', async () => {
    const calls: string[] = [];
    const msal = fakeMsal({
      initialize: vi.fn(async () => void calls.push('initialize')),
      handleRedirectPromise: vi.fn(async () => {
        calls.push('handleRedirectPromise');
        return { account: ACCOUNT } as never;
      }),
    });
    const session = new EntraSession(msal, { apiScope: SCOPE });

    expect(await session.start()).toBe(ACCOUNT);
    expect(calls).toEqual(['initialize', 'handleRedirectPromise']);
    expect(msal.setActiveAccount).toHaveBeenCalledWith(ACCOUNT);
    expect(session.account()).toBe(ACCOUNT);
  });

  it('start() without a redirect picks a cached account, or none', async () => {
    const cached = fakeMsal({ getAllAccounts: vi.fn(() => [ACCOUNT]) });
    expect(await new EntraSession(cached, { apiScope: SCOPE }).start()).toBe(ACCOUNT);
    expect(await new EntraSession(fakeMsal(), { apiScope: SCOPE }).start()).toBeNull();
  });

  it('accessToken() asks MSAL silently for the API scope and the active account', async () => {
    const msal = fakeMsal();
    msal.setActiveAccount(ACCOUNT);
    expect(await new EntraSession(msal, { apiScope: SCOPE }).accessToken()).toBe('at-1');
    expect(msal.acquireTokenSilent).toHaveBeenCalledWith({ scopes: [SCOPE], account: ACCOUNT });
    expect(msal.acquireTokenRedirect).not.toHaveBeenCalled();
  });

  it('accessToken() redirects when Entra ID needs the user, and says so', async () => {
    const msal = fakeMsal({ acquireTokenSilent: vi.fn(async () => Promise.reject(new InteractionRequiredAuthError('interaction_required', 'corr-1'))) });
    msal.setActiveAccount(ACCOUNT);
    const error = await new EntraSession(msal, { apiScope: SCOPE }).accessToken().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SignInRequiredError);
    expect((error as SignInRequiredError).redirecting).toBe(true);
    expect(msal.acquireTokenRedirect).toHaveBeenCalledWith({ scopes: [SCOPE], account: ACCOUNT });
  });

  it('accessToken() passes other failures on (no redirect loop on a network error) and needs an account', async () => {
    const msal = fakeMsal({ acquireTokenSilent: vi.fn(async () => Promise.reject(new TypeError('Failed to fetch'))) });
    msal.setActiveAccount(ACCOUNT);
    await expect(new EntraSession(msal, { apiScope: SCOPE }).accessToken()).rejects.toThrow('Failed to fetch');
    expect(msal.acquireTokenRedirect).not.toHaveBeenCalled();

    const none = await new EntraSession(fakeMsal(), { apiScope: SCOPE }).accessToken().catch((e: unknown) => e);
    expect((none as SignInRequiredError).redirecting).toBe(false);
  });

  it('signIn() and signOut() redirect with the API scope and the active account', async () => {
    const msal = fakeMsal();
    msal.setActiveAccount(ACCOUNT);
    const session = new EntraSession(msal, { apiScope: SCOPE });
    await session.signIn();
    await session.signOut();
    expect(msal.loginRedirect).toHaveBeenCalledWith({ scopes: [SCOPE] });
    expect(msal.logoutRedirect).toHaveBeenCalledWith({ account: ACCOUNT });
  });
});
