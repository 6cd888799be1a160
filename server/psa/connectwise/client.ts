/**
 * ConnectWise behind `PsaClient`: companies are accounts, agreements are contracts, products on an
 * agreement (its additions) are services. A change is posted as a new addition of `unitChange` units with
 * its own `effectiveDate`, the way the guide's Adjustments log shows "additional line items for each time
 * a change is detected"; the units on a date are the sum of the live additions (units.ts).
 * Docs: https://developer.connectwise.com/Products/ConnectWise_PSA/REST (Finance / Agreement Additions).
 */
import pLimit from 'p-limit';
import { ConnectorError, isConnectorError } from '../../connector-error.js';
import type { AdjustmentPost, CredentialCheck, IsoDate, PostOutcome, PsaAccount, PsaClient, PsaContract, ServiceTarget, ConnectWiseConnection, UnitsReading } from '../types.js';
import { and, condition, dateTime, or } from './conditions.js';
import { testConnectWiseCredentials } from './credentials.js';
import { CONNECTWISE, toCwDate } from './facts.js';
import { CwHttp, type CwHttpOptions } from './http.js';
import { choosePrice } from './pricing.js';
import { agreementRefusal, isMidPeriod, prorationRefusal } from './proration.js';
import { markerOf, pendingSteps, planReplace, type ReplaceStep } from './replace.js';
import { findForeignEdit, markedDescription, type OurLines } from '../../domain/ownership.js';
import { lineFacts } from './ownership.js';
import { preparedReadsFor, type PreparedReads } from './prepared-reads.js';
import { latestLine, unitsOn } from './units.js';
import { toAccount, toContract, toServices, type ConnectWiseService } from './lists.js';
import type { CwAddition, CwAgreement, CwCatalogItem, CwCompany } from './wire.js';

export interface ConnectWiseClientOptions extends CwHttpOptions {
  /** The product's clock (Services.clock); `now` wins when both are given. */
  clock?: { now(): Date };
  /** Agreements whose additions are read at once by listServices. */
  concurrency?: number;
  /** Where agreement and catalog reads are remembered; by default this company's shared cache. */
  preparedReads?: PreparedReads;
}

const ADDITION_FIELDS = 'id,product/id,product/identifier,quantity,unitPrice,unitCost,billCustomer,effectiveDate,cancelledDate,description,agreementId';
const additionsPath = (agreementId: string) => `/finance/agreements/${agreementNumber(agreementId)}/additions`;
const AGREEMENT_FIELDS =
  'id,name,company/id,company/name,startDate,endDate,noEndingDateFlag,cancelledFlag,billingCycle/name,invoicingCycle,billStartDate,prorateFlag,agreementStatus';
const CATALOG_FIELDS = 'id,identifier,description,customerDescription,price,cost,productClass,inactiveFlag';

