/**
 * GET /api/docs: the OpenAPI document as one plain HTML page, rendered on the server, so it works offline
 * and under a strict CSP (no script, no CDN). Operations grouped by tag, each with its parameters and
 * request body schema; the raw document is one link away.
 */
type Doc = { info: { title: string; description: string }; paths: Record<string, Record<string, unknown>> };
type Op = { tags: string[]; summary: string; security: unknown[]; parameters: Param[]; requestBody?: { required: boolean; content: Record<string, { schema: unknown }> }; responses: Record<string, { description?: string; $ref?: string }> };
type Param = { name: string; in: string; required: boolean; description?: string; schema: unknown };

const esc = (s: string | undefined) => String(s ?? '').replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`);
const json = (v: unknown) => esc(JSON.stringify(v, null, 2));

function operation(path: string, method: string, op: Op): string {
  const params = op.parameters.length
    ? `<table><tr><th>name</th><th>in</th><th>required</th><th>schema</th></tr>${op.parameters
        .map((p) => `<tr><td><code>${esc(p.name)}</code>${p.description ? `<br><small>${esc(p.description)}</small>` : ''}</td><td>${p.in}</td><td>${p.required ? 'yes' : ''}</td><td><code>${esc(JSON.stringify(p.schema))}</code></td></tr>`)
        .join('')}</table>`
    : '';
  const body = op.requestBody ? `<p>Body (${op.requestBody.required ? 'required' : 'optional'}):</p><pre>${json(op.requestBody.content['application/json']?.schema)}</pre>` : '';
  const answers = Object.entries(op.responses).map(([s, r]) => `<li><b>${s}</b> ${esc(r.description ?? 'Any error: {error: {code, message, requestId}}')}</li>`).join('');
  const auth = op.security.length ? 'session' : 'public';
  return `<details id="${esc(method + path)}"><summary><span class="m ${method}">${method.toUpperCase()}</span> <code>${esc(path)}</code> ${esc(op.summary)} <small>(${auth})</small></summary>${params}${body}<ul>${answers}</ul></details>`;
}

export function renderApiDocs(doc: Doc): string {
  const byTag = new Map<string, string[]>();
  for (const [path, methods] of Object.entries(doc.paths)) {
    for (const [method, op] of Object.entries(methods)) {
      const tag = (op as Op).tags[0] ?? 'API';
      byTag.set(tag, [...(byTag.get(tag) ?? []), operation(path, method, op as Op)]);
    }
  }
  const sections = [...byTag].map(([tag, ops]) => `<section><h2>${esc(tag)}</h2>${ops.join('')}</section>`).join('');
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${esc(doc.info.title)}</title>
<style>body{font:14px/1.5 system-ui,sans-serif;max-width:70rem;margin:2rem auto;padding:0 1rem}details{border:1px solid #ddd;border-radius:4px;margin:.3rem 0;padding:.3rem .6rem}
summary{cursor:pointer}.m{display:inline-block;min-width:4.5rem;font-weight:600}.get{color:#1565c0}.post{color:#2e7d32}.put{color:#ef6c00}.delete{color:#c62828}
table{border-collapse:collapse;margin:.5rem 0}td,th{border:1px solid #eee;padding:.2rem .5rem;text-align:left;vertical-align:top}pre{background:#f6f6f6;padding:.5rem;overflow:auto}</style></head>
<body><h1>${esc(doc.info.title)}</h1><p>${esc(doc.info.description)}</p><p>Machine-readable: <a href="/api/openapi.json">/api/openapi.json</a> (OpenAPI 3.1)</p>${sections}</body></html>`;
}
