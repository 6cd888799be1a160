import { describe, expect, it } from 'vitest';
import { explainDrift, findForeignEdit, markedDescription, readOwnershipMark, type LineFacts } from '../../../server/domain/ownership.js';

const owner = { odinSubscriptionId: '1000807', odinResourceId: '100230' };
const line = (over: Partial<LineFacts>): LineFacts => ({
  id: '1', description: 'Exchange Online (Plan 1) IDSync: 1000807/100230 [IDSync a1]', quantity: 3, live: true,
  enteredBy: 'IDSyncAPI', entered: '2026-03-16T14:00:00Z', updatedBy: 'IDSyncAPI', lastUpdated: '2026-03-16T14:00:00Z', ...over,
});
const SINCE = '2026-03-16T13:00:00.000Z';
const mine = (lineIds: string[] = []) => ({ owner, since: SINCE, lineIds });

describe('ownership mark', () => {
  it('puts the product text (cut to 60), the owner and the suffix in that order, and reads the owner back', () => {
    const d = markedDescription('x'.repeat(80), owner, '[IDSync a1]');
    expect(d).toBe(`${'x'.repeat(60)} IDSync: 1000807/100230 [IDSync a1]`);
    expect(readOwnershipMark(d)).toEqual(owner);
    expect(markedDescription(null, owner)).toBe('IDSync: 1000807/100230');
    expect(readOwnershipMark('Exchange Online [IDSync a1]')).toBeNull();
    expect(readOwnershipMark(null)).toBeNull();
  });
});

describe('foreign edits', () => {
  it('our lines edited only by us: none', () => {
    expect(findForeignEdit([line({}), line({ id: '2' })], mine())).toBeNull();
  });
  it('our line last updated by another member: that member, that time', () => {
    const e = findForeignEdit([line({}), line({ id: '2', updatedBy: 'jsmith', lastUpdated: '2026-03-18T09:00:00Z', quantity: 5 })], mine());
    expect(e).toEqual({ lineId: '2', by: 'jsmith', at: '2026-03-18T09:00:00Z', what: "IDSync's line 2 was changed (now 5 units)" });
  });
  it('an unmarked live line entered after the relation was made is foreign; one from before is the starting units', () => {
    const before = line({ id: '9', description: 'Exchange Online', enteredBy: 'jsmith', entered: '2026-03-01T09:00:00Z', updatedBy: 'jsmith' });
    expect(findForeignEdit([before, line({})], mine())).toBeNull();
    const after = line({ id: '10', description: 'Exchange Online', enteredBy: 'jsmith', entered: '2026-03-17T09:00:00Z', updatedBy: 'jsmith', lastUpdated: '2026-03-17T09:00:00Z' });
    expect(findForeignEdit([before, line({}), after], mine())).toMatchObject({ lineId: '10', by: 'jsmith' });
    // A cancelled or zero line adds no units: not reported.
    expect(findForeignEdit([line({}), { ...after, live: false }], mine())).toBeNull();
  });
  it("another resource's mark is not ours; the latest of several edits is named", () => {
    const other = line({ id: '3', description: 'X IDSync: 1000807/999 [IDSync b]', entered: '2026-03-17T00:00:00Z', enteredBy: 'IDSyncAPI' });
    const e1 = line({ id: '4', updatedBy: 'ann', lastUpdated: '2026-03-17T10:00:00Z' });
    const e2 = line({ id: '5', updatedBy: 'bob', lastUpdated: '2026-03-18T10:00:00Z' });
    expect(findForeignEdit([line({}), other, e2, e1], mine())).toMatchObject({ lineId: '5', by: 'bob' });
  });
});

describe('lines written before marks existed', () => {
  it('an unmarked line our log posted is ours, and its member is us', () => {
    const legacy = line({ id: '20', description: 'Exchange Online (Plan 1)', entered: '2026-03-17T09:00:00Z', lastUpdated: '2026-03-17T09:00:00Z' });
    expect(findForeignEdit([legacy], mine())).toMatchObject({ lineId: '20' });
    expect(findForeignEdit([legacy], mine(['20']))).toBeNull();
    expect(findForeignEdit([legacy, { ...legacy, id: '21', updatedBy: 'jsmith' }], mine(['20', '21']))).toMatchObject({ lineId: '21', by: 'jsmith' });
  });
});

describe('explainDrift', () => {
  const reading = { units: 7, foreignEdit: null, unitsFrom: '2026-03-01', recordsWho: false };
  it('a difference with no one named: not our adjustment, where the units run from, and that the PSA does not record who', () => {
    expect(explainDrift(reading, 5, 'Autotask')).toEqual({ changedBy: null, changedAt: '2026-03-01',
      change: "Units are 7 in Autotask, in force from 2026-03-01, IDSync's log says 5: not one of IDSync's adjustments. Autotask does not record who changes a service's units." });
  });
  it('a named foreign edit wins, with the unit change when there is one; nothing to say when all matches', () => {
    const foreignEdit = { lineId: '2', by: 'jsmith', at: 'T', what: 'w' };
    expect(explainDrift({ ...reading, foreignEdit, recordsWho: true }, 5, 'ConnectWise')).toEqual({ changedBy: 'jsmith', changedAt: 'T', change: 'w; units 5 -> 7' });
    expect(explainDrift({ ...reading, foreignEdit, recordsWho: true }, 7, 'ConnectWise')).toEqual({ changedBy: 'jsmith', changedAt: 'T', change: 'w' });
    expect(explainDrift(reading, 7, 'Autotask')).toBeNull();
  });
});
