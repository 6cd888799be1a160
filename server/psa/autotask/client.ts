/**
 * The Autotask PsaClient: companies, Recurring Service contracts, contract services with names, prices and
 * current units, units on a date, and ContractServiceAdjustment creates. Works over REST (default) or
 * SOAP ATWS 1.6 (`transport: 'soap'`); the transport decides the wire, this file the meaning.
 */
import { isConnectorError, redactConnectorError, type ConnectorError } from '../../connector-error.js';
import type { AdjustmentPost, AutotaskConnection, IsoDate, PostOutcome, PsaAccount, PsaClient, PsaContract, PsaService, ServiceTarget, UnitsReading } from '../types.js';
import { redactCheck, testAutotaskCredentials } from './credentials.js';
import { AUTOTASK, fromAutotaskDate, PERIOD_TYPES, toAutotaskDate } from './facts.js';
import { all, eq, gte, inChunks, lte, type Filter } from './filters.js';
import { createRestTransport, type RestOptions } from './rest-transport.js';
import { createSoapTransport } from './soap-transport.js';
import type { AdjustmentBody, AutotaskTransport, Row } from './transport.js';
import { rowOnDate } from './units-rows.js';
import { ownershipMark } from '../../domain/ownership.js';

export interface AutotaskClientOptions extends RestOptions {
  clock?: { now(): Date };
  /** Use this transport instead of building one from the connection (tests, benchmarks). */
  transport?: AutotaskTransport;
}

export interface AutotaskClient extends PsaClient {
  readonly kind: 'autotask';
  readonly transport: AutotaskTransport;
  /** Several adjustments at once: SOAP sends them in batches of up to 200, REST one call each. */
  postAdjustments(batch: AdjustmentPost[]): Promise<PostOutcome[]>;
}

const num = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);
const str = (v: unknown): string => (v === null || v === undefined ? '' : String(v));

