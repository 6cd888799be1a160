import { describe, expect, it } from 'vitest';
import { parseEnv } from '../../../server/env.js';

describe('environment', () => {
  it('defaults to demo mode on the embedded store when nothing is set', () => {
    const env = parseEnv({});
    expect(env.DEMO_MODE).toBe(true);
    expect(env.PORT).toBe(8787);
    expect(env.DATABASE_URL).toBeUndefined();
  });
  it('names the bad variable', () => {
    expect(() => parseEnv({ PORT: 'eighty' })).toThrow(/PORT/);
    expect(() => parseEnv({ DATABASE_URL: 'postgres://x' })).toThrow(/DATABASE_URL: must be file:/);
    expect(() => parseEnv({ SYNC_INTERVAL_SECONDS: '1' })).toThrow(/SYNC_INTERVAL_SECONDS/);
  });
  it('requires SECRETS_KEY outside demo mode', () => {
    expect(() => parseEnv({ DATABASE_URL: 'file:./x.sqlite' })).toThrow(/SECRETS_KEY/);
    expect(parseEnv({ DATABASE_URL: 'file:./x.sqlite', SECRETS_KEY: 'k' }).DEMO_MODE).toBe(false);
  });
  it('treats empty strings as unset', () => {
    expect(parseEnv({ PORT: '' }).PORT).toBe(8787);
  });
});

describe('APS trust variables', () => {
  const pins = { APS_CONTROLLER_CERT_SHA256: 'ab'.repeat(32), APS_INSTANCE_ID: '8d3f5c2e-0a4b-4e55-9a11-7f0c2b6d9e01', APS_CONTROLLER_URI: 'https://poa.example:6308/' };
  const tls = { APS_PORT: '8443', TLS_CERT_FILE: '/etc/idsync/tls.crt', TLS_KEY_FILE: '/etc/idsync/tls.key' };
  it('accepts the pins with an APS listener or a trusted proxy header', () => {
    expect(parseEnv({ ...pins, ...tls })).toMatchObject({ APS_PORT: 8443, APS_INSTANCE_ID: pins.APS_INSTANCE_ID });
    expect(parseEnv({ ...pins, APS_CONTROLLER_CERT_SHA256: 'AB:'.repeat(31) + 'AB', TRUST_PROXY: 'true', APS_CLIENT_CERT_HEADER: 'X-SSL-Client-Cert' }).APS_CLIENT_CERT_HEADER).toBe('X-SSL-Client-Cert');
  });
  it('names the bad or missing variable', () => {
    expect(() => parseEnv({ ...pins, ...tls, APS_CONTROLLER_CERT_SHA256: 'not-hex' })).toThrow(/APS_CONTROLLER_CERT_SHA256: must be a SHA-256/);
    expect(() => parseEnv({ ...pins, ...tls, APS_CONTROLLER_URI: 'http://poa.example/' })).toThrow(/APS_CONTROLLER_URI/);
    expect(() => parseEnv({ ...tls, APS_CONTROLLER_CERT_SHA256: pins.APS_CONTROLLER_CERT_SHA256 })).toThrow(/APS_INSTANCE_ID, APS_CONTROLLER_URI: required/);
    expect(() => parseEnv({ ...pins, APS_PORT: '8443' })).toThrow(/TLS_CERT_FILE, TLS_KEY_FILE: required with APS_PORT/);
    expect(() => parseEnv({ ...pins })).toThrow(/APS_PORT/);
    expect(() => parseEnv({ ...pins, APS_CLIENT_CERT_HEADER: 'X-SSL-Client-Cert' })).toThrow(/APS_CLIENT_CERT_HEADER: needs TRUST_PROXY/);
    expect(() => parseEnv({ ...tls })).toThrow(/APS_CONTROLLER_CERT_SHA256: required/);
  });
});