const dayAfter = (d: IsoDate) => new Date(Date.parse(`${d}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);

export class ConnectWiseClient implements PsaClient {
  readonly kind = 'connectwise' as const;
  readonly http: CwHttp;
  private readonly now: () => Date;
  private readonly concurrency: number;
  /** Agreement and catalog reads made before posting, shared by this company's clients (prepared-reads.ts). */
  private readonly preparedReads: PreparedReads;

  constructor(
    private readonly conn: ConnectWiseConnection,
    private readonly options: ConnectWiseClientOptions = {},
  ) {
    const clock = options.clock;
    this.now = options.now ?? (clock ? () => clock.now() : () => new Date());
    this.http = new CwHttp(conn, { ...options, now: this.now });
    this.concurrency = options.concurrency ?? 4;
    this.preparedReads = options.preparedReads ?? preparedReadsFor(conn.site, conn.companyId);
  }

  private readOnce<T>(path: string, fields: string): Promise<T> {
    return this.preparedReads.read(`${path}?${fields}`, this.now().getTime(), () => this.http.get<T>(path, { fields }));
  }

  /** A write ConnectWise refused may have been refused for what we remembered: read both afresh next time. */
  private forgetFor(adj: Pick<AdjustmentPost, 'contractId' | 'serviceId'>, error: ConnectorError): void {
    if (error.outcomeUnknown || error.retry) return;
    this.preparedReads.forget(`/finance/agreements/${agreementNumber(adj.contractId)}?${AGREEMENT_FIELDS}`);
    this.preparedReads.forget(`/procurement/catalog/${productNumber(adj.serviceId)}?${CATALOG_FIELDS}`);
  }

  private today(): IsoDate {
    return this.now().toISOString().slice(0, 10);
  }

  testCredentials(): Promise<CredentialCheck> {
    return testConnectWiseCredentials(this.conn, this.options);
  }

  async listAccounts(): Promise<PsaAccount[]> {
    const rows = await this.http.list<CwCompany>('/company/companies', {
      conditions: condition('deletedFlag', '=', false),
      fields: 'id,identifier,name,status/name,deletedFlag',
    });
    return rows.map(toAccount);
  }

  async listContracts(opts: { accountId?: string; asOf?: IsoDate } = {}): Promise<PsaContract[]> {
    const asOf = opts.asOf ?? this.today();
    let conditions: string | undefined;
    if (opts.accountId !== undefined) {
      const id = Number(opts.accountId);
      if (!Number.isInteger(id)) return [];
      conditions = condition('company/id', '=', id);
    }
    const rows = await this.http.list<CwAgreement>('/finance/agreements', { conditions, fields: AGREEMENT_FIELDS });
    return rows.map((a) => toContract(a, asOf));
  }

  async listAdditions(agreementId: string, conditions?: string): Promise<CwAddition[]> {
    return this.http.list<CwAddition>(additionsPath(agreementId), { conditions, fields: ADDITION_FIELDS });
  }

  /** Products that can go on an agreement: active, and not bundles (bundles cannot be additions). */
  async listCatalog(): Promise<CwCatalogItem[]> {
    const rows = await this.http.list<CwCatalogItem>(
      '/procurement/catalog',
      { conditions: condition('inactiveFlag', '=', false), fields: CATALOG_FIELDS, orderBy: 'id asc' },
      CONNECTWISE.maxPageSize,
    );
    return rows.filter((p) => p.productClass !== 'Bundle');
  }

  async listServices(opts: { contractIds: string[]; asOf?: IsoDate }): Promise<ConnectWiseService[]> {
    const asOf = opts.asOf ?? this.today();
    if (opts.contractIds.length === 0) return [];
    const limit = pLimit(this.concurrency);
    const [catalog, perAgreement] = await Promise.all([
      this.listCatalog(),
      Promise.all(opts.contractIds.map((id) => limit(async () => ({ id, additions: await this.listAdditions(id) })))),
    ]);
    return perAgreement.flatMap(({ id, additions }) => toServices(id, additions, catalog, asOf));
  }

  async readUnits(target: ServiceTarget, onDate: IsoDate): Promise<number> {
    const productId = productNumber(target.serviceId);
    const live = and(
      condition('product/id', '=', productId),
      or(condition('effectiveDate', '=', null), condition('effectiveDate', '<', dateTime(dayAfter(onDate)))),
      or(condition('cancelledDate', '=', null), condition('cancelledDate', '>=', dateTime(onDate))),
    );
    const rows = await this.listAdditions(target.contractId, live);
    return unitsOn(rows, String(productId), onDate);
  }

  /** Units plus foreign edits (ownership.ts): every addition of the product with its `_info`, one list call. */
  async readUnitsAndEdits(target: ServiceTarget, onDate: IsoDate, mine: OurLines): Promise<UnitsReading> {
    const productId = productNumber(target.serviceId);
    const rows = await this.http.list<CwAddition>(additionsPath(target.contractId), { conditions: condition('product/id', '=', productId), fields: `${ADDITION_FIELDS},_info` });
    const foreignEdit = findForeignEdit(rows.map((a) => lineFacts(a, onDate)), mine);
    return { units: unitsOn(rows, String(productId), onDate), foreignEdit, unitsFrom: null, recordsWho: true };
  }

  /** Cancel an addition from a date on (PATCH, JSON-Patch-like); for cut-overs and tools, not the sync. */
  async cancelAddition(agreementId: string, additionId: number, lastDay: IsoDate): Promise<CwAddition> {
    return this.http.patch<CwAddition>(`/finance/agreements/${agreementNumber(agreementId)}/additions/${additionId}`, [
      { op: 'replace', path: 'cancelledDate', value: toCwDate(lastDay) },
    ]);
  }

  async postAdjustment(adj: AdjustmentPost): Promise<PostOutcome> {
    let body: CwAddition;
    try {
      body = await this.prepareAddition(adj);
    } catch (e) {
      // Nothing was written: every failure before the POST is a plain failure.
      return { status: 'failed', error: asConnectorError(e) };
    }
    if ((this.conn.additionStyle ?? 'delta') === 'replace') return this.postReplace(adj, body);
    try {
      const created = await this.http.post<CwAddition>(additionsPath(adj.contractId), body);
      const id = created && typeof created === 'object' ? created.id : undefined;
      return { status: 'posted', psaReference: id == null ? null : String(id) };
    } catch (e) {
      // Anything unexpected once the request may have left counts as "sent, outcome unknown".
      const error = asConnectorError(e, true);
      if (error.outcomeUnknown) return { status: 'unknown', error };
      this.forgetFor(adj, error);
      return { status: 'failed', error };
    }
  }

  /** Replace (replace.ts): the first write decides; after it, any failure leaves the rest to `finishPost`. */
  private async postReplace(adj: AdjustmentPost, body: CwAddition): Promise<PostOutcome> {
    let steps: ReplaceStep[] | null;
    try {
      const additions = await this.listAdditions(adj.contractId, condition('product/id', '=', productNumber(adj.serviceId)));
      steps = planReplace(additions, adj.effectiveDate, adj.unitChange, adj.adjustmentId, body.invoiceDescription ?? '', adj.owner);
    } catch (e) {
      return { status: 'failed', error: asConnectorError(e) };
    }
    if (!steps) {
      return { status: 'failed', error: new ConnectorError({ kind: 'config', system: 'connectwise', retry: false, message: `The ConnectWise agreement holds fewer units on ${adj.effectiveDate} than this change removes (${adj.unitChange}).` }) };
    }
    let reference: string | null = null;
    for (const [i, step] of steps.entries()) {
      try {
        const written = await this.writeStep(adj.contractId, step, body);
        if (i === 0) reference = written?.id == null ? null : String(written.id);
      } catch (e) {
        const error = asConnectorError(e, true);
        // After the first write landed, the change is in: what is left is finished before the outcome is read.
        this.forgetFor(adj, error);
        if (i > 0 || error.outcomeUnknown) return { status: 'unknown', error };
        return { status: 'failed', error };
      }
    }
    return { status: 'posted', psaReference: reference };
  }

  private writeStep(contractId: string, step: ReplaceStep, body: CwAddition): Promise<CwAddition> {
    if (step.kind === 'add') {
      return this.http.post<CwAddition>(additionsPath(contractId), { ...body, quantity: step.quantity, description: step.description, ...(step.until ? { cancelledDate: toCwDate(step.until) } : {}) });
    }
    return this.http.patch<CwAddition>(`${additionsPath(contractId)}/${step.additionId}`, step.ops);
  }

  /** Completes a replace whose first write landed (the edits and cancels it still owes); writes nothing otherwise. */
  async finishPost(adj: Pick<AdjustmentPost, 'contractId' | 'serviceId' | 'effectiveDate' | 'adjustmentId' | 'unitChange'>): Promise<void> {
    if ((this.conn.additionStyle ?? 'delta') !== 'replace') return;
    const additions = await this.listAdditions(adj.contractId, condition('product/id', '=', productNumber(adj.serviceId)));
    for (const step of pendingSteps(additions, adj.effectiveDate, adj.unitChange, adj.adjustmentId)) {
      await this.http.patch<CwAddition>(`${additionsPath(adj.contractId)}/${step.additionId}`, step.ops);
    }
  }

  /** Reads and checks that come before the write: agreement, proration, price. */
  private async prepareAddition(adj: AdjustmentPost): Promise<CwAddition> {
    if (!Number.isFinite(adj.unitChange) || adj.unitChange === 0) {
      throw new ConnectorError({ kind: 'config', system: 'connectwise', retry: false, message: `Nothing to post: unit change ${adj.unitChange}` });
    }
    const agreementId = agreementNumber(adj.contractId);
    const productId = productNumber(adj.serviceId);
    const agreementPath = `/finance/agreements/${agreementId}`;
    const refusalOf = (a: CwAgreement) => agreementRefusal(a, adj.effectiveDate) ?? prorationRefusal(a, adj.effectiveDate);
    let agreement = await this.readOnce<CwAgreement>(agreementPath, AGREEMENT_FIELDS);
    if (refusalOf(agreement)) {
      // Never refuse on a remembered read: the user may have just turned proration on. Read afresh.
      this.preparedReads.forget(`${agreementPath}?${AGREEMENT_FIELDS}`);
      agreement = await this.readOnce<CwAgreement>(agreementPath, AGREEMENT_FIELDS);
      const refusal = refusalOf(agreement);
      if (refusal) {
        this.preparedReads.forget(`${agreementPath}?${AGREEMENT_FIELDS}`);
        throw refusal;
      }
    }
    const source = adj.priceSource ?? (adj.unitPrice != null ? 'custom' : 'catalog');
    const catalog = await this.readOnce<CwCatalogItem>(`/procurement/catalog/${productId}`, CATALOG_FIELDS).catch((e: unknown) => {
      if (isConnectorError(e) && e.kind === 'not_found') return null; // choosePrice says what to do
      throw e;
    });
    const line = source === 'agreement' ? latestLine(await this.listAdditions(adj.contractId, condition('product/id', '=', productId)), String(productId), adj.effectiveDate) : null;
    const price = choosePrice(adj, catalog, line);
    if (price instanceof ConnectorError) throw price;
    // The invoice line reads as the product does; the sync's own note (adj.description) stays in our log,
    // since ConnectWise prints invoiceDescription on the customer's invoice.
    const text = catalog?.customerDescription || catalog?.description;
    return {
      product: { id: productId },
      quantity: adj.unitChange,
      unitPrice: price.unitPrice,
      unitCost: price.unitCost,
      billCustomer: CONNECTWISE.billCustomer,
      effectiveDate: toCwDate(adj.effectiveDate),
      // ConnectWise then computes proratePrice for the part period (needs prorateFlag, checked above).
      prorateCurrentPeriodFlag: isMidPeriod(agreement, adj.effectiveDate),
      ...(text ? { invoiceDescription: text.slice(0, 6000) } : {}),
      // Ownership (domain/ownership.ts): the internal description names the subscription, resource and change.
      description: markedDescription(catalog?.description ?? text, adj.owner ?? null, markerOf(adj.adjustmentId)),
    };
  }
}

function idOf(kind: string, value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n <= 0) {
    throw new ConnectorError({ kind: 'config', system: 'connectwise', retry: false, message: `The mapped ConnectWise ${kind} id "${value}" is not a ConnectWise id` });
  }
  return n;
}
const agreementNumber = (v: string) => idOf('agreement', v);
const productNumber = (v: string) => idOf('product', v);

function asConnectorError(e: unknown, mayHaveSent = false): ConnectorError {
  if (isConnectorError(e)) return e;
  return new ConnectorError({ kind: 'malformed', system: 'connectwise', retry: true, outcomeUnknown: mayHaveSent, message: `ConnectWise client error: ${String(e)}`, cause: e });
}

