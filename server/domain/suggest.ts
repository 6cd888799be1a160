/**
 * "Software assisted" mapping: for an unlinked company or resource, the one PSA account or service whose
 * name most resembles it, with a score 0..1 the user confirms with one click. Pure: no I/O.
 *
 * Names are normalised (case, accents, punctuation, legal suffixes, "Bros." = "Brothers", the 2020
 * Office 365 -> Microsoft 365 renaming), then compared token by token. Tokens are weighted by how rare
 * they are among the candidates (a shared "Visio" says more than a shared "365"), and a token matches
 * another when they are equal or nearly so by Levenshtein distance (typos, "Geotech"/"GeoTek").
 */
import { distance } from 'fastest-levenshtein';

export type NameKind = 'company' | 'product';

/** Below these scores no suggestion is made. Products are compared only with the few services of the
 * subscription's own contract, so a weaker resemblance is still worth showing. */
export const SUGGEST_THRESHOLD: Record<NameKind, number> = { company: 0.6, product: 0.4 };

const LEGAL_SUFFIXES = new Set([
  'inc', 'incorporated', 'llc', 'llp', 'lp', 'ltd', 'limited', 'co', 'company', 'corp', 'corporation',
  'plc', 'gmbh', 'ag', 'sa', 'sarl', 'bv', 'nv', 'pty', 'pc', 'pllc', 'srl', 'spa', 'oy', 'ab', 'as',
]);
const STOPWORDS = new Set(['the', 'and', 'of', 'for', 'a', 'an', 'with', 'de', 'et']);
/** Billing words a PSA adds to a product name that say nothing about the product. */
const BILLING_WORDS = new Set([
  'monthly', 'annual', 'annually', 'yearly', 'month', 'year', 'prepaid', 'pre', 'paid', 'nce',
  'subscription', 'license', 'licence', 'licenses', 'licences', 'commitment', 'term', 'csp',
]);
const SYNONYMS: Record<string, string> = {
  bros: 'brothers', bro: 'brother', intl: 'international', natl: 'national', mgmt: 'management',
  svcs: 'services', svc: 'service', assoc: 'associates', dept: 'department', ctr: 'center', centre: 'center',
  tech: 'technology', technologies: 'technology', mfg: 'manufacturing', med: 'medical', '&': 'and',
  m365: 'm365', o365: 'm365', ms: 'microsoft',
};

/** The significant words of a name, in order. */
export function nameTokens(name: string, kind: NameKind): string[] {
  const plain = name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/&/g, ' and ')
    .replace(/[^a-z0-9]+/g, ' ')
    .trim();
  let words = plain ? plain.split(' ').map((w) => SYNONYMS[w] ?? w) : [];
  // "Office 365" and "Microsoft 365" name one product line since Microsoft's 2020 renaming.
  const merged: string[] = [];
  for (let i = 0; i < words.length; i++) {
    if ((words[i] === 'office' || words[i] === 'microsoft') && words[i + 1] === '365') {
      merged.push('m365');
      i++;
    } else merged.push(words[i]!);
  }
  words = merged.filter((w) => !STOPWORDS.has(w));
  if (kind === 'company') {
    while (words.length > 1 && LEGAL_SUFFIXES.has(words[words.length - 1]!)) words.pop();
  } else {
    words = words.filter((w) => !BILLING_WORDS.has(w));
  }
  return words;
}

/** 1 for equal tokens, their Levenshtein similarity when close enough to be the same word, else 0. */
function tokenSimilarity(a: string, b: string): number {
  if (a === b) return 1;
  // Numbers and short codes ("e3", "2") must match exactly: "Plan 1" is not "Plan 2".
  if (a.length < 4 || b.length < 4 || /^\d+$/.test(a) || /^\d+$/.test(b)) return 0;
  const sim = 1 - distance(a, b) / Math.max(a.length, b.length);
  return sim >= 0.8 ? sim : 0;
}

/** Words that name an edition of a product: two names each with a different one are different products. */
const EDITION_WORDS = new Set([
  'basic', 'standard', 'premium', 'essentials', 'pro', 'plus', 'starter', 'advanced', 'ultimate', 'lite', 'free',
  'e1', 'e3', 'e5', 'f1', 'f3', 'a1', 'a3', 'a5', 'p1', 'p2', 'g1', 'g3', 'g5',
]);

interface TokenMatch {
  /** Weighted Dice overlap, 0..1. */
  score: number;
  /** Each side keeps a word the other lacks that tells products apart (an edition, a number). */
  conflict: boolean;
}

/** Weighted Dice overlap of two token lists, each token of `a` paired with its best unused match in `b`. */
function tokenMatch(a: string[], b: string[], weight: (t: string) => number, kind: NameKind): TokenMatch {
  if (a.length === 0 || b.length === 0) return { score: 0, conflict: false };
  const used = new Set<number>();
  const leftA: string[] = [];
  let shared = 0;
  for (const ta of a) {
    let best = 0;
    let bestIdx = -1;
    b.forEach((tb, i) => {
      if (used.has(i)) return;
      const s = tokenSimilarity(ta, tb);
      if (s > best) [best, bestIdx] = [s, i];
    });
    if (bestIdx >= 0) {
      used.add(bestIdx);
      shared += best * (weight(ta) + weight(b[bestIdx]!)) / 2;
    } else leftA.push(ta);
  }
  const leftB = b.filter((_, i) => !used.has(i));
  const isNumber = (t: string) => /^\d+$/.test(t);
  const isEdition = (t: string) => kind === 'product' && EDITION_WORDS.has(t);
  // A conflict is the same kind of word on both sides ("Plan 1"/"Plan 2", "Standard"/"Basic");
  // "Visio Plan 2" against "Visio Pro" is a renaming, not two editions.
  const conflict = (leftA.some(isNumber) && leftB.some(isNumber)) || (leftA.some(isEdition) && leftB.some(isEdition));
  const total = a.reduce((s, t) => s + weight(t), 0) + b.reduce((s, t) => s + weight(t), 0);
  return { score: total === 0 ? 0 : (2 * shared) / total, conflict };
}

