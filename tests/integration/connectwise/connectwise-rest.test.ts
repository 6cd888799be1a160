/**
 * Proof that the sandbox speaks ConnectWise: the npm client `connectwise-rest` (which nobody here wrote)
 * authenticates, pages agreements and additions, creates and patches an addition against it.
 *
 * That client only builds `https://{companyUrl}/{entryPoint}/apis/3.0` (src/Manage.ts), so the sandbox is
 * served over TLS with a self-signed certificate for 127.0.0.1. The client has no agent option, but each
 * of its API objects (the ManageAPI itself and CompanyAPI, FinanceAPI, SystemAPI...) keeps its own axios
 * instance in the property `instance` (src/Manage.ts `this.instance = axios.create(...)`); the certificate
 * is trusted by setting `instance.defaults.httpsAgent` on those objects only: nothing global changes.
 */
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { ManageAPI } from 'connectwise-rest';
import { Hono } from 'hono';
import { generate } from 'selfsigned';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createConnectWiseSandbox, demoConnectWiseData } from '../../../server/sandboxes/connectwise/index.js';
import { clock } from './harness.js';
import { recorded, SpecChecker } from './spec-check.js';

const sandbox = createConnectWiseSandbox({ data: demoConnectWiseData(clock.now()), clock });
const { app, log } = recorded(sandbox.app as Hono, '');
let server: ReturnType<typeof serve>;
let companyUrl = '';
let ca = '';

type WithAxios = { instance: { defaults: { httpsAgent?: unknown } } };
function manage(opts: { trust: boolean; privateKey?: string }) {
  const cwm = new ManageAPI({
    companyId: 'demo',
    companyUrl,
    publicKey: 'demo-public',
    privateKey: opts.privateKey ?? 'demo-private',
    clientId: 'demo-client',
    entryPoint: 'v4_6_release',
    logger: () => {},
  });
  if (opts.trust) {
    const agent = new https.Agent({ ca });
    for (const api of [cwm, cwm.CompanyAPI, cwm.FinanceAPI, cwm.SystemAPI, cwm.ProcurementAPI]) {
      (api as unknown as WithAxios).instance.defaults.httpsAgent = agent;
    }
  }
  return cwm;
}

beforeAll(async () => {
  const pems = await generate([{ name: 'commonName', value: '127.0.0.1' }], {
    keySize: 2048,
    extensions: [{ name: 'subjectAltName', altNames: [{ type: 7, ip: '127.0.0.1' }] }],
  });
  ca = pems.cert;
  server = await new Promise((ok) => {
    const s = serve(
      { fetch: app.fetch, port: 0, hostname: '127.0.0.1', createServer: https.createServer, serverOptions: { key: pems.private, cert: pems.cert } },
      () => ok(s),
    );
  });
  companyUrl = `127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await new Promise<void>((ok) => server.close(() => ok()));
});

describe('connectwise-rest against the sandbox over TLS', () => {
  it('is refused by TLS without the trusted certificate (the trust is per client, not global)', async () => {
    const untrusted = manage({ trust: false });
    await expect(untrusted.SystemAPI.getSystemInfo()).rejects.toMatchObject({ message: expect.stringMatching(/self[- ]signed|certificate/i) });
  });

  it('authenticates, and a wrong key gets the Unauthorized body', async () => {
    const cwm = manage({ trust: true });
    expect(await cwm.SystemAPI.getSystemInfo()).toMatchObject({ version: expect.stringMatching(/^v20/) });
    await expect(manage({ trust: true, privateKey: 'wrong' }).SystemAPI.getSystemInfo()).rejects.toMatchObject({ status: 401, data: { code: 'Unauthorized' } });
  });

  it('pages agreements and additions with its paginate helper', async () => {
    const cwm = manage({ trust: true });
    const before = sandbox.stats.count('GET /finance/agreements');
    const agreements = (await cwm.paginate(cwm.FinanceAPI.getFinanceAgreements, { startPage: 1, pageSize: 4 }, {})) as { id: number }[];
    expect(agreements.length).toBe(sandbox.state.agreements.size);
    expect(new Set(agreements.map((a) => a.id)).size).toBe(agreements.length);
    expect(sandbox.stats.count('GET /finance/agreements') - before).toBe(Math.ceil(agreements.length / 4) + (agreements.length % 4 === 0 ? 1 : 0));

    const cancelled = (await cwm.FinanceAPI.getFinanceAgreements({ conditions: 'company/id=250 and cancelledFlag=true' })) as { id: number }[];
    expect(cancelled.map((a) => a.id)).toEqual([1001]);

    const additions = (await cwm.paginate(cwm.FinanceAPI.getFinanceAgreementsByParentIdAdditions, { pageSize: 1 }, 1000 as never, {})) as { agreementId: number }[];
    expect(additions.length).toBe(sandbox.state.additionsOf(1000).length);
    expect(additions.every((a) => a.agreementId === 1000)).toBe(true);
  });

  it('creates an addition and patches its quantity', async () => {
    const cwm = manage({ trust: true });
    const created = await cwm.FinanceAPI.postFinanceAgreementsByParentIdAdditions(1000, {
      product: { identifier: 'OFFICE-365-BUSINESS-PREMIUM-MONTHLY' },
      quantity: 4,
      billCustomer: 'Billable',
      effectiveDate: '2026-11-24T00:00:00Z',
    });
    expect(created).toMatchObject({ quantity: 4, unitPrice: 22, agreementId: 1000, product: { id: 102 } });
    expect(sandbox.controls.createdAdditions().map((c) => c.id)).toEqual([created.id]);

    // Its generated types say `value` is an object (like the spec's PatchOperation); ConnectWise takes the scalar.
    const patched = await cwm.FinanceAPI.patchFinanceAgreementsByParentIdAdditionsById(created.id!, 1000, [{ op: 'replace', path: 'quantity', value: 6 as never }]);
    expect(patched.quantity).toBe(6);
    expect(sandbox.state.additions.get(created.id!)?.quantity).toBe(6);

    await expect(cwm.FinanceAPI.postFinanceAgreementsByParentIdAdditions(1000, { quantity: 1 } as never)).rejects.toMatchObject({
      status: 400,
      data: { code: 'InvalidObject', errors: expect.arrayContaining([expect.objectContaining({ field: 'product', code: 'NullValue' })]) },
    });
  });

  it('everything it exchanged conforms to the spec subset (bar its own deliberately invalid post)', () => {
    const checker = new SpecChecker();
    if (!checker.available) {
      console.log(`[connectwise spec check] skipped: ${checker.reason}`);
      return;
    }
    const valid = log.filter((x) => !(x.requestBody && !x.requestBody.includes('product')));
    expect(checker.problems(valid)).toEqual([]);
  });
});
