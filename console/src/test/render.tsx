import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { render } from '@testing-library/react';
import type { ReactNode } from 'react';
import { ApiClient } from '../api/client';
import { ApiContext } from '../api/context';

export type Route = (request: { method: string; url: URL; headers: Headers; body: unknown }) => Response | Promise<Response>;

export function json(status: number, body: unknown, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), { status, headers: { 'Content-Type': status >= 400 ? 'application/problem+json' : 'application/json', ...headers } });
}

/** Renders with an ApiClient whose fetch is `route`; records every request. */
export function renderWithApi(ui: ReactNode, route: Route) {
  const requests: { method: string; url: URL; headers: Headers; body: unknown }[] = [];
  const fetchImpl = (async (input: RequestInfo | URL, init?: RequestInit) => {
    const url = new URL(String(input), 'http://console.test');
    const request = { method: init?.method ?? 'GET', url, headers: new Headers(init?.headers), body: init?.body ? JSON.parse(String(init.body)) : undefined };
    requests.push(request);
    return route(request);
  }) as typeof fetch;
  const api = new ApiClient({ token: () => 'test-token', fetch: fetchImpl });
  const queryClient = new QueryClient({ defaultOptions: { queries: { retry: false }, mutations: { retry: false } } });
  const result = render(
    <ApiContext.Provider value={api}>
      <QueryClientProvider client={queryClient}>{ui}</QueryClientProvider>
    </ApiContext.Provider>,
  );
  return { ...result, requests };
}
