// Sign-in with Microsoft Entra ID (MSAL.js, authorization code flow with PKCE) for the console in Azure. The console
// is a public client: no secret; tokens live in MSAL's sessionStorage cache of this origin (readable by no other
// origin, gone with the tab). Configuration comes from the build (VITE_ENTRA_*, written by
// console/scripts/azd-prebuild.sh); without it the console keeps the development sign-in (docs/console.md).
import {
  type AccountInfo,
  BrowserCacheLocation,
  InteractionRequiredAuthError,
  type IPublicClientApplication,
  createStandardPublicClientApplication,
} from '@azure/msal-browser';
import type { EntraConfig } from './entraConfig';

export type { EntraConfig } from './entraConfig';

/** The part of MSAL's client the console uses, so that tests can stand in for it. */
export type MsalClient = Pick<
  IPublicClientApplication,
  | 'initialize'
  | 'handleRedirectPromise'
  | 'getActiveAccount'
  | 'setActiveAccount'
  | 'getAllAccounts'
  | 'acquireTokenSilent'
  | 'acquireTokenRedirect'
  | 'loginRedirect'
  | 'logoutRedirect'
>;

/** Thrown when no token can be had without the user: a redirect to Entra ID has been started (or is needed). */
export class SignInRequiredError extends Error {
  constructor(readonly redirecting: boolean) {
    super(redirecting ? 'Signing in again with Microsoft…' : 'Not signed in.');
    this.name = 'SignInRequiredError';
  }
}

export function createMsalClient(config: EntraConfig): Promise<IPublicClientApplication> {
  return createStandardPublicClientApplication({
    auth: { clientId: config.clientId, authority: config.authority, redirectUri: config.redirectUri, postLogoutRedirectUri: config.redirectUri },
    cache: { cacheLocation: BrowserCacheLocation.SessionStorage },
  });
}

/**
 * The signed-in Entra ID account and access tokens for the API. `accessToken()` is called before every API call:
 * MSAL answers from its cache and renews silently (refresh token) when the token is near its expiry; only when
 * Entra ID needs the user (consent, MFA, an expired session) does it redirect.
 */
export class EntraSession {
  private readonly scopes: string[];

  constructor(
    private readonly msal: MsalClient,
    config: Pick<EntraConfig, 'apiScope'>,
  ) {
    this.scopes = [config.apiScope];
  }

  /** Once per page load: finishes a sign-in redirect that returned here; the signed-in account, or null. */
  async start(): Promise<AccountInfo | null> {
    await this.msal.initialize();
    const returned = await this.msal.handleRedirectPromise();
    const account = returned?.account ?? this.msal.getActiveAccount() ?? this.msal.getAllAccounts()[0] ?? null;
    if (account) this.msal.setActiveAccount(account);
    return account;
  }

  account(): AccountInfo | null {
    return this.msal.getActiveAccount();
  }

  signIn(): Promise<void> {
    return this.msal.loginRedirect({ scopes: this.scopes });
  }

  signOut(): Promise<void> {
    return this.msal.logoutRedirect({ account: this.msal.getActiveAccount() ?? undefined });
  }

  /** An access token for the API. Rejects with SignInRequiredError when the user has to sign in (again). */
  async accessToken(): Promise<string> {
    const account = this.msal.getActiveAccount();
    if (!account) throw new SignInRequiredError(false);
    try {
      return (await this.msal.acquireTokenSilent({ scopes: this.scopes, account })).accessToken;
    } catch (error) {
      if (error instanceof InteractionRequiredAuthError) {
        await this.msal.acquireTokenRedirect({ scopes: this.scopes, account });
        throw new SignInRequiredError(true);
      }
      throw error;
    }
  }
}
