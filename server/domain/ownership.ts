/**
 * Ownership: every PSA line the product writes says which Marketplace subscription and resource it bills,
 * so a billing manager reading the PSA (and our drift check) can tell our lines from everyone else's.
 *  - ConnectWise: the addition's `description` (not `invoiceDescription`, which prints on the customer's
 *    invoice): the product's own text, then `IDSync: <subscription>/<resource>`, then `[IDSync <adjustment id>]`
 *    (the bracket is what a replace post finds its own addition by; see connectwise/replace.ts markerOf).
 *  - Autotask: a ContractServiceAdjustment has no text field, and on a ContractService only `adjustedPrice` and
 *    `invoiceDescription` may be updated (REST ContractServicesEntity, "On Update()"): the mark goes in the
 *    contract service's `internalDescription` when the product creates that service on the contract.
 * A change to one of our lines by someone else (a hand edit, another integration) is a foreign edit.
 */

export interface LineOwner {
  odinSubscriptionId: string;
  odinResourceId: string;
}

/** Where the product's own text may run to before the mark (ConnectWise catalog descriptions are 60 characters). */
export const MARKED_TEXT_MAX = 60;

export const ownershipMark = (o: LineOwner) => `IDSync: ${o.odinSubscriptionId}/${o.odinResourceId}`;

const MARK = /IDSync: ([^\s/]+)\/([^\s\]]+)/;

/** The owner a line's text names, or null when it carries no mark of ours. */
export function readOwnershipMark(text: string | null | undefined): LineOwner | null {
  const m = typeof text === 'string' ? MARK.exec(text) : null;
  return m ? { odinSubscriptionId: m[1]!, odinResourceId: m[2]! } : null;
}

/** The description of a line we write: the product's text (cut to fit), the owner's mark, then `suffix` (e.g. the adjustment marker). */
export function markedDescription(text: string | null | undefined, owner: LineOwner | null, suffix = ''): string {
  const parts = [(text ?? '').trim().slice(0, MARKED_TEXT_MAX), owner ? ownershipMark(owner) : '', suffix];
  return parts.filter((p) => p !== '').join(' ');
}

/** What a PSA says about one line of a service (a ConnectWise addition). `live`: it counts on the date checked. */
export interface LineFacts {
  id: string;
  description: string | null;
  quantity: number;
  live: boolean;
  enteredBy: string | null;
  /** When it was entered, as the PSA writes it. */
  entered: string | null;
  updatedBy: string | null;
  /** When it was last changed, as the PSA writes it. */
  lastUpdated: string | null;
}

/** Who changed one of the service's lines, and what, where the PSA says. */
export interface ForeignEdit {
  lineId: string;
  by: string | null;
  at: string | null;
  what: string;
}

/**
/** What the product knows of its own lines of one service. */
export interface OurLines {
  owner: LineOwner;
  /** When the relation was made: lines entered before it are the starting units, not edits. */
  since: string;
  /** PSA references of our posted adjustments (lines written before marks existed carry none). */
  lineIds: readonly string[];
}

/**
 * The latest change to a service's lines not made by us: a live line that is not ours entered after the
 * relation was made, or a line of ours last updated by someone other than the member that entered our lines.
 * Ours: it carries our mark, or its id is one our log recorded. "Us" is whoever entered our lines, so no
 * extra call is needed to learn the product's own API member.
 */
export function findForeignEdit(lines: readonly LineFacts[], mine: OurLines): ForeignEdit | null {
  const { owner, since } = mine;
  const known = new Set(mine.lineIds);
  const ours = (l: LineFacts) => {
    if (known.has(l.id)) return true;
    const o = readOwnershipMark(l.description);
    return o !== null && o.odinSubscriptionId === owner.odinSubscriptionId && o.odinResourceId === owner.odinResourceId;
  };
  const us = new Set(lines.filter(ours).map((l) => l.enteredBy).filter((x): x is string => !!x));
  const edits: ForeignEdit[] = [];
  for (const l of lines) {
    if (!ours(l)) {
      if (l.live && l.quantity !== 0 && after(l.entered, since)) edits.push({ lineId: l.id, by: l.updatedBy ?? l.enteredBy, at: l.lastUpdated, what: `line ${l.id} (${l.quantity} units) was not written by IDSync` });
    } else if (l.updatedBy && !us.has(l.updatedBy)) {
      edits.push({ lineId: l.id, by: l.updatedBy, at: l.lastUpdated, what: `IDSync's line ${l.id} was changed (now ${l.quantity} units)` });
    }
  }
  edits.sort((a, b) => time(a.at) - time(b.at));
  return edits.at(-1) ?? null;
}

/** PSA stamps and ours differ in format ("...T14:00:00Z" vs "...T14:00:00.000Z"): compare instants. */
const time = (s: string | null) => (s ? Date.parse(s) || 0 : 0);
const after = (s: string | null, since: string) => time(s) > time(since);

/** What the drift view says of a finding: who changed the line, when, and what. */
export interface DriftNote {
  changedBy: string | null;
  changedAt: string | null;
  change: string;
}

/**
 * The drift view's words for one reading: the PSA's own account of a foreign edit when it gives one; else,
 * when the units differ from our log, the difference is not one of our adjustments, with the date the units
 * run from and, where the PSA does not record who, that it does not. Null when there is nothing to report.
 */
export function explainDrift(
  r: { units: number; foreignEdit: ForeignEdit | null; unitsFrom: string | null; recordsWho: boolean },
  expected: number,
  psaName: string,
): DriftNote | null {
  const differs = r.units !== expected;
  if (r.foreignEdit) {
    const units = differs ? `; units ${expected} -> ${r.units}` : '';
    return { changedBy: r.foreignEdit.by, changedAt: r.foreignEdit.at, change: `${r.foreignEdit.what}${units}` };
  }
  if (!differs) return null;
  const from = r.unitsFrom ? `, in force from ${r.unitsFrom}` : '';
  const who = r.recordsWho ? '' : ` ${psaName} does not record who changes a service's units.`;
  return { changedBy: null, changedAt: r.unitsFrom, change: `Units are ${r.units} in ${psaName}${from}, IDSync's log says ${expected}: not one of IDSync's adjustments.${who}` };
}
