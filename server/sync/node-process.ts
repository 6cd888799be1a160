/**
 * The Node host's HolderProcess: lease holders record `node:<host>:<pid>`, and a holder on this host
 * whose pid no longer runs (signal 0 answers ESRCH) is gone, so its tenant need not wait out the lease
 * TTL after a SIGKILL or a crash. Only this host's processes can be judged; any other tag (another host,
 * a Workers isolate, an old holder without a tag) waits for the TTL. A reused pid only makes us wait too.
 */
import os from 'node:os';
import type { HolderProcess } from './lease.js';

export function nodeProcess(host = os.hostname(), pid = process.pid): HolderProcess {
  const prefix = `node:${host}:`;
  return {
    tag: `${prefix}${pid}`,
    gone(tag: string): boolean {
      if (!tag.startsWith(prefix)) return false;
      const other = Number(tag.slice(prefix.length));
      if (!Number.isInteger(other) || other <= 0 || other === pid) return false;
      try {
        process.kill(other, 0);
        return false;
      } catch (err) {
        return (err as NodeJS.ErrnoException).code === 'ESRCH';
      }
    },
  };
}
