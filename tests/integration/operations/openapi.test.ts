/**
 * GET /api/openapi.json is valid OpenAPI 3.1 and describes every registered /api route (walked from the
 * app's own route table), with request schemas generated from the validators; GET /api/docs is a page of it.
 */
import SwaggerParser from '@apidevtools/swagger-parser';
import { describe, expect, it } from 'vitest';
import { createApp } from '../../../server/app.js';
import { openApiPath } from '../../../server/http/openapi.js';
import { createTestServices } from '../../helpers/services.js';

type Doc = { openapi: string; paths: Record<string, Record<string, { requestBody?: { content: Record<string, { schema: Record<string, any> }> }; parameters: { name: string; in: string; required: boolean }[] }>> };

async function setup() {
  const { services } = await createTestServices();
  const app = createApp(services);
  const res = await app.request('/api/openapi.json');
  expect(res.status).toBe(200);
  return { app, doc: (await res.json()) as Doc };
}

describe('OpenAPI', () => {
  it('validates as OpenAPI 3.1', async () => {
    const { doc } = await setup();
    expect(doc.openapi).toBe('3.1.0');
    await SwaggerParser.validate(structuredClone(doc) as never);
  });

  it('has every registered /api route, and nothing that is not a route', async () => {
    const { app, doc } = await setup();
    const registered = new Set(
      app.routes.filter((r) => r.path.startsWith('/api/') && r.method !== 'ALL' && !r.path.endsWith('*')).map((r) => `${r.method.toLowerCase()} ${openApiPath(r.path)}`),
    );
    expect(registered.size).toBeGreaterThan(30);
    const documented = new Set(Object.entries(doc.paths).flatMap(([p, methods]) => Object.keys(methods).map((m) => `${m} ${p}`)));
    expect([...registered].filter((r) => !documented.has(r)), 'routes without an OpenAPI entry').toEqual([]);
    expect([...documented].filter((d) => !registered.has(d)), 'OpenAPI entries without a route').toEqual([]);
  });

  it('generates request schemas from the route validators', async () => {
    const { doc } = await setup();
    const login = doc.paths['/api/auth/login']!.post!.requestBody!.content['application/json']!.schema;
    expect(login).toMatchObject({ type: 'object', required: ['email', 'password'], additionalProperties: false });
    const contracts = doc.paths['/api/psa/contracts']!.get!.parameters;
    expect(contracts).toContainEqual(expect.objectContaining({ name: 'accountId', in: 'query', required: true }));
    expect(contracts).toContainEqual(expect.objectContaining({ name: 'refresh', in: 'query', required: false }));
    const resource = doc.paths['/api/mapping/resources/{odinSubscriptionId}/{odinResourceId}']!.put!;
    expect(resource.parameters.filter((p) => p.in === 'path').map((p) => p.name)).toEqual(['odinSubscriptionId', 'odinResourceId']);
    expect(resource.parameters).toContainEqual(expect.objectContaining({ name: 'X-CSRF-Token', in: 'header', required: true }));
    expect(resource.requestBody!.content['application/json']!.schema.properties).toHaveProperty('psaServiceId');
  });

  it('serves a browsable page without scripts', async () => {
    const { app } = await setup();
    const res = await app.request('/api/docs');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/html/);
    const html = await res.text();
    expect(html).toContain('/api/mapping/resources/{odinSubscriptionId}/{odinResourceId}');
    expect(html).toContain('href="/api/openapi.json"');
    expect(html).not.toMatch(/<script/i);
  });
});
