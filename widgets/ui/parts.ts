/** Small shared pieces. Each keeps its accessible role with it so screens cannot forget one. */
import { html } from 'htm/preact';
import type { ComponentChildren, VNode } from 'preact';
import type { Ref } from 'preact';

/** The server's own message, announced at once (role=alert). */
export function Alert({ error, title }: { error: Error | string | null | undefined; title?: string }): VNode | null {
  if (!error) return null;
  const message = typeof error === 'string' ? error : error.message;
  return html`<div class="alert alert-error" role="alert">
    ${title ? html`<strong>${title} </strong>` : null}<span>${message}</span>
  </div>`;
}

/** Polite live region for results of actions ("Relation set, 7 units posted"). */
export function Status({ children, tone = 'info' }: { children?: ComponentChildren; tone?: 'info' | 'ok' | 'warn' }) {
  return html`<div class=${`status status-${tone}`} role="status" aria-live="polite">${children}</div>`;
}

export function Progress({ label, done, total }: { label: string; done?: number; total?: number }): VNode {
  const known = typeof done === 'number' && typeof total === 'number' && total > 0;
  return html`<div class="progress" role="status" aria-live="polite">
    <span class="progress-label">${label}${known ? ` (${done} of ${total})` : ''}</span>
    ${known
      ? html`<progress max=${total} value=${done} aria-label=${label}></progress>`
      : html`<progress aria-label=${label}></progress>`}
  </div>`;
}

export function Badge({ tone, children }: { tone: 'ok' | 'warn' | 'error' | 'muted' | 'info'; children: ComponentChildren }) {
  return html`<span class=${`badge badge-${tone}`}>${children}</span>`;
}

export interface Crumb {
  label: string;
  href?: string;
}

export function PageHeader(props: {
  title: string;
  crumbs?: Crumb[];
  headingRef?: Ref<HTMLHeadingElement>;
  children?: ComponentChildren;
}): VNode {
  return html`<header class="page-header">
    <div>
      ${props.crumbs?.length
        ? html`<nav aria-label="Breadcrumb" class="crumbs"><ol>
            ${props.crumbs.map((c) => html`<li>${c.href ? html`<a href=${c.href}>${c.label}</a>` : c.label}</li>`)}
          </ol></nav>`
        : null}
      <h1 tabindex="-1" ref=${props.headingRef}>${props.title}</h1>
    </div>
    ${props.children ? html`<div class="page-actions">${props.children}</div>` : null}
  </header>`;
}

export function Loading({ label = 'Loading…' }: { label?: string }) {
  return html`<p class="loading" role="status" aria-live="polite"><span class="spinner" aria-hidden="true"></span>${label}</p>`;
}
