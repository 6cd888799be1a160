/** Sign in (username = the administrative contact's e-mail), forgot password, and reset password. */
import { html } from 'htm/preact';
import { useState } from 'preact/hooks';
import { useApp } from '../ui/context.js';
import { Alert, Status } from '../ui/parts.js';
import { useLocation, useRouter } from '../router.js';
import type { ComponentChildren } from 'preact';
import type { LoginResponse } from '../types.js';

function AuthCard({ title, children }: { title: string; children: ComponentChildren }) {
  return html`<main class="auth" id="main">
    <div class="auth-card card">
      <div class="brand brand-large"><span class="brand-mark" aria-hidden="true">ID</span><span>IDSync<sup>®</sup> Cloud Billing</span></div>
      <h1>${title}</h1>
      ${children}
    </div>
  </main>`;
}

export function LoginView({ onLoggedIn }: { onLoggedIn: (r: LoginResponse) => void }) {
  const { api } = useApp();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<Error | null>(null);
  // Set when the server says this is a provisioned admin's first sign-in with the default password.
  const [first, setFirst] = useState<{ email: string; password: string } | null>(null);
  const submit = async (e: Event) => {
    e.preventDefault();
    const f = new FormData(e.currentTarget as HTMLFormElement);
    const email = String(f.get('email') ?? '').trim();
    const password = String(f.get('password') ?? '');
    setBusy(true);
    setError(null);
    try {
      onLoggedIn(await api.login(email, password));
    } catch (err) {
      if ((err as { code?: string }).code === 'password_change_required') setFirst({ email, password });
      else setError(err as Error);
      setBusy(false);
    }
  };
  const submitNew = async (e: Event) => {
    e.preventDefault();
    const f = new FormData(e.currentTarget as HTMLFormElement);
    const next = String(f.get('newPassword') ?? '');
    if (next !== String(f.get('confirm') ?? '')) return setError(new Error('The two new passwords differ'));
    setBusy(true);
    setError(null);
    try {
      onLoggedIn(await api.firstPassword(first!.email, first!.password, next));
    } catch (err) {
      setError(err as Error);
      setBusy(false);
    }
  };
  if (first) {
    return html`<${AuthCard} title="Choose your password">
      <form onSubmit=${submitNew} class="form">
        <p class="muted">This is your first sign-in with the password from your control panel. Choose your own (at least 10 characters) before going on.</p>
        <${Alert} error=${error} />
        <label class="field"><span>New password</span>
          <input name="newPassword" type="password" autocomplete="new-password" minlength="10" required autofocus /></label>
        <label class="field"><span>New password again</span>
          <input name="confirm" type="password" autocomplete="new-password" minlength="10" required /></label>
        <button class="btn btn-primary btn-block" type="submit" disabled=${busy}>${busy ? 'Saving…' : 'Set password and sign in'}</button>
      </form>
    </${AuthCard}>`;
  }
  return html`<${AuthCard} title="Sign in">
    <form onSubmit=${submit} class="form" aria-describedby="login-help">
      <p id="login-help" class="muted">Your username is the e-mail address of your Marketplace administrative contact.</p>
      <${Alert} error=${error} />
      <label class="field"><span>Username (e-mail)</span>
        <input name="email" type="email" autocomplete="username" required autofocus /></label>
      <label class="field"><span>Password</span>
        <input name="password" type="password" autocomplete="current-password" required /></label>
      <button class="btn btn-primary btn-block" type="submit" disabled=${busy}>${busy ? 'Signing in…' : 'Login'}</button>
      <p class="auth-links"><a href="/forgot-password">Forgot password?</a></p>
    </form>
  </${AuthCard}>`;
}

export function ForgotView() {
  const { api } = useApp();
  const [sent, setSent] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<Error | null>(null);
  const submit = async (e: Event) => {
    e.preventDefault();
    const email = String(new FormData(e.currentTarget as HTMLFormElement).get('email') ?? '').trim();
    setBusy(true);
    setError(null);
    try {
      await api.forgot(email);
      setSent(true);
    } catch (err) {
      setError(err as Error);
    } finally {
      setBusy(false);
    }
  };
  return html`<${AuthCard} title="Reset your password">
    ${sent
      ? html`<${Status} tone="ok">If that address belongs to an account, we have sent it a link to choose a new password. The link expires soon, so use it today.</${Status}>
          <p class="auth-links"><a href="/login">Back to sign in</a></p>`
      : html`<form onSubmit=${submit} class="form">
          <p class="muted">Enter your username (e-mail). We will send you a link to choose a new password.</p>
          <${Alert} error=${error} />
          <label class="field"><span>Username (e-mail)</span><input name="email" type="email" autocomplete="username" required /></label>
          <button class="btn btn-primary btn-block" type="submit" disabled=${busy}>${busy ? 'Sending…' : 'Send reset link'}</button>
          <p class="auth-links"><a href="/login">Back to sign in</a></p>
        </form>`}
  </${AuthCard}>`;
}

export const MIN_PASSWORD = 10;

export function ResetView() {
  const { api } = useApp();
  const router = useRouter();
  const token = useLocation().query.get('token') ?? '';
  const [error, setError] = useState<Error | string | null>(null);
  const [busy, setBusy] = useState(false);
  const [done, setDone] = useState(false);
  const submit = async (e: Event) => {
    e.preventDefault();
    const f = new FormData(e.currentTarget as HTMLFormElement);
    const password = String(f.get('password') ?? '');
    if (password !== String(f.get('confirm') ?? '')) return setError('The two passwords differ.');
    setBusy(true);
    setError(null);
    try {
      await api.reset(token, password);
      setDone(true);
      setTimeout(() => router.navigate('/login'), 1500);
    } catch (err) {
      setError(err as Error);
    } finally {
      setBusy(false);
    }
  };
  if (!token)
    return html`<${AuthCard} title="Choose a new password"><${Alert} error="This reset link is incomplete. Ask for a new one." />
      <p class="auth-links"><a href="/forgot-password">Send a new link</a></p></${AuthCard}>`;
  return html`<${AuthCard} title="Choose a new password">
    ${done
      ? html`<${Status} tone="ok">Your password is changed. Taking you to sign in…</${Status}>`
      : html`<form onSubmit=${submit} class="form">
          <${Alert} error=${error} />
          <label class="field"><span>New password</span>
            <input name="password" type="password" autocomplete="new-password" minlength=${MIN_PASSWORD} required aria-describedby="pw-help" /></label>
          <p id="pw-help" class="hint">At least ${MIN_PASSWORD} characters.</p>
          <label class="field"><span>Repeat the new password</span>
            <input name="confirm" type="password" autocomplete="new-password" minlength=${MIN_PASSWORD} required /></label>
          <button class="btn btn-primary btn-block" type="submit" disabled=${busy}>${busy ? 'Saving…' : 'Set password'}</button>
        </form>`}
  </${AuthCard}>`;
}
