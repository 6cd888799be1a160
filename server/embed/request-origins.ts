/**
 * Hook for the origin check of state-changing requests (server/http/middleware.ts, ops-security):
 * which `Origin` values are this app's own. Embedded screens (panel iframe, Autotask Insight,
 * ConnectWise pod) call the API from the app's own origin, not from the host page's, so they pass a
 * same-origin check; the one addition is demo mode, where the stand-in host pages frame the app under
 * the other loopback name (127.0.0.1 <-> localhost, server/embed/demo-hosts/routes.ts).
 * The host pages' origins (tenants.frame_origins) never send API requests and must not be accepted.
 */
import type { Services } from '../services.js';

export function appRequestOrigins(services: Pick<Services, 'config'>): string[] {
  const own = new URL(services.config.publicUrl);
  const out = [own.origin];
  if (services.config.demoMode && (own.hostname === '127.0.0.1' || own.hostname === 'localhost')) {
    const other = new URL(own.href);
    other.hostname = own.hostname === 'localhost' ? '127.0.0.1' : 'localhost';
    out.push(other.origin);
  }
  return out;
}