export function createAutotaskClient(conn: AutotaskConnection, opts: AutotaskClientOptions = {}): AutotaskClient {
  const transport = opts.transport ?? (conn.transport === 'soap' ? createSoapTransport(conn, opts) : createRestTransport(conn, opts));
  const today = () => (opts.clock ?? { now: () => new Date() }).now().toISOString().slice(0, 10);

  async function unitsRows(filter: Filter[], date: IsoDate): Promise<Row[]> {
    return transport.query('ContractServiceUnits', [...filter, lte('startDate', toAutotaskDate(date)), gte('endDate', toAutotaskDate(date))],
      ['contractID', 'contractServiceID', 'serviceID', 'startDate', 'endDate', 'units']);
  }

  /** approveAndPostDate of the service's units row on `date`, null when that period is not posted. */
  async function postedOn(target: ServiceTarget, date: IsoDate): Promise<string | null> {
    const filter = target.contractServiceId
      ? [eq('contractServiceID', Number(target.contractServiceId))]
      : [eq('contractID', Number(target.contractId)), eq('serviceID', Number(target.serviceId))];
    const rows = await transport.query('ContractServiceUnits', [...filter, lte('startDate', toAutotaskDate(date)), gte('endDate', toAutotaskDate(date))],
      ['contractServiceID', 'startDate', 'endDate', 'approveAndPostDate']);
    const hit = rows.find((r) => typeof r.approveAndPostDate === 'string' && r.approveAndPostDate !== '');
    return hit ? String(hit.approveAndPostDate).slice(0, 10) : null;
  }

  /**
   * Ownership: a service not yet on the contract is put there by us first, its internalDescription naming the
   * Marketplace subscription and resource (settable on create only, domain/ownership.ts), instead of letting
   * the adjustment create it unmarked. Found first, so a retry after an unanswered create makes no second one.
   * Nothing billable is written here: the contract service has no units until the adjustment.
   */
  async function withMarkedService(adj: AdjustmentPost): Promise<AdjustmentPost> {
    if (adj.contractServiceId || !adj.owner || !transport.createContractService) return adj;
    const contractID = Number(adj.contractId);
    const serviceID = Number(adj.serviceId);
    const [found] = await transport.query('ContractServices', [eq('contractID', contractID), eq('serviceID', serviceID)], ['contractID', 'serviceID']);
    if (found) return { ...adj, contractServiceId: str(found.id) };
    const id = await transport.createContractService({ contractID, serviceID, internalDescription: ownershipMark(adj.owner) });
    return { ...adj, contractServiceId: id };
  }

  const client: AutotaskClient = redacted({
    kind: 'autotask',
    transport,
    testCredentials: () => testAutotaskCredentials(conn, { ...opts, transport }),

    async listAccounts(): Promise<PsaAccount[]> {
      const rows = await transport.query('Companies', [all()], ['companyName', 'isActive']);
      return rows.map((r) => ({ id: str(r.id), name: str(r.companyName), active: r.isActive !== false }));
    },

    async listContracts(o = {}): Promise<PsaContract[]> {
      const asOf = o.asOf ?? today();
      const filter: Filter[] = [eq('contractType', AUTOTASK.recurringServiceContractType)];
      if (o.accountId) filter.push(eq('companyID', Number(o.accountId)));
      const rows = await transport.query('Contracts', filter, ['companyID', 'contractName', 'startDate', 'endDate', 'status', 'contractPeriodType', 'renewedContractID']);
      return rows.map((r) => {
        const endDate = fromAutotaskDate(r.endDate);
        return {
          id: str(r.id), accountId: str(r.companyID), name: str(r.contractName), startDate: fromAutotaskDate(r.startDate), endDate,
          expired: endDate !== null && endDate < asOf, cancelled: r.status !== AUTOTASK.contractStatusActive, prorate: true,
          billingCycle: PERIOD_TYPES[num(r.contractPeriodType) ?? -1] ?? null,
          renews: num(r.renewedContractID) === null ? null : str(r.renewedContractID),
        };
      });
    },

    async listServices(o): Promise<PsaService[]> {
      const asOf = o.asOf ?? today();
      const out: PsaService[] = [];
      // Three queries per 500 contracts, whatever the number of services: contract services, their names, their units.
      for (const contracts of inChunks('contractID', o.contractIds)) {
        const css = await transport.query('ContractServices', [contracts], ['contractID', 'serviceID', 'unitPrice', 'unitCost', 'internalCurrencyAdjustedPrice']);
        if (!css.length) continue;
        const names = new Map<number, Row>();
        for (const ids of inChunks('id', css.map((c) => num(c.serviceID) ?? -1))) {
          for (const s of await transport.query('Services', [ids], ['name', 'description'])) names.set(Number(s.id), s);
        }
        const byCs = new Map<number, Row[]>();
        for (const u of await unitsRows([contracts], asOf)) {
          const k = Number(u.contractServiceID);
          byCs.set(k, [...(byCs.get(k) ?? []), u]);
        }
        for (const cs of css) {
          const service = names.get(Number(cs.serviceID));
          const row = rowOnDate((byCs.get(Number(cs.id)) ?? []).map(dated), asOf);
          out.push({
            contractId: str(cs.contractID), serviceId: str(cs.serviceID), contractServiceId: str(cs.id),
            name: service ? str(service.name) : `Service ${str(cs.serviceID)}`, code: null,
            unitPrice: num(cs.internalCurrencyAdjustedPrice) ?? num(cs.unitPrice), unitCost: num(cs.unitCost),
            units: row ? row.units : 0,
          });
        }
      }
      return out;
    },

    async readUnits(target: ServiceTarget, onDate: IsoDate): Promise<number> {
      return (await client.readUnitsAndEdits!(target, onDate, { owner: { odinSubscriptionId: '', odinResourceId: '' }, since: '', lineIds: [] })).units;
    },

    // ContractServices and ContractServiceUnits carry no modified-by or modified-date fields (REST models in
    // ../shared/specs/autotask): what Autotask says of a hand edit is the units row in force and its start date.
    async readUnitsAndEdits(target: ServiceTarget, onDate: IsoDate): Promise<UnitsReading> {
      const filter = target.contractServiceId
        ? [eq('contractServiceID', Number(target.contractServiceId))]
        : [eq('contractID', Number(target.contractId)), eq('serviceID', Number(target.serviceId))];
      const row = rowOnDate((await unitsRows(filter, onDate)).map(dated), onDate);
      return { units: row?.units ?? 0, foreignEdit: null, unitsFrom: row ? row.startDate : null, recordsWho: false };
    },

    async postAdjustment(adj: AdjustmentPost): Promise<PostOutcome> {
      // Autotask accepts a change dated inside a period already approved and posted (billed) and bills a
      // prorated catch-up on a later invoice (docs/vendor-notes.md "Approve & Post"): the date stays, and the
      // outcome says so for the log. The read comes before the write (the write opens an unposted row).
      let posted: string | null;
      try {
        adj = await withMarkedService(adj);
        posted = await postedOn(adj, adj.effectiveDate);
      } catch (err) {
        return { status: 'failed', error: err as ConnectorError };
      }
      const outcome = (await client.postAdjustments([adj]))[0]!;
      return outcome.status === 'posted' && posted ? { ...outcome, note: postedPeriodNote(adj.effectiveDate, posted) } : outcome;
    },

    postAdjustments: (batch) => transport.createAdjustments(batch.map(adjustmentBody)),
  }, [conn.apiUser, conn.secret, conn.integrationCode]);
  return client;
}

