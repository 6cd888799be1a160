// @vitest-environment happy-dom
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { button, click, fakeSession, goTo, renderApp, setupScratch, teardown, text, waitFor } from './helpers.js';

describe('the shell', () => {
  let scratch: HTMLElement;
  beforeEach(() => {
    scratch = setupScratch();
  });
  afterEach(() => teardown(scratch));

  it('marks the current page in the sidebar and navigates by links without reloading', async () => {
    const s = await fakeSession();
    goTo('/');
    const router = await renderApp(scratch, s.api);
    await waitFor(() => expect(text(scratch.querySelector('h1'))).toBe('Welcome'));
    expect(text(scratch.querySelector('[aria-current=page]'))).toBe('Home');
    const billing = [...scratch.querySelectorAll<HTMLAnchorElement>('nav#sidebar a')].find((a) => text(a) === 'Billing')!;
    await click(billing);
    expect(router.current.path).toBe('/billing');
    await waitFor(() => expect(text(scratch.querySelector('h1'))).toBe('Agreements (Mapping)'));
    expect([...scratch.querySelectorAll('[aria-current=page]')].map((a) => text(a))).toEqual(['Mapping']);
    expect(document.title).toBe('Billing · IDSync Cloud Billing');
  });

  it('toggles the sidebar on narrow screens with an expanded state', async () => {
    const s = await fakeSession();
    goTo('/configuration/autotask');
    await renderApp(scratch, s.api);
    const toggle = await waitFor(() => {
      const t = scratch.querySelector<HTMLButtonElement>('.nav-toggle');
      expect(t).not.toBeNull();
      return t!;
    });
    expect(toggle.getAttribute('aria-expanded')).toBe('false');
    await click(toggle);
    expect(toggle.getAttribute('aria-expanded')).toBe('true');
    expect(scratch.querySelector('.app')!.classList.contains('nav-open')).toBe(true);
  });

  it('sends the user to /login with the page to come back to when the session ends', async () => {
    const s = await fakeSession();
    goTo('/reports/linked?context=autotask');
    const router = await renderApp(scratch, s.api);
    await waitFor(() => expect(text(scratch.querySelector('h1'))).toBe('Linked subscriptions'));
    await click(button(scratch, 'Sign out'));
    await waitFor(() => expect(router.current.path).toBe('/login'));
  });

  it('sends the user to sign in, and back, when the session expires mid-use', async () => {
    const s = await fakeSession();
    goTo('/');
    const router = await renderApp(scratch, s.api);
    await waitFor(() => expect(text(scratch.querySelector('h1'))).toBe('Welcome'));
    await s.fake.fetch('/api/auth/logout', { method: 'POST' });
    router.navigate('/reports/failures?context=autotask&sort=-date');
    await waitFor(() => expect(router.current.path).toBe('/login'));
    expect(router.current.query.get('next')).toBe('/reports/failures?context=autotask&sort=-date');
  });

  it('shows a not-found page for unknown addresses inside the frame', async () => {
    const s = await fakeSession();
    goTo('/reports/nope');
    await renderApp(scratch, s.api);
    await waitFor(() => expect(text(scratch.querySelector('h1'))).toBe('Page not found'));
  });
});
