import { render, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { App } from './App';
import type { EntraSession } from './auth/entra';

function jwt(claims: Record<string, unknown>): string {
  const part = (value: unknown) => btoa(JSON.stringify(value)).replace(/=+$/, '').replace(/\+/g, '-').replace(/\//g, '_');
  return `${part({ alg: 'RS256', typ: 'JWT' })}.${part(claims)}.c2ln`;
}

function fakeSession(account: boolean, tokens: string[]) {
  let n = 0;
  return {
    account: vi.fn(() => (account ? { username: 'ada@contoso.com' } : null)),
    accessToken: vi.fn(async () => tokens[Math.min(n++, tokens.length - 1)]),
    signIn: vi.fn(async () => undefined),
    signOut: vi.fn(async () => undefined),
  } as unknown as EntraSession & { accessToken: ReturnType<typeof vi.fn>; signIn: ReturnType<typeof vi.fn>; signOut: ReturnType<typeof vi.fn> };
}

afterEach(() => {
  vi.unstubAllGlobals();
  sessionStorage.clear();
});

describe('App with Entra ID', () => {
  it('offers the Microsoft sign-in, not the development tokens, when no account is signed in', async () => {
    const fetchSpy = vi.fn(async () => new Response('[]', { status: 200, headers: { 'Content-Type': 'application/json' } }));
    vi.stubGlobal('fetch', fetchSpy);
    const entra = fakeSession(false, []);
    render(<App entra={entra} />);

    await userEvent.click(screen.getByRole('button', { name: 'Sign in with Microsoft' }));
    expect(entra.signIn).toHaveBeenCalledTimes(1);
    expect(screen.queryByLabelText('Bearer token')).not.toBeInTheDocument();
    expect(fetchSpy).not.toHaveBeenCalled();
  });

  it('signed in: shapes the UI from the access token and sends MSAL\'s current token on every API call', async () => {
    const first = jwt({ sub: 'ada', tid: 'contoso', roles: ['user'] });
    const renewed = jwt({ sub: 'ada', tid: 'contoso', roles: ['user'], n: 2 });
    const seen: string[] = [];
    vi.stubGlobal(
      'fetch',
      vi.fn(async (_url: string, init?: RequestInit) => {
        seen.push(new Headers(init?.headers).get('Authorization') ?? '');
        return new Response(JSON.stringify({ items: [], nextCursor: null }), { status: 200, headers: { 'Content-Type': 'application/json' } });
      }),
    );
    const entra = fakeSession(true, [first, renewed]);
    render(<App apiBaseUrl="https://func.example" entra={entra} />);

    expect(await screen.findByText(/Signed in as/)).toHaveTextContent('Signed in as ada · tenant contoso · roles: user');
    await waitFor(() => expect(seen.length).toBeGreaterThan(0));
    expect(seen[0]).toBe(`Bearer ${renewed}`);
    expect(sessionStorage.length).toBe(0);

    await userEvent.click(screen.getByRole('button', { name: 'Sign out' }));
    expect(entra.signOut).toHaveBeenCalledTimes(1);
  });

  it('shows why the token could not be had, with the sign-in button', async () => {
    const entra = fakeSession(true, []);
    entra.accessToken.mockRejectedValueOnce(new Error('AADSTS50058: silent sign-in failed'));
    render(<App entra={entra} />);
    expect(await screen.findByRole('alert')).toHaveTextContent('AADSTS50058');
    expect(screen.getByRole('button', { name: 'Sign in with Microsoft' })).toBeInTheDocument();
  });
});
