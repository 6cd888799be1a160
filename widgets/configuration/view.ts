/** Configuration: one connection form per system, Test Credentials, and the licence on file. */
import { html } from 'htm/preact';
import { useState } from 'preact/hooks';
import { isAdmin, useApp } from '../ui/context.js';
import { useAsync, useFocusHeading } from '../ui/hooks.js';
import { Alert, Badge, Loading, PageHeader, Progress, Status } from '../ui/parts.js';
import { StatusPill } from '../ui/status.js';
import { formatDate } from '../ui/format.js';
import { CONFIG_PAGES } from '../shell/routes.js';
import { FORMS, formBody, reasonLabel } from './model.js';
import type { ConfigSlug } from '../shell/routes.js';
import type { Connection, ConnectionKind, CredentialCheck } from '../types.js';

export function ConfigurationView({ slug }: { slug: ConfigSlug }) {
  const { api } = useApp();
  const page = CONFIG_PAGES.find((c) => c.slug === slug)!;
  const kind = page.kind as ConnectionKind;
  const conn = useAsync(() => api.connection(kind), kind);
  const [saved, setSaved] = useState(false);
  const heading = useFocusHeading(slug);
  return html`<section class="page">
    <${PageHeader} title=${FORMS[kind].title} headingRef=${heading}
      crumbs=${[{ label: 'IDSync® Cloud', href: '/' }, { label: 'Configuration' }, { label: page.label }]} />
    <div class="config-grid">
      <div>
        <${Alert} error=${conn.error} />
        ${conn.data ? html`<${ConnectionForm} key=${conn.data.updatedAt ?? 'new'} kind=${kind} conn=${conn.data} saved=${saved}
          onSaved=${(ok: boolean) => { setSaved(ok); if (ok) conn.reload(); }} />` : conn.loading ? html`<${Loading} />` : null}
      </div>
      <${LicenceCard} />
    </div>
  </section>`;
}

function LicenceCard() {
  const { me } = useApp();
  const t = me?.tenant;
  return html`<aside class="card licence" aria-labelledby="licence-h">
    <h2 id="licence-h">IDSync® licence</h2>
    <dl>
      <dt>Licence customer</dt><dd>${t?.licenceCustomer ?? 'Not set'}</dd>
      <dt>Licence key</dt><dd><code>${t?.licenceKeyMasked ?? 'Not set'}</code></dd>
      <dt>Company</dt><dd>${t?.name}</dd>
      <dt>Billing system</dt><dd>${t?.psaKind === 'autotask' ? 'Autotask' : t?.psaKind === 'connectwise' ? 'ConnectWise' : 'Not chosen'}</dd>
      ${t?.status ? html`<dt>Status</dt><dd><${StatusPill} status=${t.status} /></dd>` : null}
    </dl>
  </aside>`;
}

function ConnectionForm({ kind, conn, saved, onSaved }: { kind: ConnectionKind; conn: Connection; saved: boolean; onSaved: (ok: boolean) => void }) {
  const { api, me } = useApp();
  const admin = isAdmin(me);
  const spec = FORMS[kind];
  const [busy, setBusy] = useState<'save' | 'test' | null>(null);
  const [error, setError] = useState<Error | null>(null);
  const [check, setCheck] = useState<CredentialCheck | null>(null);
  const values = (form: HTMLFormElement) => {
    const out: Record<string, string> = {};
    for (const [k, v] of new FormData(form)) out[k] = String(v);
    return out;
  };
  const act = async (e: Event, what: 'save' | 'test') => {
    e.preventDefault();
    const form = (e.currentTarget as HTMLElement).closest('form')!;
    if (what === 'save' && !form.reportValidity()) return;
    setBusy(what);
    setError(null);
    onSaved(false);
    setCheck(null);
    try {
      const body = formBody(kind, values(form));
      if (what === 'save') {
        await api.saveConnection(kind, body);
        onSaved(true);
      } else setCheck(await api.testConnection(kind, body));
    } catch (err) {
      setError(err as Error);
    } finally {
      setBusy(null);
    }
  };
  return html`<form class="card form config-form" onSubmit=${(e: Event) => act(e, 'save')} autocomplete="off">
    <h2>Connection</h2>
    <p class="muted">${spec.intro} <a href=${spec.docs} target="_blank" rel="noopener noreferrer">Vendor documentation</a></p>
    <p>${conn.configured ? html`<${Badge} tone="ok">Configured</${Badge}>` : html`<${Badge} tone="warn">Not configured</${Badge}>`}
      ${conn.updatedAt ? html` <span class="muted">Last changed ${formatDate(conn.updatedAt, me?.tenant.timeZone)}</span>` : null}</p>
    ${spec.fields.map((f) => {
      const id = `f-${kind}-${f.name}`;
      const isSet = conn.secrets[f.name]?.set ?? false;
      const value = conn.settings[f.name];
      return html`<div class="field">
        <label for=${id}>${f.label}${f.secret ? html` <${Badge} tone=${isSet ? 'ok' : 'muted'}>${isSet ? 'set' : 'not set'}</${Badge}>` : null}</label>
        ${f.type === 'select'
          ? html`<select id=${id} name=${f.name} disabled=${!admin} aria-describedby=${f.hint ? `${id}-h` : undefined}>${f.options!.map((o) => html`<option value=${o.value} selected=${(value ?? f.options![0]!.value) === o.value}>${o.label}</option>`)}</select>`
          : f.secret
            ? html`<input id=${id} name=${f.name} type="password" autocomplete="new-password" disabled=${!admin}
                placeholder=${isSet ? 'Stored. Type to replace it' : 'Not set'} aria-describedby=${`${id}-h`} />`
            : html`<input id=${id} name=${f.name} type=${f.type ?? 'text'} defaultValue=${value == null ? '' : String(value)} required=${f.required} disabled=${!admin} aria-describedby=${f.hint ? `${id}-h` : undefined} />`}
        ${f.secret
          ? html`<p class="hint" id=${`${id}-h`}>${isSet ? 'Leave empty to keep the stored value.' : 'Required before the first sync.'}</p>`
          : f.hint ? html`<p class="hint" id=${`${id}-h`}>${f.hint}</p>` : null}
      </div>`;
    })}
    <${Alert} error=${error} />
    ${busy === 'test' ? html`<${Progress} label="Testing credentials…" />` : null}
    ${check ? html`<${CheckResult} check=${check} />` : null}
    ${saved ? html`<${Status} tone="ok">Saved.</${Status}>` : null}
    ${admin
      ? html`<div class="form-actions">
          <button type="submit" class="btn btn-primary" disabled=${busy !== null}>${busy === 'save' ? 'Saving…' : 'Save'}</button>
          <button type="button" class="btn" disabled=${busy !== null} onClick=${(e: Event) => act(e, 'test')}>Test Credentials</button>
        </div>`
      : html`<p class="muted">Only an administrator can change these settings.</p>`}
  </form>`;
}

export function CheckResult({ check }: { check: CredentialCheck }) {
  if (check.ok) return html`<${Status} tone="ok"><strong>Credentials work.</strong> ${check.detail}</${Status}>`;
  return html`<div class="alert alert-error" role="alert">
    <strong>${reasonLabel(check.reason)}</strong> <code class="reason">${check.reason}</code>
    <p class="vendor-message">${check.message}</p>
  </div>`;
}