/** "Business Standard" against "Business Basic", "Plan 1" against "Plan 2": alike in letters, not a match. */
const CONFLICT_PENALTY = 0.3;

/** Similarity of two token lists: the better of word overlap and letters, halved on an edition conflict. */
function similarity(a: string[], b: string[], weight: (t: string) => number, kind: NameKind): number {
  const m = tokenMatch(a, b, weight, kind);
  const score = Math.max(m.score, charScore(a, b));
  return m.conflict ? score * CONFLICT_PENALTY : score;
}

/** Character-level similarity of the normalised names run together ("One Geotech" ~ "OneGeotech"). */
function charScore(a: string[], b: string[]): number {
  const x = a.join('');
  const y = b.join('');
  if (!x || !y) return 0;
  return 1 - distance(x, y) / Math.max(x.length, y.length);
}

/** Similarity of two names with every token weighing the same: the matcher without candidate context. */
export function nameSimilarity(a: string, b: string, kind: NameKind): number {
  const ta = nameTokens(a, kind);
  const tb = nameTokens(b, kind);
  return round(similarity(ta, tb, () => 1, kind));
}

export interface Candidate<T> {
  name: string;
  /** A product code (PSA service code, Marketplace MPN): equal codes are a certain match. */
  code?: string | null;
  value: T;
}

export interface Match<T> {
  candidate: Candidate<T>;
  score: number;
}

export interface Matcher<T> {
  /** The best candidate for `name` at or above the kind's threshold, or null. */
  best(name: string, code?: string | null): Match<T> | null;
  /** Every candidate's score for `name`, best first (for tests and tie inspection). */
  rank(name: string, code?: string | null): Match<T>[];
}

/** A matcher over a fixed candidate list (PSA accounts, or the services of one contract). */
export function createMatcher<T>(candidates: readonly Candidate<T>[], kind: NameKind, threshold = SUGGEST_THRESHOLD[kind]): Matcher<T> {
  const prepared = candidates.map((c) => ({ c, tokens: nameTokens(c.name, kind), code: normCode(c.code) }));
  const df = new Map<string, number>();
  for (const p of prepared) for (const t of new Set(p.tokens)) df.set(t, (df.get(t) ?? 0) + 1);
  const n = prepared.length;
  // Inverse document frequency, floored so a word on every candidate still counts a little.
  const weight = (t: string) => Math.max(0.25, Math.log((n + 1) / ((df.get(t) ?? 0) + 0.5)));
  // Blocking keys keep 2,000 x 2,000 companies from being compared pair by pair.
  const index = new Map<string, number[]>();
  const keysOf = (tokens: string[]) => {
    const keys = new Set<string>();
    for (const t of tokens) keys.add(t.length > 4 ? `p:${t.slice(0, 4)}` : `t:${t}`);
    const joined = tokens.join('');
    if (joined) keys.add(`j:${joined.slice(0, 5)}`);
    return keys;
  };
  prepared.forEach((p, i) => {
    for (const k of keysOf(p.tokens)) index.set(k, [...(index.get(k) ?? []), i]);
  });

  const rank = (name: string, code?: string | null): Match<T>[] => {
    const tokens = nameTokens(name, kind);
    const wanted = normCode(code);
    const seen = new Set<number>();
    // Candidates sharing a distinctive key; a key most candidates share ("services", "365") only
    // widens the search when the name has no rarer one.
    const lists = [...keysOf(tokens)].map((k) => index.get(k) ?? []).filter((l) => l.length > 0).sort((a, b) => a.length - b.length);
    const wide = Math.max(50, Math.ceil(n / 20));
    lists.forEach((l, i) => (i === 0 || l.length <= wide) && l.forEach((x) => seen.add(x)));
    if (wanted) prepared.forEach((p, i) => p.code === wanted && seen.add(i));
    const out: Match<T>[] = [];
    for (const i of seen) {
      const p = prepared[i]!;
      const score = wanted && p.code === wanted ? 1 : similarity(tokens, p.tokens, weight, kind);
      out.push({ candidate: p.c, score: round(score) });
    }
    return out.sort((x, y) => y.score - x.score || x.candidate.name.localeCompare(y.candidate.name));
  };
  return {
    rank,
    best(name, code) {
      const top = rank(name, code)[0];
      return top && top.score >= threshold ? top : null;
    },
  };
}

function normCode(code: string | null | undefined): string | null {
  const c = code?.trim().toLowerCase().replace(/[^a-z0-9]/g, '');
  return c ? c : null;
}

const round = (x: number) => Math.round(Math.min(1, Math.max(0, x)) * 1000) / 1000;
