/**
 * Alert rules (issue 14 item 4), pure: how a message reads for one event or a day's digest, and when a
 * delivery that failed is tried again (doubling from one minute, capped at an hour; it keeps trying).
 */
export type AlertKind = 'failure' | 'drift' | 'renewal' | 'unlinked';
export type AlertChannel = { kind: 'email'; to: string } | { kind: 'webhook'; url: string };

export interface AlertEvent {
  kind: AlertKind;
  text: string;
}

const TITLES: Record<AlertKind, string> = {
  failure: 'Adjustment failed',
  drift: 'PSA differs from what we posted',
  renewal: 'Renewal coming up',
  unlinked: 'New purchase not linked (will not be invoiced)',
};

export function composeImmediate(e: AlertEvent): { subject: string; body: string } {
  return { subject: `IDSync: ${TITLES[e.kind]}`, body: e.text };
}

export function composeDigest(events: readonly AlertEvent[], day: string): { subject: string; body: string } {
  const lines: string[] = [];
  for (const kind of Object.keys(TITLES) as AlertKind[]) {
    const mine = events.filter((e) => e.kind === kind);
    if (!mine.length) continue;
    lines.push(`${TITLES[kind]} (${mine.length}):`, ...mine.map((e) => `- ${e.text}`), '');
  }
  return { subject: `IDSync daily digest ${day}: ${events.length} alert${events.length === 1 ? '' : 's'}`, body: lines.join('\n').trim() };
}

/** The JSON Slack's and Teams' incoming webhooks accept: a `text` field. */
export function webhookPayload(m: { subject: string; body: string }): { text: string } {
  return { text: `*${m.subject}*\n${m.body}` };
}

export function retryDelayMs(attempts: number): number {
  return Math.min(3_600_000, 60_000 * 2 ** Math.max(0, attempts - 1));
}
