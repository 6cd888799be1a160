// @vitest-environment happy-dom
/**
 * Views of issue 11 in happy-dom: the first sign-in's password change (the server answers
 * password_change_required, the screen asks for a new password and signs in with it), and the pod of
 * one contract (rows of both sides, Retry on a failure).
 */
import { html } from 'htm/preact';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ApiClient } from '../../../widgets/api.js';
import { PodView } from '../../../widgets/pod/view.js';
import { FAKE_ADMIN, button, byLabel, click, fakeSession, goTo, renderApp, renderView, setupScratch, teardown, text, type, waitFor } from './helpers.js';

const json = (status: number, body: unknown) => new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });

describe('first sign-in and pod views', () => {
  let scratch: HTMLElement;
  beforeEach(() => {
    scratch = setupScratch();
  });
  afterEach(() => teardown(scratch));

  it('asks a provisioned admin for a new password before signing in', async () => {
    const s = await fakeSession({}, false);
    const sent: { path: string; body: any }[] = [];
    // The fake answers everything but the two first-sign-in calls, which behave as the server does.
    const api = new ApiClient(async (input, init = {}) => {
      const body = init.body ? JSON.parse(String(init.body)) : undefined;
      if (input === '/api/auth/login' && body?.password === 'gateway-pass') {
        sent.push({ path: input, body });
        return json(403, { error: { code: 'password_change_required', message: 'Choose a new password before signing in for the first time', requestId: 'r' } });
      }
      if (input === '/api/auth/first-password') {
        sent.push({ path: input, body });
        // The server's answer is a sign-in: the fake's own login stands for it.
        return s.fake.fetch('/api/auth/login', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(FAKE_ADMIN) });
      }
      return s.fake.fetch(input, init);
    });
    goTo('/login');
    const router = await renderApp(scratch, api);
    await waitFor(() => byLabel(scratch, 'Password'));
    await type(byLabel(scratch, 'Username (e-mail)'), FAKE_ADMIN.email);
    await type(byLabel(scratch, 'Password'), 'gateway-pass');
    await click(button(scratch, 'Login'));
    await waitFor(() => expect(text(scratch.querySelector('h1'))).toBe('Choose your password'));
    await type(byLabel(scratch, 'New password'), 'my own password 1');
    await type(byLabel(scratch, 'New password again'), 'my own password 2');
    await click(button(scratch, 'Set password and sign in'));
    await waitFor(() => expect(text(scratch.querySelector('[role=alert]'))).toBe('The two new passwords differ'));
    await type(byLabel(scratch, 'New password again'), 'my own password 1');
    await click(button(scratch, 'Set password and sign in'));
    await waitFor(() => expect(router.current.path).toBe('/'));
    expect(sent.map((x) => x.path)).toEqual(['/api/auth/login', '/api/auth/first-password']);
    expect(sent[1]!.body).toEqual({ email: FAKE_ADMIN.email, password: 'gateway-pass', newPassword: 'my own password 1' });
  });

  it('shows one contract with both sides, and Retry posts to the failure', async () => {
    const s = await fakeSession();
    const pod = {
      contract: { psaContractId: 'C1', name: 'Venture Logistics - Cloud', subscriptions: [] },
      resources: [{ odinSubscriptionId: 'S1', subscriptionName: 'Office', odinResourceId: 'R1', name: 'Office 365 E3', marketplaceCount: 8, marketplacePrice: 22, psaServiceName: 'O365', psaUnits: 5, psaPrice: 22 }],
      adjustments: [{ id: 'A1', resourceName: 'Office 365 E3', unitChange: 3, effectiveDate: '2026-03-15', estimatedAmount: 36.19, status: 'failed' }],
      failures: [{ id: 'A1', resourceName: 'Office 365 E3', unitChange: 3, effectiveDate: '2026-03-15', estimatedAmount: 36.19, status: 'failed', lastError: 'EffectiveDate must be between the start date and end date', attempts: 2, nextAttemptAt: null }],
      drift: [],
    };
    const calls: string[] = [];
    s.api.request = (async (method: string, path: string) => {
      calls.push(`${method} ${path}`);
      return method === 'GET' ? pod : { retrying: true };
    }) as never;
    s.api.get = ((path: string) => s.api.request('GET', path)) as never;
    await renderView(scratch, html`<${PodView} contractId="C1" />`, s);
    await waitFor(() => expect(text(scratch.querySelector('h1'))).toBe('Venture Logistics - Cloud'));
    const cells = [...scratch.querySelectorAll('#pod-linked ~ table tbody tr td, section:first-of-type tbody td')].map((c) => text(c));
    expect(cells.slice(0, 5)).toEqual(['8', '$22.00', '5', '$22.00', '+3 to post']);
    expect(text(scratch)).toContain('EffectiveDate must be between the start date and end date');
    await click(button(scratch, 'Retry'));
    await waitFor(() => expect(calls).toContain('POST /api/pod/failures/A1/retry'));
  });
});
