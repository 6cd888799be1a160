/** The signed-in frame: skip link, top bar with sync status, a sidebar that folds away under 720 px. */
import { html } from 'htm/preact';
import { useEffect, useState } from 'preact/hooks';
import { useApp } from '../ui/context.js';
import { useLocation } from '../router.js';
import { buildNav, isCurrent, isSection } from './routes.js';
import { SyncStatus } from './sync.js';
import type { ComponentChildren } from 'preact';
import type { NavItem } from './routes.js';

const ICONS: Record<string, string> = {
  home: 'M3 10.5 12 3l9 7.5V21h-6v-6H9v6H3z',
  reports: 'M4 20V10h4v10zm6 0V4h4v16zm6 0v-7h4v7z',
  billing: 'M7 7h10M7 12h10M7 17h6M4 3h16v18H4z',
  config: 'M19.4 13a7.5 7.5 0 0 0 0-2l2-1.6-2-3.4-2.4 1a7 7 0 0 0-1.7-1L15 3h-4l-.3 2.5a7 7 0 0 0-1.7 1l-2.4-1-2 3.4L4.6 11a7.5 7.5 0 0 0 0 2l-2 1.6 2 3.4 2.4-1a7 7 0 0 0 1.7 1L11 21h4l.3-2.5a7 7 0 0 0 1.7-1l2.4 1 2-3.4zM13 15.5a3.5 3.5 0 1 1 0-7 3.5 3.5 0 0 1 0 7z',
};

const Icon = ({ name }: { name?: string }) =>
  name ? html`<svg class="icon" viewBox="0 0 24 24" aria-hidden="true" focusable="false"><path d=${ICONS[name]} /></svg>` : null;

function NavList({ items, path }: { items: NavItem[]; path: string }) {
  return html`<ul class="nav-list">
    ${items.map((item) => {
      const section = isSection(item, path);
      return html`<li class=${section ? 'in-section' : ''}>
        <a href=${item.href} class="nav-link" aria-current=${!item.children && isCurrent(item.href, path) ? 'page' : undefined}>
          <${Icon} name=${item.icon} /><span>${item.label}</span></a>
        ${item.children && section
          ? html`<ul class="nav-sub">${item.children.map(
              (c) => html`<li><a href=${c.href} class="nav-link" aria-current=${isCurrent(c.href, path) ? 'page' : undefined}>${c.label}</a></li>`,
            )}</ul>`
          : null}
      </li>`;
    })}
  </ul>`;
}

export function Layout({ children, onSignOut }: { children: ComponentChildren; onSignOut: () => void }) {
  const { me } = useApp();
  const { path } = useLocation();
  const [open, setOpen] = useState(false);
  useEffect(() => setOpen(false), [path]);
  const nav = buildNav(me?.tenant.psaKind ?? null);
  return html`<div class=${`app ${open ? 'nav-open' : ''}`}>
    <a class="skip-link" href="#main">Skip to content</a>
    <header class="topbar">
      <button type="button" class="nav-toggle" aria-expanded=${open} aria-controls="sidebar" onClick=${() => setOpen(!open)}>
        <span aria-hidden="true">☰</span><span class="sr-only">Menu</span></button>
      <a href="/" class="brand" aria-label="IDSync Cloud: Home"><span class="brand-mark" aria-hidden="true">ID</span><span class="brand-name">IDSync<sup>®</sup> Cloud</span></a>
      <div class="topbar-sync"><${SyncStatus} /></div>
      <div class="user">
        <span class="user-name" title=${me?.user.email}>${me?.tenant.name}</span>
        <button type="button" class="btn btn-ghost btn-small" onClick=${onSignOut}>Sign out</button>
      </div>
    </header>
    <nav id="sidebar" class="sidebar" aria-label="Main">
      <${NavList} items=${nav} path=${path} />
      <div class="sidebar-foot">Ingram Micro<sup>®</sup> Cloud Marketplace</div>
    </nav>
    <main id="main" class="content" tabindex="-1">${children}</main>
  </div>`;
}
