/** The product's stable URLs (issue 8 §7) and the sidebar built from them. Pure. */
import type { PsaKind, ReportName } from '../types.js';

export const REPORTS: { name: ReportName; label: string; dated: boolean }[] = [
  { name: 'subscriptions', label: 'Subscriptions', dated: false },
  { name: 'linked', label: 'Linked', dated: false },
  { name: 'unlinked', label: 'Unlinked', dated: false },
  { name: 'adjustments', label: 'Adjustments log', dated: true },
  { name: 'failures', label: 'Failure log', dated: true },
];

export const CONFIG_PAGES = [
  { slug: 'ingram-micro', kind: 'marketplace', label: 'Ingram Micro' },
  { slug: 'autotask', kind: 'autotask', label: 'Autotask' },
  { slug: 'connectwise', kind: 'connectwise', label: 'ConnectWise' },
] as const;
export type ConfigSlug = (typeof CONFIG_PAGES)[number]['slug'];

export type Route =
  | { screen: 'login' | 'forgot' | 'reset' | 'home' | 'billing' | 'relations' | 'notfound' }
  /** Trust before money moves (issue 14): the review queue, the next cycle, margins, the audit trail. */
  | { screen: 'review' | 'preview' | 'margins' | 'audit' }
  | { screen: 'report'; report: ReportName }
  | { screen: 'configuration'; slug: ConfigSlug }
  /** The pod of one PSA contract (Autotask Insight, ConnectWise pod): shown without the sidebar. */
  | { screen: 'pod'; contractId: string }
  /** The ConnectWise pod's first page: speaks Manage's postMessage protocol before any session exists. */
  | { screen: 'cwpod' };

export const PUBLIC_SCREENS = new Set(['login', 'forgot', 'reset']);

export function parseRoute(path: string): Route {
  const p = path.replace(/\/+$/, '') || '/';
  if (p === '/') return { screen: 'home' };
  if (p === '/login') return { screen: 'login' };
  if (p === '/forgot-password') return { screen: 'forgot' };
  if (p === '/reset-password' || p === '/reset') return { screen: 'reset' };
  if (p === '/forgot') return { screen: 'forgot' };
  if (p === '/billing') return { screen: 'billing' };
  const pod = /^\/pod\/contract\/([A-Za-z0-9_.:-]{1,64})$/.exec(p);
  if (pod) return { screen: 'pod', contractId: pod[1]! };
  if (p === '/pod/connectwise') return { screen: 'cwpod' };
  if (p === '/billing/relations') return { screen: 'relations' };
  if (p === '/billing/review') return { screen: 'review' };
  if (p === '/billing/preview') return { screen: 'preview' };
  if (p === '/billing/margins') return { screen: 'margins' };
  if (p === '/billing/audit') return { screen: 'audit' };
  const rep = /^\/reports(?:\/([a-z]+))?$/.exec(p);
  if (rep) {
    const name = (rep[1] ?? 'subscriptions') as ReportName;
    if (REPORTS.some((r) => r.name === name)) return { screen: 'report', report: name };
  }
  const conf = /^\/configuration(?:\/([a-z-]+))?$/.exec(p);
  if (conf) {
    const slug = (conf[1] ?? 'ingram-micro') as ConfigSlug;
    if (CONFIG_PAGES.some((c) => c.slug === slug)) return { screen: 'configuration', slug };
  }
  return { screen: 'notfound' };
}

/** Every URL the server must answer with the HTML shell (server/routes/widgets.ts). */
export const SHELL_PATHS = [
  '/',
  '/login',
  '/forgot-password',
  '/reset-password',
  '/reset',
  '/forgot',
  '/billing',
  '/billing/relations',
  '/billing/review',
  '/billing/preview',
  '/billing/margins',
  '/billing/audit',
  '/reports',
  ...REPORTS.map((r) => `/reports/${r.name}`),
  '/configuration',
  ...CONFIG_PAGES.map((c) => `/configuration/${c.slug}`),
  '/pod/contract/:contractId',
  '/pod/connectwise',
];

export interface NavItem {
  label: string;
  href: string;
  icon?: string;
  children?: NavItem[];
}

export function reportHref(name: ReportName, psaKind: PsaKind | null): string {
  return `/reports/${name}${psaKind ? `?context=${psaKind}` : ''}`;
}

export function buildNav(psaKind: PsaKind | null): NavItem[] {
  return [
    { label: 'Home', href: '/', icon: 'home' },
    { label: 'Reports', href: reportHref('subscriptions', psaKind), icon: 'reports', children: REPORTS.map((r) => ({ label: r.label, href: reportHref(r.name, psaKind) })) },
    {
      label: 'Billing',
      href: '/billing',
      icon: 'billing',
      children: [
        { label: 'Mapping', href: '/billing' },
        { label: 'Manage Relations', href: '/billing/relations' },
        { label: 'Review queue', href: '/billing/review' },
        { label: 'Next cycle preview', href: '/billing/preview' },
        { label: 'Margins', href: '/billing/margins' },
        { label: 'Audit trail', href: '/billing/audit' },
      ],
    },
    { label: 'Configuration', href: '/configuration/ingram-micro', icon: 'config', children: CONFIG_PAGES.map((c) => ({ label: c.label, href: `/configuration/${c.slug}` })) },
  ];
}

/** The nav entry for the current path: its path part decides, the query (context) does not. */
export function isCurrent(href: string, path: string): boolean {
  const h = href.split('?')[0]!;
  return h === '/' ? path === '/' : path === h;
}
export function isSection(item: NavItem, path: string): boolean {
  return item.href === '/' ? path === '/' : path.startsWith('/' + item.href.split('/')[1]);
}
