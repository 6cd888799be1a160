/**
 * The PSA side in the PSA's own words, as the reports' columns name it (server/domain/columns.ts):
 * Autotask account / contract / service, ConnectWise company / agreement / product.
 */
export function psaWords(kind: string | null | undefined) {
  return kind === 'connectwise'
    ? { account: 'PSA company', contract: 'PSA agreement', service: 'PSA product' }
    : { account: 'PSA account', contract: 'PSA contract', service: 'PSA service' };
}
