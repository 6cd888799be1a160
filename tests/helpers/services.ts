/**
 * Services for tests: a real SQLite store (file or memory), a cheap scrypt cost, a movable clock, the
 * outbox mailer and a silent logger. PSA factories are the real registry when given, else they refuse.
 */
import { openSqlite } from '../../server/db/open-node.js';
import { createPasswordHasher } from '../../server/auth/password.js';
import { createSecretBox } from '../../server/auth/secret-box.js';
import { createOutboxMailer } from '../../server/mail/outbox.js';
import { silentLogger } from '../../server/logging.js';
import type { Clock, PsaClientFactories, Services } from '../../server/services.js';

export class TestClock implements Clock {
  constructor(public current = new Date('2026-03-15T14:00:00Z')) {}
  now() {
    return new Date(this.current);
  }
  advance(ms: number) {
    this.current = new Date(this.current.getTime() + ms);
  }
}

export const TEST_SECRETS_KEY = new Uint8Array(32).map((_, i) => (i * 7 + 3) % 256);

const refusingPsa = new Proxy({} as PsaClientFactories, {
  get: (_t, kind) => () => {
    throw new Error(`PSA client "${String(kind)}" is not wired in this test`);
  },
});

export async function createTestServices(opts: { file?: string; psa?: PsaClientFactories; demoMode?: boolean; clock?: TestClock } = {}) {
  const opened = openSqlite(opts.file ?? ':memory:');
  const clock = opts.clock ?? new TestClock();
  const services: Services = {
    store: opened.store,
    clock,
    logger: silentLogger,
    secrets: await createSecretBox(new Uint8Array(TEST_SECRETS_KEY)),
    mailer: createOutboxMailer(opened.store, clock),
    passwords: createPasswordHasher({ logN: 4 }),
    clientAddress: (req) => req.headers.get('x-test-address') ?? '127.0.0.1',
    psa: opts.psa ?? refusingPsa,
    config: {
      demoMode: opts.demoMode ?? true,
      publicUrl: 'http://127.0.0.1:8787',
      secureCookies: false,
      syncIntervalSeconds: null,
      maxBodyBytes: 256 * 1024,
      dialect: 'sqlite',
      migration: opened.migration,
      scryptLogN: 4,
    },
  };
  return { services, clock, store: opened.store };
}
