// @vitest-environment happy-dom
/**
 * The UX1 panel view (manifests/odin-aps/ui/launch.js), loaded the way the APS JS SDK loads it (an AMD
 * module) with stand-ins for dojo's declare, aps/View and aps/xhr: it shows licence, customer, gateway
 * user and URL, never the password; Launch asks the controller for the context's launchToken and frames
 * the answer; nothing long-lived is kept in the page.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const source = readFileSync(path.resolve(__dirname, '../../../manifests/odin-aps/ui/launch.js'), 'utf8');

function loadView(xhr: (url: string, opts: unknown) => Promise<unknown>) {
  let factory: ((...deps: unknown[]) => Record<string, any>) | null = null;
  let deps: string[] = [];
  const define = (d: string[], f: typeof factory) => {
    deps = d;
    factory = f;
  };
  new Function('define', source)(define);
  expect(deps).toEqual(['dojo/_base/declare', 'aps/View', 'aps/xhr']);
  const declare = (_base: unknown, proto: Record<string, any>) => proto;
  return factory!(declare, class {}, xhr);
}

const CONTEXT = {
  aps: { id: 'ctx-1', type: 'http://idsync.example/aps/context/1.0' },
  customerName: 'Contoso Cloud',
  licenceKey: 'IDS-1234-5678-9ABC',
  gatewayUser: 'gw-contoso',
  gatewayUrl: 'https://api.cloud.im/marketplace',
  adminEmail: 'admin@contoso.example',
  gatewayPassword: 'never-shown',
};

describe('UX1 panel view', () => {
  it('shows licence, customer, gateway user and URL, and copies them without the password', () => {
    const view = loadView(async () => ({}));
    const values = view.panelFields(CONTEXT).map((f: { label: string; value: string }) => `${f.label}=${f.value}`);
    expect(values).toEqual([
      'Customer=Contoso Cloud',
      'Licence number=IDS-1234-5678-9ABC',
      'Gateway user=gw-contoso',
      'Gateway URL=https://api.cloud.im/marketplace',
      'Username (first sign-in)=admin@contoso.example',
    ]);
    expect(view.configText(CONTEXT)).not.toContain('never-shown');
  });

  it('Launch asks the controller for the launch token and frames the one-time URL', async () => {
    const asked: string[] = [];
    const view = loadView(async (url) => {
      asked.push(url);
      return { url: 'https://app.idsync.example/launch?token=abc', expiresIn: 60 };
    });
    const host = { domNode: document.createElement('div') };
    Object.assign(view, { ctx: CONTEXT, byId: () => host });
    await view.launchHere();
    expect(asked).toEqual(['/aps/2/resources/ctx-1/launchToken?screen=%2F']);
    const frame = host.domNode.querySelector('iframe')!;
    expect(frame.getAttribute('src')).toBe('https://app.idsync.example/launch?token=abc');
  });
});