/**
 * The connector's error boundary: no error or outcome leaves the client with a stored secret in its text
 * (the API user is one: the transports name it in zone discovery, and Autotask may echo it).
 */
/** What the Adjustments log says of a change that landed in a posted period. */
export const postedPeriodNote = (date: IsoDate, postedAt: string) =>
  `Dated ${date}, inside a billing period Autotask already approved and posted on ${postedAt}: Autotask bills the prorated ` +
  'difference for the posted days on the next invoice; check that invoice (or add the line by hand if it was already sent).';

function redacted(client: AutotaskClient, secrets: string[]): AutotaskClient {
  const clean = (err: unknown) => (isConnectorError(err) ? redactConnectorError(err, secrets) : err);
  const guard = <A extends unknown[], R>(fn: (...a: A) => Promise<R>) => async (...a: A): Promise<R> => {
    try {
      return await fn(...a);
    } catch (err) {
      throw clean(err);
    }
  };
  const outcome = (o: PostOutcome): PostOutcome => (o.status === 'posted' ? o : { ...o, error: clean(o.error) as typeof o.error });
  const postAdjustments = guard(async (batch: AdjustmentPost[]) => (await client.postAdjustments(batch)).map(outcome));
  return {
    ...client,
    testCredentials: async () => redactCheck(await client.testCredentials(), secrets),
    listAccounts: guard(client.listAccounts),
    listContracts: guard(client.listContracts),
    listServices: guard(client.listServices),
    readUnits: guard(client.readUnits),
    readUnitsAndEdits: guard(client.readUnitsAndEdits!),
    postAdjustments,
    postAdjustment: guard(async (adj: AdjustmentPost) => outcome(await client.postAdjustment(adj))),
  };
}

const dated = (r: Row) => ({ startDate: fromAutotaskDate(r.startDate) ?? '9999-12-31', endDate: fromAutotaskDate(r.endDate) ?? '0000-01-01', units: num(r.units) ?? 0 });

/** Our adjustment -> ContractServiceAdjustmentModel. A known contract service is named; otherwise the service, which Autotask adds to the contract. */
export function adjustmentBody(adj: AdjustmentPost): AdjustmentBody {
  const body: AdjustmentBody = { contractID: Number(adj.contractId), effectiveDate: toAutotaskDate(adj.effectiveDate), unitChange: adj.unitChange };
  if (adj.contractServiceId) body.contractServiceID = Number(adj.contractServiceId);
  else body.serviceID = Number(adj.serviceId);
  if (adj.priceSource === 'custom' && typeof adj.unitPrice === 'number') body.adjustedUnitPrice = adj.unitPrice;
  if (adj.priceSource === 'custom' && typeof adj.unitCost === 'number') body.adjustedUnitCost = adj.unitCost;
  return body;
}
