/**
 * The ConnectWise pod's first page (/pod/connectwise): speaks Manage's Hosted API protocol, asks our
 * server to confirm the member with ConnectWise (POST /api/auth/connectwise-pod), then shows the pod of
 * the agreement on screen.
 */
import { html } from 'htm/preact';
import { useEffect, useState } from 'preact/hooks';
import type { Me } from '../types.js';
import { useApp } from '../ui/context.js';
import { Alert, Loading } from '../ui/parts.js';
import { speakHostedApi } from './hosted-api.js';

export function ConnectWisePodBoot({ onSignedIn }: { onSignedIn: (me: Me, contractId: string) => void }) {
  const { api } = useApp();
  const [error, setError] = useState<Error | null>(null);
  useEffect(() => {
    let live = true;
    (async () => {
      if (window.parent === window) throw new Error('Open this page from the ConnectWise agreement screen: it is a pod.');
      const { origins } = await api.get<{ origins: string[] }>('/api/pod/connectwise/hosts');
      const hosts = new Set(origins);
      const { origin, auth, screen } = await speakHostedApi(window, window.parent, (o) => hosts.has(o));
      const me = await api.request<Me & { contractId: string }>('POST', '/api/auth/connectwise-pod', {
        companyId: auth.companyid,
        memberId: auth.memberid,
        memberHash: auth.memberHash,
        ...(auth.memberContext ? { memberContext: auth.memberContext } : {}),
        origin,
        agreementId: String(screen.id),
      });
      api.csrfToken = me.csrfToken;
      if (live) onSignedIn(me, me.contractId);
    })().catch((e: Error) => live && setError(e));
    return () => {
      live = false;
    };
  }, []);
  return html`<main class="pod" id="main">${error ? html`<${Alert} error=${error} />` : html`<${Loading} label="Connecting to ConnectWise…" />`}</main>`;
}
