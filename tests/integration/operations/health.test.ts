/** /healthz answers at once (alive); /readyz answers 503 until every start-up step is done and while stopping. */
import { describe, expect, it } from 'vitest';
import { createApp } from '../../../server/app.js';
import { createReadiness } from '../../../server/http/health.js';
import { createTestServices } from '../../helpers/services.js';

describe('health and readiness', () => {
  it('is alive at once, ready only after the demo seed, and unready again when stopping', async () => {
    const { services } = await createTestServices();
    const readiness = createReadiness(['demo seed']);
    const app = createApp(services, { readiness });

    const alive = await app.request('/healthz');
    expect(alive.status).toBe(200);
    expect(await alive.json()).toMatchObject({ status: 'ok', database: { dialect: 'sqlite' } });

    const starting = await app.request('/readyz', { headers: { 'x-request-id': 'ready-check-01' } });
    expect(starting.status).toBe(503);
    expect(starting.headers.get('retry-after')).toBe('1');
    expect(await starting.json()).toMatchObject({ error: { code: 'not_ready', message: 'Starting: waiting for demo seed', requestId: 'ready-check-01' }, waitingFor: ['demo seed'] });

    readiness.done('demo seed');
    const ready = await app.request('/readyz');
    expect(ready.status).toBe(200);
    expect(await ready.json()).toMatchObject({ status: 'ready', database: { dialect: 'sqlite' } });

    readiness.stop();
    const stopping = await app.request('/readyz');
    expect(stopping.status).toBe(503);
    expect(await stopping.json()).toMatchObject({ waitingFor: ['shutdown'] });
    expect((await app.request('/healthz')).status).toBe(200);
  });

  it('is ready at once for a host without start-up steps', async () => {
    const { services } = await createTestServices();
    expect((await createApp(services).request('/readyz')).status).toBe(200);
  });
});
