/**
 * A ConnectWise Manage sandbox: a Hono app (fetch-based, no node:http) that speaks the same REST API as
 * `https://{site}/v4_6_release/apis/3.0` for the parts the sync uses, holds state, counts requests and can
 * be told to fail. The product mounts `app` under `/sandbox/connectwise` in demo mode with `app.route()`
 * (which keeps the full URL, so Link headers and companyinfo's SiteUrl carry the prefix).
 *
 * Codebase: `GET /login/companyinfo/{company}` answers `Codebase: "v2025_1/"`; the API is served under both
 * `/v2025_1/apis/3.0` (what discovery leads to) and `/v4_6_release/apis/3.0` (the alias third-party
 * clients such as connectwise-rest hard-code). `SiteUrl` is the host and mount prefix of the request, e.g.
 * `127.0.0.1:8787/sandbox/connectwise`, so a client that puts "https://" + SiteUrl in front finds the API.
 */
import { Hono, type Context } from 'hono';
import { CW_TEXTS } from './vendor.js';
import { versionMiddleware } from './version.js';
import { authMiddleware, DEMO_CREDENTIALS, type SandboxCredentials } from './auth.js';
import { SandboxControls } from './controls.js';
import { mountMemberAuth } from './member-auth.js';
import { apiRoutes } from './routes.js';
import { SandboxState, type ConnectWiseData } from './state.js';
import { SandboxStats } from './stats.js';

export { DEMO_CREDENTIALS, type SandboxCredentials, type SandboxMember, type SandboxArea } from './auth.js';
export type { ConnectWiseData, CreatedAddition } from './state.js';
export { SandboxState } from './state.js';
export { SandboxControls, type FaultMatch } from './controls.js';
export { SandboxStats } from './stats.js';
export { demoConnectWiseData } from './demo-data.js';
export { largeConnectWiseData } from './large-data.js';

export const SANDBOX_CODEBASE = 'v2025_1';
const CODEBASES = [SANDBOX_CODEBASE, 'v4_6_release'];

export interface ConnectWiseSandboxOptions {
  data: ConnectWiseData;
  credentials?: SandboxCredentials;
  clock?: { now(): Date };
  /** Longest a "hang" fault holds a request (default 30 s). */
  hangLimitMs?: number;
  /** The version this server runs (companyinfo VersionCode, `api-current-version`); default 2025.1. */
  version?: string;
}

export interface ConnectWiseSandbox {
  app: Hono;
  state: SandboxState;
  controls: SandboxControls;
  stats: SandboxStats;
  credentials: SandboxCredentials;
}

/** The API path after `/apis/3.0` (or the companyinfo path), for fault matching, stats and areas. */
function apiPathOf(c: Context): string {
  const path = new URL(c.req.url).pathname;
  const i = path.indexOf('/apis/3.0');
  if (i >= 0) return path.slice(i + '/apis/3.0'.length) || '/';
  const j = path.indexOf('/login/companyinfo/');
  return j >= 0 ? path.slice(j) : path;
}

export function createConnectWiseSandbox(opts: ConnectWiseSandboxOptions): ConnectWiseSandbox {
  const state = new SandboxState(opts.data);
  if (opts.version) state.serverVersion = opts.version;
  const stats = new SandboxStats();
  const controls = new SandboxControls(state, stats, opts.hangLimitMs);
  // A copy: tests add API members to one sandbox's credentials without touching the shared demo ones.
  const credentials = opts.credentials ?? { ...DEMO_CREDENTIALS };
  const clock = opts.clock ?? { now: () => new Date() };
  const today = () => clock.now().toISOString().slice(0, 10);

  const app = new Hono();
  const counted = async (c: Context, next: () => Promise<void>) => {
    await next();
    stats.record(c.req.method, apiPathOf(c), c.res.status);
  };

  app.use('/login/companyinfo/*', counted, controls.middleware(apiPathOf));
  // Codebase discovery (research 1; ConnectWiseManageAPI reads `Codebase`). No authentication here.
  app.get('/login/companyinfo/:company', (c) => {
    if (c.req.param('company').toLowerCase() !== credentials.companyId.toLowerCase()) return c.text(CW_TEXTS.cannotRoute, 400);
    const url = new URL(c.req.url);
    const prefix = url.pathname.slice(0, url.pathname.indexOf('/login/companyinfo/'));
    return c.json({
      CompanyName: 'Demo MSP (ConnectWise sandbox)',
      Codebase: `${SANDBOX_CODEBASE}/`,
      VersionCode: `v${state.serverVersion}`,
      VersionNumber: 'v4.6.10431',
      CompanyID: credentials.companyId,
      IsCloud: true,
      SiteUrl: `${url.host}${prefix}`,
    });
  });

  // Hosted-pod member checks (cookie auth) answer before the Basic-auth middleware below.
  mountMemberAuth(app, CODEBASES, credentials);
  const api = apiRoutes({ state, today, now: () => clock.now() });
  for (const codebase of CODEBASES) {
    const base = `/${codebase}/apis/3.0`;
    app.use(`${base}/*`, counted, controls.middleware(apiPathOf), authMiddleware(() => credentials, apiPathOf), versionMiddleware(() => state.serverVersion), async (c, next) => {
      await next();
      if (state.omitLinkHeader) c.res.headers.delete('Link');
    });
    app.route(base, api);
  }
  app.route('/_control', controls.routes());
  return { app, state, controls, stats, credentials };
}
