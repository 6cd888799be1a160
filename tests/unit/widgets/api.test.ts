import { describe, expect, it, vi } from 'vitest';
import { ApiClient, ApiError, toQuery } from '../../../widgets/api.js';
import { parseRoute, safeNextRoute } from './route-helpers.js';

const json = (status: number, body: unknown) => new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });

describe('api client', () => {
  it('sends the CSRF token on state-changing requests only', async () => {
    const seen: { method: string; headers: Record<string, string> }[] = [];
    const api = new ApiClient(async (_u, init) => {
      seen.push({ method: init!.method!, headers: init!.headers as Record<string, string> });
      return json(200, { user: {}, tenant: {}, csrfToken: 'tok-1' });
    });
    await api.login('a@b.example', 'pw');
    await api.get('/api/mapping');
    await api.linkCompany('1', { psaAccountId: '2' });
    await api.unlinkCompany('1');
    expect(seen.map((s) => [s.method, s.headers['x-csrf-token'] ?? null])).toEqual([
      ['POST', null],
      ['GET', null],
      ['PUT', 'tok-1'],
      ['DELETE', 'tok-1'],
    ]);
  });

  it('turns the error body into an ApiError with the server message', async () => {
    const api = new ApiClient(async () => json(409, { error: { code: 'conflict', message: 'Link the company before its subscriptions', requestId: 'r1' } }));
    const err = (await api.linkSubscription('9', { psaContractId: '1' }).catch((e: unknown) => e)) as ApiError;
    expect(err).toBeInstanceOf(ApiError);
    expect([err.status, err.code, err.message]).toEqual([409, 'conflict', 'Link the company before its subscriptions']);
  });

  it('falls back to the status line when the body is not JSON, and reports 401 to the shell', async () => {
    const onUnauth = vi.fn();
    const api = new ApiClient(async () => new Response('<html>bad gateway</html>', { status: 502, statusText: 'Bad Gateway' }));
    expect((await api.dashboard().catch((e) => e)).message).toBe('502 Bad Gateway');
    const api2 = new ApiClient(async () => json(401, { error: { code: 'unauthenticated', message: 'Sign in first' } }));
    api2.onUnauthenticated = onUnauth;
    await api2.dashboard().catch(() => null);
    await api2.login('a@b.example', 'x').catch(() => null);
    expect(onUnauth).toHaveBeenCalledTimes(1);
  });

  it('reads a credential check whether bare or wrapped in {result}', async () => {
    const check = { ok: false, reason: 'bad_credentials', message: 'refused' };
    const bare = new ApiClient(async () => json(200, check));
    const wrapped = new ApiClient(async () => json(200, { result: check }));
    expect(await bare.testConnection('autotask')).toEqual(check);
    expect(await wrapped.testConnection('autotask')).toEqual(check);
  });

  it('builds queries without empty or false values, and CSV exports without paging', async () => {
    expect(toQuery({ a: 1, b: '', c: undefined, d: false, e: true, f: 'x y' })).toBe('?a=1&e=1&f=x+y');
    const paths: string[] = [];
    const api = new ApiClient(async (u) => (paths.push(u), new Response('"a"\r\n', { status: 200 })));
    await api.reportCsv('linked', new URLSearchParams('context=autotask&page=3&pageSize=100&sort=-count&filter.companyName=x'));
    expect(paths).toEqual(['/api/reports/linked?context=autotask&sort=-count&filter.companyName=x&format=csv']);
  });
});

describe('routes', () => {
  it('maps every stable URL to its screen', () => {
    expect(parseRoute('/')).toEqual({ screen: 'home' });
    expect(parseRoute('/reports/unlinked')).toEqual({ screen: 'report', report: 'unlinked' });
    expect(parseRoute('/reports')).toEqual({ screen: 'report', report: 'subscriptions' });
    expect(parseRoute('/configuration/ingram-micro')).toEqual({ screen: 'configuration', slug: 'ingram-micro' });
    expect(parseRoute('/billing/')).toEqual({ screen: 'billing' });
    expect(parseRoute('/reset')).toEqual({ screen: 'reset' });
    expect(parseRoute('/reports/other')).toEqual({ screen: 'notfound' });
  });

  it('only returns to same-site paths after login', () => {
    expect(safeNextRoute('/reports/linked?context=autotask')).toBe('/reports/linked?context=autotask');
    for (const bad of ['//evil.example', 'https://evil.example', '/\\evil.example', '', null, '/login?next=/x']) expect(safeNextRoute(bad)).toBe('/');
  });
});
