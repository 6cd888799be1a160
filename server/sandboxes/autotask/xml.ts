/**
 * A small XML reader for the sandbox's SOAP endpoint and QueryXML: elements, attributes, text, CDATA and
 * the five predefined entities (plus numeric ones). No DTDs, no external entities, by design.
 */
export interface XmlNode { name: string; local: string; attrs: Record<string, string>; children: XmlNode[]; text: string }

const decode = (s: string) =>
  s.replace(/&(lt|gt|amp|quot|apos|#\d+|#x[0-9a-f]+);/gi, (_, e: string) => {
    const map: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };
    if (e[0] === '#') return String.fromCodePoint(e[1] === 'x' || e[1] === 'X' ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10));
    return map[e.toLowerCase()] ?? '';
  });

export const escapeXml = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

export function parseXml(src: string): XmlNode {
  const root: XmlNode = { name: '#root', local: '#root', attrs: {}, children: [], text: '' };
  const stack: XmlNode[] = [root];
  const re = /<!\[CDATA\[([\s\S]*?)\]\]>|<!--[\s\S]*?-->|<\?[\s\S]*?\?>|<!DOCTYPE[^>]*>|<\/([^\s>]+)\s*>|<([^\s/>]+)((?:\s+[^\s=]+\s*=\s*(?:"[^"]*"|'[^']*'))*)\s*(\/?)>|([^<]+)/gy;
  let m: RegExpExecArray | null;
  let pos = 0;
  while (pos < src.length && (m = re.exec(src))) {
    pos = re.lastIndex;
    const top = stack[stack.length - 1]!;
    if (m[1] !== undefined) top.text += m[1];
    else if (m[2] !== undefined) {
      if (top.name !== m[2]) throw new Error(`XML: </${m[2]}> closes <${top.name}>`);
      stack.pop();
    } else if (m[3] !== undefined) {
      const attrs: Record<string, string> = {};
      for (const a of (m[4] ?? '').matchAll(/([^\s=]+)\s*=\s*(?:"([^"]*)"|'([^']*)')/g)) attrs[a[1]!] = decode(a[2] ?? a[3] ?? '');
      const node: XmlNode = { name: m[3], local: m[3].split(':').pop()!, attrs, children: [], text: '' };
      top.children.push(node);
      if (!m[5]) stack.push(node);
    } else if (m[6] !== undefined) top.text += decode(m[6]);
  }
  if (pos < src.length) throw new Error(`XML: unreadable content at ${pos}`);
  if (stack.length !== 1) throw new Error(`XML: <${stack[stack.length - 1]!.name}> is not closed`);
  return root;
}

export const child = (n: XmlNode | undefined, local: string): XmlNode | undefined => n?.children.find((c) => c.local.toLowerCase() === local.toLowerCase());
export const children = (n: XmlNode | undefined, local: string): XmlNode[] => n?.children.filter((c) => c.local.toLowerCase() === local.toLowerCase()) ?? [];
/** xsi:type value without its prefix. */
export const xsiType = (n: XmlNode): string | undefined => Object.entries(n.attrs).find(([k]) => k.split(':').pop() === 'type')?.[1]?.split(':').pop();
