/**
 * HTTP face of the sandbox's test controls (ours, not Autotask's), below `<mount>/_control/`:
 *   POST faults                 body Fault (kind status|hang|malformed, status, body, path, method, phase, times)
 *   DELETE faults               clear queued faults;  POST release  answer every hung or held request
 *   GET held                    {held: n} requests waiting for a release
 *   POST units                  {contractServiceId, date, units}    hand edit (drift)
 *   POST contracts/{id}/extend  {endDate}
 *   GET adjustments             accepted adjustments, in order
 *   GET stats / DELETE stats    request counters
 *   POST threshold              {limit, timeframeMinutes?, spend?}
 *   POST zone/move              move the tenant to the next zone
 */
import type { Context } from 'hono';
import type { Fault, SandboxControls, Stats } from './controls.js';
import type { Json } from './rest.js';
import type { SandboxState } from './state.js';

interface Deps { controls: SandboxControls; stats: Stats; state: SandboxState; json: Json }

export async function controlRoutes(c: Context, segs: string[], d: Deps): Promise<Response> {
  const { controls, json } = d;
  const m = c.req.method;
  const body = async <T>() => (m === 'GET' || m === 'DELETE' ? ({} as T) : ((await c.req.json()) as T));
  const path = segs.join('/');
  if (path === 'faults' && m === 'POST') {
    const f = await body<Fault>();
    if (!['status', 'hang', 'malformed', 'hold'].includes(f.kind)) return json({ error: 'kind must be status, hang, malformed or hold' }, 400);
    controls.inject(f);
    return json({ ok: true });
  }
  if (path === 'faults' && m === 'DELETE') return controls.clearFaults(), json({ ok: true });
  if (path === 'release' && m === 'POST') return json({ released: controls.releaseHung() });
  if (path === 'held' && m === 'GET') return json({ held: controls.heldCount() });
  if (path === 'units' && m === 'POST') {
    const b = await body<{ contractServiceId: number; date: string; units: number }>();
    return json({ ok: controls.setUnits(Number(b.contractServiceId), String(b.date), Number(b.units)) });
  }
  if (segs[0] === 'contracts' && segs[2] === 'extend' && m === 'POST') {
    const b = await body<{ endDate: string }>();
    return json({ ok: controls.extendContract(Number(segs[1]), String(b.endDate).slice(0, 10)) });
  }
  if (segs[0] === 'contracts' && segs[2] === 'renew' && m === 'POST') {
    const b = await body<{ startDate?: string; endDate?: string }>();
    const out = controls.renewContract(Number(segs[1]), { startDate: b.startDate?.slice(0, 10), endDate: b.endDate?.slice(0, 10) });
    return 'error' in out ? json(out, 400) : json(out);
  }
  if (segs[0] === 'contracts' && segs[2] === 'approve-and-post' && m === 'POST') {
    const b = await body<{ through: string }>();
    return json({ posted: controls.approveAndPost(Number(segs[1]), String(b.through).slice(0, 10)) });
  }
  if (path === 'adjustments' && m === 'GET') return json({ adjustments: controls.adjustments() });
  if (path === 'stats' && m === 'GET') return json({ ...d.stats, usage: controls.usage() });
  if (path === 'stats' && m === 'DELETE') return controls.resetStats(), json({ ok: true });
  if (path === 'threshold' && m === 'POST') {
    const b = await body<{ limit: number; timeframeMinutes?: number; spend?: number }>();
    controls.setThreshold(Number(b.limit), b.timeframeMinutes);
    if (b.spend) controls.spend(Number(b.spend));
    return json({ ok: true, usage: controls.usage() });
  }
  if (path === 'zone/move' && m === 'POST') return json({ zone: controls.moveZone() });
  return json({ error: `no control ${m} ${path}` }, 404);
}
