/**
 * Autotask sandbox: a Hono app speaking Autotask REST v1.0 (and ATWS 1.6 SOAP) over an in-memory tenant.
 * Mount it anywhere (`/sandbox/autotask` in demo mode); every URL it returns is built from the request.
 *   discovery:  <mount>/atservicesrest/            (AutotaskConnection.discoveryUrl)
 *   zone (REST): <mount>/zone-N/ATServicesRest/     (what zoneInformation.url says; moves with controls.moveZone)
 *   zone (SOAP): <mount>/zone-N/ATServices/1.6/atws.asmx   (WSDL at ?wsdl)
 *   controls:   <mount>/_control/...               (see control-routes.ts)
 */
import { Hono, type Context } from 'hono';
import { createControls, type Fault } from './controls.js';
import { DEMO_CREDENTIALS } from './demo.js';
import { controlRoutes } from './control-routes.js';
import { errors, handleV1, type Json } from './rest.js';
import { handleSoap } from './soap.js';
import { createState, type SandboxData } from './state.js';

export interface SandboxCredential {
  userName: string;
  secret: string;
  integrationCode: string;
  /** Entities (REST path names, any case) this API user may not read or write: they answer 403. */
  deny?: string[];
}

export interface Exchange { method: string; path: string; requestBody: string | null; status: number; responseBody: string }

export interface SandboxOptions {
  data: SandboxData;
  credentials?: SandboxCredential[];
  clock?: { now(): Date };
  /** Delay past half the threshold, as Autotask adds ~0.5-1 s (research 1.8); 0 (default) in tests. */
  latencyPastHalfMs?: number;
  /** Sees every API exchange (tests validate them against the Swagger). */
  observe?: (ex: Exchange) => void;
}

export { DEMO_CREDENTIALS, demoAutotaskConnection, demoAutotaskData, largeAutotaskData } from './demo.js';

