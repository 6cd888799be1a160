/**
 * Launch tokens: how a user arrives from the ODIN / CloudBlue control panel (issue 11 §3).
 *
 * The APS controller forwards the panel's "Launch" to our APS endpoint over its authenticated channel
 * (server/embed/aps-*.ts); the endpoint resolves tenant and user and signs a short-lived JWT with our
 * key. The browser only ever carries that token to `GET /launch?token=...`, which verifies it here and
 * opens a session. Research: ../shared/research/marketplace.md §3 "Trusted identity to our backend"
 * (steps 1-5: exp <= 60 s, jti, no long-lived gateway password in the UI).
 *
 * Rules (each refused case opens no session and writes no row):
 *  - only HS256 is accepted (allow-list: `alg: none` and every other algorithm are refused by jose);
 *  - our key (HKDF of SECRETS_KEY, purpose "launch-sign"); issuer and audience are ours;
 *  - `exp` at most 60 s after `iat`, checked on top of jose's own expiry check;
 *  - `jti` single use: kept in used_launch_tokens until it expires, a second arrival is a replay;
 *  - gateway credentials, when present, are a compact JWE (dir + A256GCM, key "launch-encrypt") inside
 *    the signed token, so they are neither readable in the URL nor forgeable.
 * jose docs: https://github.com/panva/jose/blob/main/docs/jwt/verify/functions/jwtVerify.md
 */
import { lt } from 'drizzle-orm';
import { compactDecrypt, CompactEncrypt, jwtVerify, SignJWT, errors as joseErrors } from 'jose';
import { z } from 'zod';
import { parseRoute } from '../../widgets/shell/routes.js';
import type { Services } from '../services.js';
import { randomToken } from './crypto.js';

export const LAUNCH_ALGORITHM = 'HS256';
export const LAUNCH_ISSUER = 'idsync-cloud-billing';
export const LAUNCH_MAX_AGE_SECONDS = 60;

/** Marketplace API credentials the panel's context resource holds for this customer. */
export const GatewayCredentials = z.strictObject({
  apiUser: z.string().min(1).max(255),
  password: z.string().min(1).max(1024),
  baseUrl: z.string().url().max(500).optional(),
  marketplace: z.string().min(1).max(64).optional(),
  subscriptionKey: z.string().min(1).max(255).optional(),
});
export type GatewayCredentials = z.infer<typeof GatewayCredentials>;

export interface LaunchContext {
  tenantId: string;
  userId: string;
  /** Where the user lands: a screen path of the app (/, /billing, /pod/contract/{id}). */
  screen: string;
  gateway?: GatewayCredentials;
}

export interface VerifiedLaunch extends LaunchContext {
  jti: string;
  expiresAt: Date;
}

/** The audience is this server's /launch URL: a token minted for another deployment is refused. */
export const launchAudience = (publicUrl: string) => `${publicUrl.replace(/\/$/, '')}/launch`;

