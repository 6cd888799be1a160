// @vitest-environment happy-dom
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { html } from 'htm/preact';
import { ConfigurationView } from '../../../widgets/configuration/view.js';
import { button, byLabel, click, fakeSession, goTo, renderView, setupScratch, teardown, text, type, waitFor } from './helpers.js';

describe('configuration screens', () => {
  let scratch: HTMLElement;
  beforeEach(() => {
    scratch = setupScratch();
  });
  afterEach(() => teardown(scratch));

  it('masks secrets: never pre-filled, shown as set / not set, and kept when left empty', async () => {
    const s = await fakeSession();
    goTo('/configuration/ingram-micro');
    await renderView(scratch, html`<${ConfigurationView} slug="ingram-micro" />`, s);
    await waitFor(() => byLabel(scratch, 'API base URL'));
    expect(byLabel<HTMLInputElement>(scratch, 'API base URL').value).toBe('https://api.ingrammicro.com:443');
    const pw = scratch.querySelector<HTMLInputElement>('#f-marketplace-password')!;
    expect(pw.type).toBe('password');
    expect(pw.value).toBe('');
    expect(text(pw.closest('.field')!.querySelector('label'))).toBe('API password set');
    expect(text(scratch.querySelector('.licence'))).toContain('IDS-****-****-7F3A');
    await type(byLabel(scratch, 'Marketplace code'), 'uk');
    await click(button(scratch, 'Save'));
    await waitFor(() => expect(text(scratch.querySelector('.status-ok'))).toBe('Saved.'));
    const put = s.calls.find((c) => c.method === 'PUT')!;
    expect(JSON.parse(put.body!)).toEqual({ baseUrl: 'https://api.ingrammicro.com:443', marketplace: 'uk' });
    expect(put.headers['x-csrf-token']).toBe(s.api.csrfToken);
  });

  it('Test Credentials shows the exact reason and the vendor message when it fails', async () => {
    const s = await fakeSession();
    goTo('/configuration/autotask');
    await renderView(scratch, html`<${ConfigurationView} slug="autotask" />`, s);
    await waitFor(() => byLabel(scratch, 'Secret'));
    expect(text(scratch.querySelector('#f-autotask-secret')!.closest('.field')!.querySelector('label'))).toBe('Secret not set');
    await click(button(scratch, 'Test Credentials'));
    await waitFor(() => expect(scratch.querySelector('[role=alert]')).not.toBeNull());
    const alert = scratch.querySelector('[role=alert]')!;
    expect(text(alert.querySelector('strong'))).toBe('No Autotask zone for this API user');
    expect(text(alert.querySelector('code'))).toBe('zone_not_found');
    expect(text(alert.querySelector('.vendor-message'))).toBe('Autotask zoneInformation: no zone for user ""');
    await type(byLabel(scratch, 'API user (username@domain)'), 'api@northwind.example');
    await type(byLabel(scratch, 'Secret'), 'wrong');
    await click(button(scratch, 'Test Credentials'));
    await waitFor(() => expect(text(scratch.querySelector('[role=alert]'))).toContain('bad_credentialsHTTP 401: Unauthorized.'));
    const test = s.calls.filter((c) => c.path === '/api/connections/autotask/test').at(-1)!;
    expect(JSON.parse(test.body!)).toEqual({ apiUser: 'api@northwind.example', secret: 'wrong', transport: 'rest' });
    await type(byLabel(scratch, 'Secret'), 'right');
    await click(button(scratch, 'Test Credentials'));
    await waitFor(() => expect(text(scratch.querySelector('.status-ok'))).toBe('Credentials work. Signed in; 12 accounts visible'));
  });

  it('ConnectWise offers how a change posts: replace (the default) or a +n/-n addition, and saves the choice', async () => {
    const s = await fakeSession();
    goTo('/configuration/connectwise');
    await renderView(scratch, html`<${ConfigurationView} slug="connectwise" />`, s);
    await waitFor(() => byLabel(scratch, 'Site'));
    const style = byLabel<HTMLSelectElement>(scratch, 'How a count change posts');
    expect([...style.options].map((o) => o.value)).toEqual(['replace', 'delta']);
    expect(style.value).toBe('replace');
    await type(style, 'delta', 'change');
    for (const [label, v] of [['Site', 'na.myconnectwise.net'], ['Company ID', 'acme'], ['Client ID', 'c']]) await type(byLabel(scratch, label!), v!);
    await click(button(scratch, 'Save'));
    await waitFor(() => expect(s.calls.some((c) => c.method === 'PUT')).toBe(true));
    expect(JSON.parse(s.calls.find((c) => c.method === 'PUT')!.body!)).toMatchObject({ additionStyle: 'delta' });
  });

  it('a viewer sees the settings read-only', async () => {
    const s = await fakeSession({ role: 'viewer' });
    goTo('/configuration/connectwise');
    await renderView(scratch, html`<${ConfigurationView} slug="connectwise" />`, s);
    await waitFor(() => byLabel(scratch, 'Site'));
    expect(byLabel<HTMLInputElement>(scratch, 'Site').disabled).toBe(true);
    expect([...scratch.querySelectorAll('button')].length).toBe(0);
    expect(text(scratch)).toContain('Only an administrator can change these settings.');
  });
});
