// @vitest-environment happy-dom
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FAKE_ADMIN, button, byLabel, click, fakeSession, goTo, renderApp, setupScratch, teardown, text, type, waitFor } from './helpers.js';

describe('login, forgot and reset', () => {
  let scratch: HTMLElement;
  beforeEach(() => {
    scratch = setupScratch();
  });
  afterEach(() => teardown(scratch));

  it('sends a signed-out deep link to /login and back to it after signing in', async () => {
    const s = await fakeSession({}, false);
    goTo('/reports/unlinked?context=autotask&filter.companyName=venture');
    const router = await renderApp(scratch, s.api);
    await waitFor(() => expect(window.location.pathname).toBe('/login'));
    expect(new URLSearchParams(window.location.search).get('next')).toBe('/reports/unlinked?context=autotask&filter.companyName=venture');
    await waitFor(() => expect(scratch.querySelector('h1')?.textContent).toBe('Sign in'));
    await type(byLabel(scratch, 'Username (e-mail)'), FAKE_ADMIN.email);
    await type(byLabel(scratch, 'Password'), FAKE_ADMIN.password);
    await click(button(scratch, 'Login'));
    await waitFor(() => expect(router.href).toBe('/reports/unlinked?context=autotask&filter.companyName=venture'));
    await waitFor(() => expect(text(scratch.querySelector('h1'))).toBe('Unlinked subscriptions'));
  });

  it('shows the server message when the password is wrong', async () => {
    const s = await fakeSession({}, false);
    goTo('/login');
    await renderApp(scratch, s.api);
    await waitFor(() => byLabel(scratch, 'Password'));
    await type(byLabel(scratch, 'Username (e-mail)'), FAKE_ADMIN.email);
    await type(byLabel(scratch, 'Password'), 'nope');
    await click(button(scratch, 'Login'));
    await waitFor(() => expect(text(scratch.querySelector('[role=alert]'))).toBe('Wrong e-mail or password'));
  });

  it('never follows a next= that leaves the site', async () => {
    const s = await fakeSession({}, false);
    goTo('/login?next=//evil.example/x');
    const router = await renderApp(scratch, s.api);
    await waitFor(() => byLabel(scratch, 'Password'));
    await type(byLabel(scratch, 'Username (e-mail)'), FAKE_ADMIN.email);
    await type(byLabel(scratch, 'Password'), FAKE_ADMIN.password);
    await click(button(scratch, 'Login'));
    await waitFor(() => expect(router.current.path).toBe('/'));
  });

  it('asks for a reset link and sets a new password with the token from the e-mail', async () => {
    const s = await fakeSession({}, false);
    goTo('/forgot-password');
    const router = await renderApp(scratch, s.api);
    await waitFor(() => byLabel(scratch, 'Username (e-mail)'));
    await type(byLabel(scratch, 'Username (e-mail)'), FAKE_ADMIN.email);
    await click(button(scratch, 'Send reset link'));
    await waitFor(() => expect(text(scratch.querySelector('[role=status]'))).toContain('we have sent it a link'));
    router.navigate('/reset?token=' + encodeURIComponent(await lastResetToken(s)));
    await waitFor(() => byLabel(scratch, 'New password'));
    await type(byLabel(scratch, 'New password'), 'a new long password');
    await type(byLabel(scratch, 'Repeat the new password'), 'something else');
    await click(button(scratch, 'Set password'));
    await waitFor(() => expect(text(scratch.querySelector('[role=alert]'))).toBe('The two passwords differ.'));
    await type(byLabel(scratch, 'Repeat the new password'), 'a new long password');
    await click(button(scratch, 'Set password'));
    await waitFor(() => expect(text(scratch.querySelector('[role=status]'))).toContain('Your password is changed'));
    await expect(s.api.login(FAKE_ADMIN.email, 'a new long password')).resolves.toBeTruthy();
  });
});

async function lastResetToken(s: Awaited<ReturnType<typeof fakeSession>>): Promise<string> {
  await s.api.login(FAKE_ADMIN.email, FAKE_ADMIN.password);
  const out = await s.api.get<{ messages: { body: string }[] }>('/api/outbox');
  await s.api.logout();
  return /token=(\S+)/.exec(out.messages.at(-1)!.body)![1]!;
}
