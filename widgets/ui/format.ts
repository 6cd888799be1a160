/** Display formats, in the user's locale; pure so the tables and charts agree with the tests. */
export function formatNumber(n: unknown): string {
  const v = typeof n === 'number' ? n : Number(n);
  return Number.isFinite(v) ? v.toLocaleString('en-US') : String(n ?? '');
}

/** The tenant's money settings (GET /api/me): amounts are shown as its invoices show them. */
export interface MoneyFormat {
  currency: string;
  locale: string;
}

/** "$1,234.50" / "1.234,50 €"; without settings a plain two-decimal number. */
export function formatMoney(n: unknown, money?: MoneyFormat | null): string {
  if (n === null || n === undefined || n === '') return '';
  const v = typeof n === 'number' ? n : Number(n);
  if (!Number.isFinite(v)) return String(n);
  if (money) {
    try {
      return new Intl.NumberFormat(money.locale, { style: 'currency', currency: money.currency }).format(v);
    } catch {
      /* an unknown pair falls back to the plain number below */
    }
  }
  return v.toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 });
}

export const moneyOf = (me: { tenant: { currency?: string; locale?: string } } | null | undefined): MoneyFormat => ({
  currency: me?.tenant.currency || 'USD',
  locale: me?.tenant.locale || 'en-US',
});

/**
 * Dates arrive as YYYY-MM-DD (calendar dates, shown as they are) or ISO instants, shown as
 * YYYY-MM-DD HH:MM in the tenant's time zone (the one billing runs in), UTC without one.
 */
export function formatDate(v: unknown, timeZone?: string): string {
  if (typeof v !== 'string' || !v) return '';
  if (/^\d{4}-\d{2}-\d{2}$/.test(v)) return v;
  const d = new Date(v);
  if (Number.isNaN(d.getTime())) return v;
  if (!timeZone) return d.toISOString().slice(0, 16).replace('T', ' ');
  try {
    const p = Object.fromEntries(
      new Intl.DateTimeFormat('en-US', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' })
        .formatToParts(d)
        .map((x) => [x.type, x.value]),
    );
    return `${p.year}-${p.month}-${p.day} ${p.hour}:${p.minute}`;
  } catch {
    return d.toISOString().slice(0, 16).replace('T', ' ');
  }
}

export function formatCell(type: string, v: unknown, timeZone?: string, money?: MoneyFormat | null): string {
  if (v === null || v === undefined) return '';
  if (type === 'number') return formatNumber(v);
  if (type === 'money') return formatMoney(v, money);
  if (type === 'date') return formatDate(v, timeZone);
  return String(v);
}

/** "3 min ago", "in 5 min": the sync status line reads better relative to now. */
export function relativeTime(iso: string | null | undefined, now: Date): string {
  if (!iso) return 'never';
  const t = new Date(iso).getTime();
  if (Number.isNaN(t)) return iso;
  const s = Math.round((t - now.getTime()) / 1000);
  const abs = Math.abs(s);
  const [n, unit] =
    abs < 45 ? [0, 'now'] : abs < 3600 ? [Math.round(abs / 60), 'min'] : abs < 86400 ? [Math.round(abs / 3600), 'h'] : [Math.round(abs / 86400), 'd'];
  if (unit === 'now') return 'just now';
  return s < 0 ? `${n} ${unit} ago` : `in ${n} ${unit}`;
}

export const plural = (n: number, one: string, many = one + 's') => `${formatNumber(n)} ${n === 1 ? one : many}`;