export function createAutotaskSandbox(opts: SandboxOptions) {
  const clock = opts.clock ?? { now: () => new Date() };
  const credentials = opts.credentials ?? [{ ...DEMO_CREDENTIALS }];
  const state = createState(opts.data);
  const { controls, stats, threshold } = createControls(state, clock);
  const app = new Hono();

  const json: Json = (body, status = 200, headers = {}) =>
    new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json; charset=utf-8', ...headers } });

  app.all('*', async (c: Context) => {
    const url = new URL(c.req.url);
    const segs = url.pathname.split('/').filter(Boolean).map(decodeURIComponent);
    const lower = segs.map((s) => s.toLowerCase());
    const ctl = lower.indexOf('_control');
    if (ctl >= 0) return controlRoutes(c, lower.slice(ctl + 1), { controls, stats, state, json });
    const ri = lower.findIndex((s) => s === 'atservicesrest' || s === 'atservices');
    if (ri < 0) return errors(json, 404, 'Not an Autotask API path.');
    const zoneSeg = ri > 0 && /^zone-\d+$/.test(lower[ri - 1]!) ? lower[ri - 1]! : null;
    const root = `${url.origin}/${segs.slice(0, zoneSeg ? ri - 1 : ri).join('/')}`.replace(/\/$/, '');
    const zoneBase = `${root}/${controls.zoneName()}/ATServicesRest/`;
    const rest = lower.slice(ri + 1);
    const route = `${c.req.method} ${rest.map((s) => (/^\d+$/.test(s) ? '{id}' : s)).join('/')}`;
    stats.requests += 1;
    stats.byRoute[route] = (stats.byRoute[route] ?? 0) + 1;
    const requestBody = opts.observe && c.req.method !== 'GET' ? await c.req.raw.clone().text() : null;
    const res = await answer();
    if (opts.observe) opts.observe({ method: c.req.method, path: url.pathname + url.search, requestBody, status: res.status, responseBody: await res.clone().text() });
    return res;

    async function answer(): Promise<Response> {
      if (lower[ri] === 'atservices') {
        const f = c.req.method === 'POST' ? controls.takeFault(c.req.method, url.pathname, 'before') : undefined;
        if (f) return fail(f);
        return handleSoap(c, { state, controls, credentials, clock, zoneSeg, zoneUrl: `${root}/${controls.zoneName()}/ATServices/1.6/atws.asmx`, threshold, json });
      }
      if (rest[0] === 'versioninformation') return json({ apiVersions: ['1.0'] });
      if (rest[0] === 'v1.0' && rest[1] === 'zoneinformation') {
        // Zone discovery needs no auth headers (research 1.1).
        const user = (c.req.query('user') ?? '').toLowerCase();
        if (!credentials.some((k) => k.userName.toLowerCase() === user)) {
          return errors(json, 404, `Zone information could not be determined for user '${c.req.query('user') ?? ''}'.`);
        }
        return json({ zoneName: `Sandbox ${controls.zoneName()}`, url: zoneBase, webUrl: `${root}/`, ci: 12345 });
      }
      const before = controls.takeFault(c.req.method, url.pathname, 'before');
      if (before?.kind === 'hold') await controls.hang();
      else if (before) return fail(before);
      const cred = credentials.find((k) => k.userName.toLowerCase() === (c.req.header('UserName') ?? '').toLowerCase());
      if (!cred || cred.secret !== c.req.header('Secret') || cred.integrationCode !== c.req.header('ApiIntegrationCode')) {
        return new Response(null, { status: 401 });
      }
      if (zoneSeg !== controls.zoneName()) {
        // Ours: the API user's database lives in another zone; Autotask's exact answer is not public.
        return errors(json, 401, 'The API user does not belong to this zone. Call zoneInformation for the zone URL.');
      }
      if (rest[0] !== 'v1.0') return errors(json, 404, 'Unknown API version.');
      const entity = rest[1] ?? '';
      if (cred.deny?.some((d) => d.toLowerCase() === entity || (entity === 'contracts' && rest[3] === 'serviceadjustments' && d.toLowerCase() === 'contractserviceadjustments'))) {
        return new Response(null, { status: 403 });
      }
      const used = controls.usage();
      if (used >= threshold.limit) {
        const wait = Math.ceil((threshold.stamps[0]! + threshold.timeframeMinutes * 60_000 - clock.now().getTime()) / 1000);
        return json({ errors: [`The request threshold of ${threshold.limit} requests per ${threshold.timeframeMinutes} minutes has been exceeded.`] }, 429,
          { 'Retry-After': String(Math.max(1, wait)) });
      }
      threshold.stamps.push(clock.now().getTime());
      if (opts.latencyPastHalfMs && used >= threshold.limit / 2) await new Promise((r) => setTimeout(r, opts.latencyPastHalfMs));
      if (entity === 'thresholdinformation') {
        return json({ externalRequestThreshold: threshold.limit, requestThresholdTimeframe: threshold.timeframeMinutes, currentTimeframeRequestCount: used + 1 });
      }
      const res = await handleV1({ c, json, state, zoneBase, now: clock.now() }, rest.slice(1), segs.slice(ri + 2))
        .catch((err: unknown) => errors(json, 500, `The request could not be processed: ${(err as Error).message}`));
      const after = controls.takeFault(c.req.method, url.pathname, 'after');
      return after ? fail(after) : res;
    }
  });

  async function fail(f: Fault): Promise<Response> {
    if (f.kind === 'hang') {
      await controls.hang();
      return errors(json, 503, 'Released by the test.');
    }
    if (f.kind === 'malformed') return new Response('{"items":[{"id":', { status: 200, headers: { 'content-type': 'application/json' } });
    const headers: Record<string, string> = { 'content-type': 'application/json; charset=utf-8' };
    if (f.retryAfter) headers['Retry-After'] = f.retryAfter;
    return new Response(f.body ?? JSON.stringify({ errors: [`Injected failure (HTTP ${f.status ?? 500}).`] }), { status: f.status ?? 500, headers });
  }

  return { app, state, controls, stats, threshold };
}

export type AutotaskSandbox = ReturnType<typeof createAutotaskSandbox>;