/** Screens a launch may land on: any screen the app knows, or a pod; never another origin. */
export function isLaunchScreen(screen: string): boolean {
  if (!screen.startsWith('/') || screen.startsWith('//') || screen.includes('\\')) return false;
  const path = screen.split(/[?#]/)[0]!;
  const route = parseRoute(path);
  return route.screen !== 'notfound' && !['login', 'forgot', 'reset', 'cwpod'].includes(route.screen);
}

async function keys(services: Services) {
  const derive = services.secrets.deriveKey;
  if (!derive) throw new Error('the secrets box cannot derive launch keys');
  return { sign: await derive.call(services.secrets, 'launch-sign'), encrypt: await derive.call(services.secrets, 'launch-encrypt') };
}

/** Sign a launch token for one user of one tenant; `ttlSeconds` is capped at 60. */
export async function issueLaunchToken(services: Services, ctx: LaunchContext, ttlSeconds = LAUNCH_MAX_AGE_SECONDS): Promise<string> {
  if (!isLaunchScreen(ctx.screen)) throw new Error(`not a launch screen: ${ctx.screen}`);
  const k = await keys(services);
  const now = Math.floor(services.clock.now().getTime() / 1000);
  const claims: Record<string, unknown> = { tid: ctx.tenantId, scr: ctx.screen };
  if (ctx.gateway) {
    const plain = new TextEncoder().encode(JSON.stringify(GatewayCredentials.parse(ctx.gateway)));
    claims.gw = await new CompactEncrypt(plain).setProtectedHeader({ alg: 'dir', enc: 'A256GCM' }).encrypt(k.encrypt);
  }
  return new SignJWT(claims)
    .setProtectedHeader({ alg: LAUNCH_ALGORITHM, typ: 'JWT' })
    .setIssuer(LAUNCH_ISSUER)
    .setAudience(launchAudience(services.config.publicUrl))
    .setSubject(ctx.userId)
    .setJti(randomToken(18))
    .setIssuedAt(now)
    .setExpirationTime(now + Math.min(ttlSeconds, LAUNCH_MAX_AGE_SECONDS))
    .sign(k.sign);
}

export class LaunchRefused extends Error {
  constructor(readonly reason: 'invalid' | 'expired' | 'replayed', message: string) {
    super(message);
  }
}

const Claims = z.object({
  sub: z.string().min(1).max(64),
  tid: z.string().min(1).max(64),
  scr: z.string().max(300).refine(isLaunchScreen, 'is not a screen of this app'),
  jti: z.string().min(16).max(64),
  iat: z.number().int(),
  exp: z.number().int(),
  gw: z.string().max(4096).optional(),
});

/**
 * Verify signature, algorithm, issuer, audience, expiry and lifetime, and decrypt the gateway part.
 * Pure with respect to the database: the caller consumes the jti (consumeLaunchJti) before acting.
 */
export async function verifyLaunchToken(services: Services, token: string): Promise<VerifiedLaunch> {
  const k = await keys(services);
  let payload: unknown;
  try {
    ({ payload } = await jwtVerify(token, k.sign, {
      algorithms: [LAUNCH_ALGORITHM],
      issuer: LAUNCH_ISSUER,
      audience: launchAudience(services.config.publicUrl),
      currentDate: services.clock.now(),
      requiredClaims: ['jti', 'iat', 'exp', 'sub'],
      maxTokenAge: LAUNCH_MAX_AGE_SECONDS,
    }));
  } catch (err) {
    if (err instanceof joseErrors.JWTExpired) throw new LaunchRefused('expired', 'This launch link has expired: launch again from the control panel');
    throw new LaunchRefused('invalid', 'This launch link is not valid: launch again from the control panel');
  }
  const claims = Claims.safeParse(payload);
  if (!claims.success || claims.data.exp - claims.data.iat > LAUNCH_MAX_AGE_SECONDS || claims.data.exp <= claims.data.iat) {
    throw new LaunchRefused('invalid', 'This launch link is not valid: launch again from the control panel');
  }
  const c = claims.data;
  let gateway: GatewayCredentials | undefined;
  if (c.gw) {
    try {
      const { plaintext } = await compactDecrypt(c.gw, k.encrypt, { keyManagementAlgorithms: ['dir'], contentEncryptionAlgorithms: ['A256GCM'] });
      gateway = GatewayCredentials.parse(JSON.parse(new TextDecoder().decode(plaintext)));
    } catch {
      throw new LaunchRefused('invalid', 'This launch link carries an unreadable gateway context');
    }
  }
  return { tenantId: c.tid, userId: c.sub, screen: c.scr, gateway, jti: c.jti, expiresAt: new Date(c.exp * 1000) };
}

/** Mark the jti used; false when it already was (a replay). The row lives until the token's expiry. */
export async function consumeLaunchJti(services: Services, jti: string, expiresAt: Date): Promise<boolean> {
  const { store, clock } = services;
  // Expired jtis can never verify again: drop them so the table stays as small as one minute of launches.
  await store.db.delete(store.t.usedLaunchTokens).where(lt(store.t.usedLaunchTokens.expiresAt, clock.now().toISOString()));
  return store.insertIfAbsent(store.t.usedLaunchTokens, { jti, expiresAt: expiresAt.toISOString() }, [store.t.usedLaunchTokens.jti]);
}
