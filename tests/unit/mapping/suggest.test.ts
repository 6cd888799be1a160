import { describe, expect, it } from 'vitest';
import { DEMO_CUSTOMERS, DEMO_PRODUCTS } from '../../../server/demo/roster.js';
import { createMatcher, nameSimilarity, nameTokens, SUGGEST_THRESHOLD } from '../../../server/domain/suggest.js';

describe('nameTokens', () => {
  it('drops case, punctuation, trailing legal suffixes and stop words; spells out abbreviations', () => {
    expect(nameTokens('Hall Bros. Transportation Co, Inc.', 'company')).toEqual(['hall', 'brothers', 'transportation']);
    expect(nameTokens('Blue Light, Co.', 'company')).toEqual(['blue', 'light']);
    expect(nameTokens('Repair & Wear LLC', 'company')).toEqual(['repair', 'wear']);
    expect(nameTokens('Café Crème GmbH', 'company')).toEqual(['cafe', 'creme']);
    // Only trailing suffixes: "Co" inside a name stays.
    expect(nameTokens('Co Op Bank', 'company')).toEqual(['co', 'op', 'bank']);
  });

  it('for products, drops billing words and reads Office 365 / Microsoft 365 / M365 as one line', () => {
    expect(nameTokens('Office 365 Business Premium (Monthly)', 'product')).toEqual(['m365', 'business', 'premium']);
    expect(nameTokens('Microsoft 365 Business Premium', 'product')).toEqual(['m365', 'business', 'premium']);
    expect(nameTokens('M365 Business Basic', 'product')).toEqual(['m365', 'business', 'basic']);
    expect(nameTokens('Exchange Online (Plan 1) Annual Pre-Paid', 'product')).toEqual(['exchange', 'online', 'plan', '1']);
  });
});

describe('nameSimilarity', () => {
  it('is 1 for the same name spelt differently, and low for different names', () => {
    expect(nameSimilarity('Blue Light, Co.', 'Blue Light Company', 'company')).toBe(1);
    expect(nameSimilarity('One Geotech', 'OneGeotech', 'company')).toBeGreaterThan(0.9);
    expect(nameSimilarity('Transcorr', 'Transcor', 'company')).toBeGreaterThan(0.85);
    expect(nameSimilarity('Sunrise Bakery', 'Alpine Outfitters', 'company')).toBeLessThan(0.3);
    expect(nameSimilarity('Exchange Online (Plan 1)', 'Exchange Online (Plan 2)', 'product')).toBeLessThan(SUGGEST_THRESHOLD.product);
  });

  it('does not take one edition for another, even as the only candidate', () => {
    expect(nameSimilarity('Microsoft 365 Business Standard', 'M365 Business Basic', 'product')).toBeLessThan(SUGGEST_THRESHOLD.product);
    expect(nameSimilarity('Office 365 E3', 'Office 365 E5', 'product')).toBeLessThan(SUGGEST_THRESHOLD.product);
    const only = createMatcher([{ name: 'M365 Business Basic', value: 1 }], 'product');
    expect(only.best('Microsoft 365 Business Standard')).toBeNull();
    expect(only.best('Microsoft 365 Business Basic (Annual)')).toMatchObject({ score: 1 });
    // One side naming an edition the other leaves out is not a conflict.
    expect(nameSimilarity('Office 365 E3', 'Office 365 Enterprise E3 (Monthly)', 'product')).toBeGreaterThan(SUGGEST_THRESHOLD.product);
    expect(nameSimilarity('Visio Plan 2', 'Visio Pro for Office 365', 'product')).toBeGreaterThan(0);
  });
});

describe('matching the demo roster (Marketplace name vs the PSA\'s name)', () => {
  const accounts = DEMO_CUSTOMERS.filter((c) => c.psaName).map((c) => ({ name: c.psaName!, value: c.odinAccountId }));
  // Other PSA customers that look a little like the unlinkable ones.
  accounts.push({ name: 'Sunset Bakery Supplies', value: 'other-1' }, { name: 'Alpine Dental', value: 'other-2' });
  const companies = createMatcher(accounts, 'company');

  for (const customer of DEMO_CUSTOMERS) {
    it(`${customer.name} -> ${customer.psaName ?? 'no suggestion'}`, () => {
      const best = companies.best(customer.name);
      if (customer.psaName === null) expect(best).toBeNull();
      else {
        expect(best?.candidate.value).toBe(customer.odinAccountId);
        expect(best!.score).toBeGreaterThanOrEqual(SUGGEST_THRESHOLD.company);
        expect(best!.score).toBeLessThanOrEqual(1);
      }
    });
  }

  const services = createMatcher(DEMO_PRODUCTS.map((p) => ({ name: p.psaName, value: p.mpn })), 'product');
  for (const product of DEMO_PRODUCTS) {
    it(`${product.name} -> ${product.psaName}`, () => {
      const best = services.best(product.name);
      // "Acronis Cyber Protect" sold as "Managed Antivirus" shares no word: the user links it by hand.
      if (product.name === 'Acronis Cyber Protect') expect(best).toBeNull();
      else expect(best?.candidate.value).toBe(product.mpn);
    });
  }

  it('an equal product code is a certain match whatever the names', () => {
    const m = createMatcher([{ name: 'Managed Antivirus', code: 'AV-ENDPOINT-01', value: 1 }, { name: 'Acronis Backup', code: null, value: 2 }], 'product');
    expect(m.best('Acronis Cyber Protect', 'av-endpoint-01')).toMatchObject({ score: 1, candidate: { value: 1 } });
  });

  it('ranks every candidate that shares a word, best first, scores within 0..1', () => {
    const ranked = services.rank('Microsoft 365 Business Premium');
    expect(ranked[0]!.candidate.name).toBe('Office 365 Business Premium (Monthly)');
    expect(ranked.every((m, i) => m.score >= 0 && m.score <= 1 && (i === 0 || ranked[i - 1]!.score >= m.score))).toBe(true);
  });
});
