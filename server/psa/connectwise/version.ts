/**
 * Which API version to ask ConnectWise for. Every server serves a range of versions up to the one it runs
 * (companyinfo `VersionCode`, e.g. "v2025.1"); asking for a newer one is refused ("does not support the API
 * version", connectwise-rest issue #35). We ask for the spec version we validate against (2025.8), or the
 * server's own when it runs an older one; the version goes in the first media type of Accept
 * (connectwise-rest PR #19). Research: connectwise.md 1 "Authentication" and "Codebase discovery".
 */
export const SPEC_VERSION = '2025.8';

const parse = (v: string): [number, number] | null => {
  const m = /^v?(\d{4})\.(\d{1,2})$/i.exec(v.trim());
  return m ? [Number(m[1]), Number(m[2])] : null;
};

/** The version to send for a server running `versionCode`; null when companyinfo did not say (send none). */
export function versionFor(versionCode: string | null | undefined): string | null {
  const server = versionCode ? parse(versionCode) : null;
  if (!server) return null;
  const ours = parse(SPEC_VERSION)!;
  const older = server[0] < ours[0] || (server[0] === ours[0] && server[1] < ours[1]);
  return older ? `${server[0]}.${server[1]}` : SPEC_VERSION;
}

/** The Accept header for that version: without one the server answers in its current version. */
export const acceptFor = (version: string | null): string =>
  version ? `application/vnd.connectwise.com+json; version=${version}` : 'application/vnd.connectwise.com+json, application/json';
