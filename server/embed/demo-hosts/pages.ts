/**
 * The stand-in host pages of demo mode: what an ODIN control panel, a ConnectWise agreement screen and
 * an Autotask contract page do with our product, on the *other* loopback name so the embedding is
 * really cross-site (a page on 127.0.0.1 frames the app on localhost, and the reverse).
 * They are test fixtures of other vendors' screens, not product screens: plain HTML and one script each.
 */
const page = (title: string, body: string, script: string) => `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${title}</title><link rel="stylesheet" href="/demo-hosts/hosts.css"></head>
<body><header class="host-bar">${title} <small>(stand-in host page, demo mode)</small></header><main>${body}</main>
<script src="/demo-hosts/${script}"></script></body></html>`;

export const HOSTS_CSS = `body{font-family:system-ui,sans-serif;margin:0;background:#eef1f5;color:#1d2433}
.host-bar{background:#23395d;color:#fff;padding:.6rem 1rem;font-weight:600}.host-bar small{font-weight:400;opacity:.8}
main{padding:1rem;max-width:70rem}dl{display:grid;grid-template-columns:max-content 1fr;gap:.3rem 1rem}dt{font-weight:600}
button{font:inherit;padding:.4rem .9rem;margin:.3rem .3rem .3rem 0;cursor:pointer}
iframe{width:100%;height:760px;border:1px solid #b9c3d0;background:#fff}.pod iframe{height:560px}
.agreement{background:#fff;border:1px solid #ccd;padding:.6rem 1rem;margin-bottom:.8rem}`;

export const PANEL_HTML = page(
  'ODIN customer control panel',
  `<section><h1>IDSync Cloud</h1>
  <p>A customer subscribes to IDSync Cloud: the APS controller provisions the tenant, then the panel view shows the licence and gateway (never the password) and launches the app.</p>
  <button id="provision" type="button">Subscribe (provision a customer)</button>
  <dl id="licence" hidden><dt>Customer</dt><dd id="customer"></dd><dt>Licence number</dt><dd id="licenceKey"></dd>
  <dt>Gateway user</dt><dd id="gatewayUser"></dd><dt>Gateway URL</dt><dd id="gatewayUrl"></dd><dt>Username</dt><dd id="adminEmail"></dd></dl>
  <div id="actions" hidden><button id="copy" type="button">Copy config</button><button id="launch" type="button">Launch IDSync Cloud</button><button id="tab" type="button">Open in a new tab</button></div>
  <p id="note" role="status"></p><div id="frame"></div></section>`,
  'panel.js',
);

export const CONNECTWISE_HTML = page(
  'ConnectWise Manage: Agreement',
  `<div class="agreement"><strong>Agreement</strong> <span id="agreement"></span></div><div class="pod" id="pod"></div>`,
  'connectwise.js',
);

export const AUTOTASK_HTML = page(
  'Autotask: Contract',
  `<div class="agreement"><strong>Contract</strong> <span id="contract"></span></div><div class="pod" id="insight"></div>`,
  'autotask.js',
);

/** The control panel's view script: provisioning and launch go through the stand-in controller. */
export const PANEL_JS = `(() => {
  const $ = (id) => document.getElementById(id);
  let apsId = null;
  const post = (path, body) => fetch(path, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body || {}) }).then((r) => r.json());
  $('provision').onclick = async () => {
    const ctx = await post('/demo-hosts/panel/provision');
    apsId = ctx.aps.id;
    for (const k of ['customerName', 'licenceKey', 'gatewayUser', 'gatewayUrl', 'adminEmail']) $(k === 'customerName' ? 'customer' : k).textContent = ctx[k] || '';
    $('licence').hidden = false; $('actions').hidden = false; $('note').textContent = 'Provisioned: ' + ctx.customerName;
  };
  $('copy').onclick = () => navigator.clipboard && navigator.clipboard.writeText(['customer', 'licenceKey', 'gatewayUser', 'gatewayUrl', 'adminEmail'].map((k) => k + ': ' + $(k).textContent).join('\\n'));
  const launchUrl = () => post('/demo-hosts/panel/launch', { apsId }).then((a) => a.url);
  $('launch').onclick = async () => {
    const frame = document.createElement('iframe');
    frame.title = 'IDSync Cloud'; frame.id = 'app';
    frame.src = await launchUrl();
    $('frame').replaceChildren(frame);
  };
  $('tab').onclick = async () => { const tab = window.open('about:blank', '_blank'); if (tab) { tab.opener = null; tab.location.href = await launchUrl(); } };
})();`;

/** The Manage side of the Hosted API protocol (research connectwise.md §4). */
export const CONNECTWISE_JS = `(() => {
  const q = new URLSearchParams(location.search);
  const agreement = q.get('agreement');
  document.getElementById('agreement').textContent = agreement;
  const frameID = 'frame-' + Math.random().toString(36).slice(2);
  let member = null;
  fetch('/demo-hosts/connectwise/member', { method: 'POST' }).then((r) => r.json()).then((m) => { member = m; });
  const frame = document.createElement('iframe');
  frame.title = 'IDSync Cloud Billing pod'; frame.id = 'pod-frame';
  frame.src = q.get('app') + '/pod/connectwise';
  const appOrigin = new URL(frame.src).origin;
  document.getElementById('pod').appendChild(frame);
  const send = (m) => frame.contentWindow.postMessage(JSON.stringify(m), appOrigin);
  const waitMember = () => new Promise((ok) => { const t = setInterval(() => { if (member) { clearInterval(t); ok(member); } }, 20); });
  window.addEventListener('message', async (e) => {
    if (e.origin !== appOrigin) return;
    const m = JSON.parse(e.data);
    if (m.message === 'ready') { send({ MessageFrameID: frameID }); send({ event: 'onLoad', _id: 'load-1', data: { screenObject: { id: Number(agreement), screen: 'agreement', hostedAs: 'pod' } } }); }
    if (m.request === 'getMemberAuthentication') { const x = await waitMember(); send({ response: 'getmemberauthentication', data: { companyid: x.companyId, memberid: x.memberId, memberHash: x.memberHash, memberContext: '', memberEmail: x.memberId + '@demo.example', site: location.host } }); }
    if (m.request === 'getScreenObject') send({ response: 'getscreenobject', data: { id: Number(agreement), screen: 'agreement', hostedAs: 'pod' } });
  });
})();`;

/** Autotask loads the Insight's referenceUrl, signed (our scheme, README "Embedding"). */
export const AUTOTASK_JS = `(() => {
  const q = new URLSearchParams(location.search);
  const contract = q.get('contract');
  document.getElementById('contract').textContent = contract;
  fetch('/demo-hosts/autotask/sign?contract=' + encodeURIComponent(contract)).then((r) => r.json()).then((a) => {
    const frame = document.createElement('iframe');
    frame.title = 'IDSync Cloud Billing Insight'; frame.id = 'insight-frame';
    frame.src = a.url;
    document.getElementById('insight').appendChild(frame);
  });
})();`;
