/**
 * A bench's sandboxes in their own process: forks `file` (a bench/_*.ts module that answers
 * `{ id, req }` messages with `{ id, out | error }` and says `{ ready: true }` first), so the product's CPU
 * and memory are measured apart from the vendors' simulators.
 */
import { fork } from 'node:child_process';

export interface SandboxProcess<Req> {
  ask<T>(req: Req): Promise<T>;
  kill(): void;
}

export async function forkSandboxes<Req>(file: string): Promise<SandboxProcess<Req>> {
  const child = fork(file, [], { execArgv: ['--import', 'tsx'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const waiting = new Map<number, { ok(v: unknown): void; fail(e: Error): void }>();
  let next = 0;
  await new Promise<void>((ok, fail) => {
    child.once('error', fail);
    child.on('message', function first(m: { ready?: boolean }) {
      if (m.ready) { child.off('message', first); ok(); }
    });
  });
  child.on('message', (m: { id?: number; out?: unknown; error?: string }) => {
    if (m.id === undefined) return;
    const w = waiting.get(m.id);
    waiting.delete(m.id);
    if (m.error) w?.fail(new Error(m.error));
    else w?.ok(m.out);
  });
  return {
    ask<T>(req: Req): Promise<T> {
      const id = next++;
      return new Promise<T>((ok, fail) => {
        waiting.set(id, { ok: ok as (v: unknown) => void, fail });
        child.send({ id, req });
      });
    },
    kill: () => child.kill(),
  };
}

/** The child's side: answers each `{ id, req }` message with what `handle` returns, after saying it is ready. */
export function answerRequests<Req>(handle: (req: Req) => Promise<unknown>): void {
  process.on('message', (msg: { id: number; req: Req }) => {
    handle(msg.req).then(
      (out) => process.send!({ id: msg.id, out }),
      (err: Error) => process.send!({ id: msg.id, error: String(err?.stack ?? err) }),
    );
  });
  process.send!({ ready: true });
}
