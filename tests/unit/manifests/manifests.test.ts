/** Every descriptor in manifests/ keeps its format's rules, and each rule catches a broken copy. */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkApsPackage, checkInsight, checkPod } from './rules.js';

const root = path.resolve(__dirname, '../../../manifests');
const apsDir = path.join(root, 'odin-aps');
const json = (f: string) => JSON.parse(readFileSync(path.join(root, f), 'utf8'));
const read = (p: string) => readFileSync(path.join(apsDir, p), 'utf8');

/** The package with one file's text changed, everything else as committed. */
function apsWith(file: string, change: (text: string) => string) {
  return checkApsPackage(apsDir, (p) => (p === file ? change(read(p)) : read(p)));
}

describe('APS 2 package (manifests/odin-aps)', () => {
  it('is valid', () => {
    expect(checkApsPackage(apsDir)).toEqual([]);
  });
  const broken: [string, string, (t: string) => string, RegExp][] = [
    ['malformed XML', 'APP-META.xml', (t) => t.replace('</application>', ''), /well-formed/],
    ['the wrong namespace', 'APP-META.xml', (t) => t.replace('http://aps-standard.org/ns/2', 'http://example.org/ns'), /namespace/],
    ['an unknown UX1 placeholder', 'APP-META.xml', (t) => t.replace('http://www.parallels.com/ccp/2', 'http://www.parallels.com/ccp/9'), /placeholder/],
    ['a var of an undeclared type', 'APP-META.xml', (t) => t.replace('type-id="http://idsync.example/aps/context/1.0"', 'type-id="http://idsync.example/aps/nothing/1.0"'), /does not declare/],
    ['a missing view file', 'APP-META.xml', (t) => t.replace('src="ui/launch.js"', 'src="ui/missing.js"'), /does not exist/],
    ['a missing context service', 'APP-META.xml', (t) => t.replace('<service id="contexts">', '<service id="other">'), /"contexts" is missing/],
    ['three navigation levels', 'APP-META.xml', (t) => t.replace('<view id="launch"', '<item id="a" label="A"><item id="b" label="B"/></item><view id="launch"'), /2 navigation levels/],
    ['a type without apsVersion', 'schemas/context.schema', (t) => t.replace('"apsVersion": "2.0",', ''), /apsVersion/],
    ['an operation with a bad verb', 'schemas/context.schema', (t) => t.replace('"verb": "GET"', '"verb": "FETCH"'), /verb/],
    ['a relation to an unknown type', 'schemas/context.schema', (t) => t.replace('"type": "http://idsync.example/aps/application/1.0"', '"type": "http://idsync.example/aps/ghost/1.0"'), /unknown type/],
  ];
  for (const [name, file, change, expected] of broken) {
    it(`fails with ${name}`, () => {
      const errors = apsWith(file, change);
      expect(errors.join('\n')).toMatch(expected);
    });
  }
});

describe('Autotask Insight (manifests/autotask-insight.json)', () => {
  const insight = json('autotask-insight.json');
  it('is valid', () => expect(checkInsight(insight)).toEqual([]));
  it('fails with an unknown field, a literal secret, a non-https URL', () => {
    expect(checkInsight({ ...insight, record: { ...insight.record, colour: 'red' } }).join()).toMatch(/colour/);
    expect(checkInsight({ ...insight, record: { ...insight.record, secret: 'hunter2' } }).join()).toMatch(/placeholder/);
    expect(checkInsight({ ...insight, record: { ...insight.record, referenceUrl: 'http://x.example/i' } }).join()).toMatch(/referenceUrl/);
    expect(checkInsight({ ...insight, record: { ...insight.record, height: '480' } }).join()).toMatch(/height/);
  });
});

describe('ConnectWise pod (manifests/connectwise-pod.json)', () => {
  const pod = json('connectwise-pod.json');
  it('is valid, on the Agreement screen as a Pod', () => {
    expect(checkPod(pod)).toEqual([]);
    expect(pod.row).toMatchObject({ screen: 'Agreement', type: 'Pod' });
  });
  it('fails with an unknown screen, type or field', () => {
    expect(checkPod({ ...pod, row: { ...pod.row, screen: 'Agreements' } }).join()).toMatch(/screen/);
    expect(checkPod({ ...pod, row: { ...pod.row, type: 'Popup' } }).join()).toMatch(/type/);
    expect(checkPod({ ...pod, row: { ...pod.row, token: 'x' } }).join()).toMatch(/token/);
  });
});
