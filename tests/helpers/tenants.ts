/** Two tenants, A and B, each with an admin and a viewer; and a signed-in HTTP helper around app.request. */
import type { Hono } from 'hono';
import { createTenant, createUser } from '../../server/tenants/repo.js';
import type { Services } from '../../server/services.js';

export const PASSWORD = 'correct horse battery';

export async function seedTwoTenants(services: Services) {
  const now = services.clock.now();
  const hash = await services.passwords.hash(PASSWORD);
  for (const id of ['A', 'B']) {
    await createTenant(services.store, { id: `tenant-${id}`, name: `MSP ${id}`, licenceCustomer: `MSP ${id} Inc`, licenceKey: `LIC-${id}-1234-5678`, timeZone: 'America/New_York', psaKind: 'autotask' }, now);
    await createUser(services.store, { id: `admin-${id}`, tenantId: `tenant-${id}`, email: `admin@${id.toLowerCase()}.example`, passwordHash: hash, role: 'admin' }, now);
    await createUser(services.store, { id: `viewer-${id}`, tenantId: `tenant-${id}`, email: `viewer@${id.toLowerCase()}.example`, passwordHash: hash, role: 'viewer' }, now);
  }
}

export interface Agent {
  cookie: string;
  csrf: string;
  request(method: string, path: string, body?: unknown, headers?: Record<string, string>): Promise<Response>;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function signIn(app: Hono<any>, email: string, password = PASSWORD): Promise<Agent> {
  const res = await app.request('/api/auth/login', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password }),
  });
  if (res.status !== 200) throw new Error(`sign-in of ${email} failed: ${res.status} ${await res.text()}`);
  const cookie = (res.headers.get('set-cookie') ?? '').split(';')[0]!;
  const { csrfToken } = (await res.json()) as { csrfToken: string };
  return {
    cookie,
    csrf: csrfToken,
    request: (method, path, body, headers = {}) =>
      Promise.resolve(
        app.request(path, {
          method,
          headers: {
            cookie,
            'x-csrf-token': csrfToken,
            ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
            ...headers,
          },
          body: body === undefined ? undefined : JSON.stringify(body),
        }),
      ),
  };
}
