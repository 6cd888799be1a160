/**
 * DOM-test kit after Preact's own (setupScratch/teardown + act): a scratch container, the App or a view
 * rendered against the fake server (injected fetch with a cookie jar, no module mocks), and waitFor.
 */
import { render } from 'preact';
import { html } from 'htm/preact';
import { act } from 'preact/test-utils';
import { ApiClient } from '../../../widgets/api.js';
import { Router, RouterContext } from '../../../widgets/router.js';
import { AppContext } from '../../../widgets/ui/context.js';
import { App } from '../../../widgets/shell/app.js';
import { createFakeApi, FAKE_ADMIN } from '../../browser/fake-api/app.js';
import type { FakeOptions } from '../../browser/fake-api/app.js';
import type { VNode } from 'preact';
import type { FetchLike } from '../../../widgets/api.js';

export function setupScratch(): HTMLElement {
  const el = document.createElement('div');
  el.id = 'scratch';
  document.body.appendChild(el);
  return el;
}

export async function teardown(scratch: HTMLElement) {
  await act(() => render(null, scratch));
  scratch.remove();
}

/** The fake server's fetch (it keeps the session cookie itself), recording every call for assertions. */
export function jarFetch(inner: FetchLike) {
  const calls: { method: string; path: string; headers: Record<string, string>; body?: string }[] = [];
  const fetch: FetchLike = async (input, init = {}) => {
    calls.push({ method: init.method ?? 'GET', path: input, headers: { ...(init.headers as Record<string, string>) }, body: init.body as string | undefined });
    return inner(input, init);
  };
  return { fetch, calls };
}

export async function fakeSession(opts: FakeOptions = {}, signIn = true) {
  const fake = createFakeApi(opts);
  const jar = jarFetch(fake.fetch);
  const api = new ApiClient(jar.fetch);
  if (signIn) await api.login(FAKE_ADMIN.email, FAKE_ADMIN.password);
  const me = signIn ? await api.me() : null;
  return { fake, api, me, calls: jar.calls };
}

export function goTo(path: string) {
  window.history.replaceState(null, '', path);
}

/** Renders one screen inside the contexts the shell would give it. */
export async function renderView(scratch: HTMLElement, view: VNode, s: Awaited<ReturnType<typeof fakeSession>>, router = new Router(window)) {
  await act(() =>
    render(html`<${RouterContext.Provider} value=${router}><${AppContext.Provider} value=${{ api: s.api, me: s.me, pollMs: 20 }}>${view}</${AppContext.Provider}></${RouterContext.Provider}>`, scratch),
  );
  return router;
}

export async function renderApp(scratch: HTMLElement, api: ApiClient, router = new Router(window)) {
  await act(() => render(html`<${App} api=${api} router=${router} pollMs=${20} />`, scratch));
  return router;
}

/** Retries an assertion while the fake server answers and Preact re-renders. */
export async function waitFor<T>(check: () => T, timeoutMs = 3000): Promise<T> {
  const start = Date.now();
  for (;;) {
    try {
      return check();
    } catch (e) {
      if (Date.now() - start > timeoutMs) throw e;
      await act(() => new Promise((r) => setTimeout(r, 10)));
    }
  }
}

export const text = (el: Element | null | undefined) => (el?.textContent ?? '').replace(/\s+/g, ' ').trim();

export function byLabel<T extends HTMLElement = HTMLInputElement>(root: ParentNode, label: string): T {
  const el = [...root.querySelectorAll<HTMLElement>('[aria-label]')].find((e) => e.getAttribute('aria-label') === label);
  if (el) return el as T;
  const lab = [...root.querySelectorAll('label')].find((l) => text(l).startsWith(label));
  const target = lab?.htmlFor ? (root as Document | HTMLElement).querySelector(`#${CSS.escape(lab.htmlFor)}`) : lab?.querySelector('input,select,textarea');
  if (!target) throw new Error(`no control labelled "${label}"`);
  return target as T;
}

export function button(root: ParentNode, name: string | RegExp): HTMLButtonElement {
  const b = [...root.querySelectorAll('button')].find((x) => (typeof name === 'string' ? text(x) === name : name.test(text(x))));
  if (!b) throw new Error(`no button "${name}" in: ${[...root.querySelectorAll('button')].map((x) => text(x)).join(' | ')}`);
  return b;
}

export async function click(el: HTMLElement) {
  await act(() => {
    el.click();
  });
}

/** What a user does before picking from a dropdown: reach for it (the mapping rows create options then). */
export async function focus(el: HTMLElement) {
  await act(() => {
    el.dispatchEvent(new Event('focus'));
  });
}

export async function type(el: HTMLInputElement | HTMLSelectElement, value: string, event: 'input' | 'change' = 'input') {
  await act(() => {
    el.value = value;
    el.dispatchEvent(new Event(event, { bubbles: true }));
  });
}
export { FAKE_ADMIN };
