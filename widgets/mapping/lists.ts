/**
 * PSA dropdown lists (accounts, an account's contracts, a contract's services), fetched once per key and
 * shared by every row. At most four requests run at once so scrolling past many linked companies does
 * not flood the PSA (the server caches these lists per tenant too).
 */
import type { ApiClient } from '../api.js';
import type { PsaAccount, PsaContract, PsaService } from '../types.js';

export interface Entry<T> {
  items: T[] | null;
  error: Error | null;
  loading: boolean;
}

const MAX_PARALLEL = 4;

export class PsaLists {
  private accounts: Entry<PsaAccount> | null = null;
  private contracts = new Map<string, Entry<PsaContract>>();
  private services = new Map<string, Entry<PsaService>>();
  private running = 0;
  private queue: (() => void)[] = [];

  constructor(
    private readonly api: ApiClient,
    private readonly onChange: () => void,
  ) {}

  getAccounts(): Entry<PsaAccount> {
    if (!this.accounts) this.accounts = this.load(() => this.api.accounts(), (e) => (this.accounts = e));
    return this.accounts;
  }
  getContracts(accountId: string): Entry<PsaContract> {
    let e = this.contracts.get(accountId);
    if (!e) {
      e = this.load(() => this.api.contracts(accountId), (v) => this.contracts.set(accountId, v));
      this.contracts.set(accountId, e);
    }
    return e;
  }
  getServices(contractId: string): Entry<PsaService> {
    let e = this.services.get(contractId);
    if (!e) {
      e = this.load(() => this.api.services(contractId), (v) => this.services.set(contractId, v));
      this.services.set(contractId, e);
    }
    return e;
  }
  /** Forget everything (the Refresh lists button): the next read asks the PSA again via ?refresh=1. */
  refresh(): void {
    this.accounts = null;
    this.contracts.clear();
    this.services.clear();
    this.onChange();
  }

  private load<T>(fetchList: () => Promise<{ items: T[] }>, store: (e: Entry<T>) => void): Entry<T> {
    const task = () => {
      this.running++;
      fetchList().then(
        (r) => store({ items: r.items, error: null, loading: false }),
        (error: Error) => store({ items: null, error, loading: false }),
      ).finally(() => {
        this.running--;
        this.queue.shift()?.();
        this.onChange();
      });
    };
    if (this.running < MAX_PARALLEL) task();
    else this.queue.push(task);
    return { items: null, error: null, loading: true };
  }
}

/** Expired and cancelled contracts only when the user asked for them (the guide's filter settings). */
export function visibleContracts(items: PsaContract[], showExpired: boolean): PsaContract[] {
  return showExpired ? items : items.filter((c) => !c.expired && !c.cancelled);
}
