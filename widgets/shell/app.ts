/**
 * The root: decides public vs signed-in screens, keeps the deep link across a sign-in
 * (/login?next=...), and routes each stable URL to its screen.
 */
import { html } from 'htm/preact';
import { useEffect, useMemo, useState } from 'preact/hooks';
import { AppContext } from '../ui/context.js';
import { Loading, Alert } from '../ui/parts.js';
import { RouterContext, onLinkClick, safeNext, useLocation } from '../router.js';
import { Lazy } from './lazy.js';
import { Layout } from './layout.js';
import { SyncProvider } from './sync.js';
import { PUBLIC_SCREENS, parseRoute } from './routes.js';
import type { ApiClient } from '../api.js';
import type { Router } from '../router.js';
import type { Me } from '../types.js';
import type { Route } from './routes.js';

export interface AppProps {
  api: ApiClient;
  router: Router;
  pollMs?: number;
}

export function App({ api, router, pollMs = 1000 }: AppProps) {
  return html`<${RouterContext.Provider} value=${router}>
    <div class="root" onClick=${(e: MouseEvent) => onLinkClick(router, e)}><${Screens} api=${api} router=${router} pollMs=${pollMs} /></div>
  </${RouterContext.Provider}>`;
}

function Screens({ api, router, pollMs }: Required<AppProps>) {
  const loc = useLocation();
  const route = parseRoute(loc.path);
  const [me, setMe] = useState<Me | null>(null);
  const [checked, setChecked] = useState(false);
  const [error, setError] = useState<Error | null>(null);
  // The ConnectWise pod's first page signs in by itself (Hosted API + server check), like a public page.
  const isPublic = PUBLIC_SCREENS.has(route.screen) || route.screen === 'cwpod';

  const toLogin = () => {
    setMe(null);
    const here = router.href;
    if (!router.current.path.startsWith('/login')) router.navigate(`/login?next=${encodeURIComponent(here)}`, { replace: true });
  };
  useEffect(() => {
    api.onUnauthenticated = toLogin;
  }, [api]);

  useEffect(() => {
    if (me || isPublic) return setChecked(true);
    setChecked(false);
    api.me().then(
      (m) => {
        setMe(m);
        setChecked(true);
      },
      (e: Error & { status?: number }) => {
        if (e.status === 401) toLogin();
        else setError(e);
        setChecked(true);
      },
    );
  }, [isPublic, me === null]);

  useEffect(() => {
    document.title = `${titleOf(route)} · IDSync Cloud Billing`;
  }, [loc.path]);

  const services = useMemo(() => ({ api, me, pollMs }), [api, me, pollMs]);

  const onLoggedIn = async () => {
    const m = await api.me();
    setMe(m);
    router.navigate(safeNext(loc.query.get('next')), { replace: true });
  };
  const signOut = async () => {
    try {
      await api.logout();
    } finally {
      setMe(null);
      router.navigate('/login', { replace: true });
    }
  };

  const onPodSignedIn = (m: Me, contractId: string) => {
    setMe(m);
    router.navigate(`/pod/contract/${encodeURIComponent(contractId)}`, { replace: true });
  };

  let body;
  if (route.screen === 'cwpod') {
    body = html`<${Lazy} key="cwpod" load=${SCREENS.cwpod} props=${{ onSignedIn: onPodSignedIn }} />`;
  } else if (isPublic) {
    body = html`<${Lazy} key=${route.screen} load=${SCREENS[route.screen as 'login' | 'forgot' | 'reset']} props=${{ onLoggedIn }} />`;
  } else if (!checked || !me) {
    body = error ? html`<main class="auth" id="main"><${Alert} error=${error} /></main>` : html`<main class="auth" id="main"><${Loading} /></main>`;
  } else if (route.screen === 'pod') {
    // Inside another system's contract screen: no sidebar, just the pod.
    body = html`<${Lazy} key=${route.contractId} load=${SCREENS.pod} props=${{ contractId: route.contractId }} />`;
  } else {
    body = html`<${SyncProvider}><${Layout} onSignOut=${signOut}>${screenFor(route)}</${Layout}></${SyncProvider}>`;
  }
  return html`<${AppContext.Provider} value=${services}>${body}</${AppContext.Provider}>`;
}

/** Each screen is its own chunk: Home and Reports bring uPlot, Billing brings the virtual list. */
const SCREENS = {
  login: () => import('../login/view.js').then((m) => m.LoginView),
  forgot: () => import('../login/view.js').then((m) => m.ForgotView),
  reset: () => import('../login/view.js').then((m) => m.ResetView),
  home: () => import('../dashboard/view.js').then((m) => m.DashboardView),
  billing: () => import('../mapping/view.js').then((m) => m.MappingView),
  relations: () => import('../mapping/relations.js').then((m) => m.RelationsView),
  report: () => import('../reports/view.js').then((m) => m.ReportView),
  configuration: () => import('../configuration/view.js').then((m) => m.ConfigurationView),
  pod: () => import('../pod/view.js').then((m) => m.PodView),
  cwpod: () => import('../pod/connectwise.js').then((m) => m.ConnectWisePodBoot),
  review: () => import('../trust/review.js').then((m) => m.ReviewView),
  preview: () => import('../trust/preview.js').then((m) => m.PreviewView),
  margins: () => import('../trust/margins.js').then((m) => m.MarginsView),
  audit: () => import('../trust/audit.js').then((m) => m.AuditView),
};

function screenFor(route: Route) {
  switch (route.screen) {
    case 'home':
    case 'billing':
    case 'relations':
    case 'review':
    case 'preview':
    case 'margins':
    case 'audit':
      return html`<${Lazy} key=${route.screen} load=${SCREENS[route.screen]} props=${{}} />`;
    case 'report':
      return html`<${Lazy} key=${route.report} load=${SCREENS.report} props=${{ name: route.report }} />`;
    case 'configuration':
      return html`<${Lazy} key=${route.slug} load=${SCREENS.configuration} props=${{ slug: route.slug }} />`;
    default:
      return html`<section class="page"><h1>Page not found</h1><p>This address does not match a screen. <a href="/">Go to Home</a>.</p></section>`;
  }
}

export function titleOf(route: Route): string {
  switch (route.screen) {
    case 'report':
      return `${route.report[0]!.toUpperCase()}${route.report.slice(1)} report`;
    case 'configuration':
      return 'Configuration';
    case 'relations':
      return 'Manage Relations';
    case 'review':
      return 'Review queue';
    case 'preview':
      return 'Next cycle preview';
    case 'audit':
      return 'Audit trail';
    case 'pod':
    case 'cwpod':
      return 'Contract billing';
    case 'forgot':
    case 'reset':
      return 'Password';
    default:
      return route.screen[0]!.toUpperCase() + route.screen.slice(1);
  }
}
