/** The pod's side of Manage's Hosted API: the protocol in order, and every message from a foreign origin ignored. */
import { describe, expect, it } from 'vitest';
import { speakHostedApi } from '../../../widgets/pod/hosted-api.js';

const MANAGE = 'https://na.myconnectwise.net';

function fakeWindows() {
  const listeners = new Set<(e: MessageEvent) => void>();
  const sent: { msg: any; origin: string }[] = [];
  return {
    self: { addEventListener: (_: 'message', fn: (e: MessageEvent) => void) => listeners.add(fn), removeEventListener: (_: 'message', fn: (e: MessageEvent) => void) => listeners.delete(fn) },
    parent: { postMessage: (m: string, origin: string) => sent.push({ msg: JSON.parse(m), origin }) },
    deliver: (origin: string, data: unknown) => {
      for (const fn of [...listeners]) fn({ origin, data: JSON.stringify(data) } as MessageEvent);
    },
    sent,
    listening: () => listeners.size,
  };
}

describe('Hosted API protocol', () => {
  it('says ready, takes the frame id, asks for the member and the screen, acknowledges onLoad', async () => {
    const w = fakeWindows();
    const result = speakHostedApi(w.self, w.parent, (o) => o === MANAGE);
    expect(w.sent).toEqual([{ msg: { message: 'ready' }, origin: '*' }]);
    w.deliver(MANAGE, { MessageFrameID: 'frame-7' });
    expect(w.sent.slice(1)).toEqual([
      { msg: { request: 'getMemberAuthentication', frameID: 'frame-7' }, origin: MANAGE },
      { msg: { request: 'getScreenObject', frameID: 'frame-7' }, origin: MANAGE },
    ]);
    w.deliver(MANAGE, { event: 'onLoad', _id: 'e1', data: { screenObject: { id: 42, screen: 'agreement' } } });
    expect(w.sent[3]).toEqual({ msg: { event: 'onLoad', _id: 'e1', result: 'success', frameID: 'frame-7' }, origin: MANAGE });
    w.deliver(MANAGE, { response: 'getmemberauthentication', data: { companyid: 'demo', memberid: 'jsmith', memberHash: 'h' } });
    await expect(result).resolves.toEqual({ origin: MANAGE, auth: { companyid: 'demo', memberid: 'jsmith', memberHash: 'h' }, screen: { id: 42, screen: 'agreement' } });
    expect(w.listening()).toBe(0);
  });

  it('ignores every message from a foreign origin, before and after the frame id', async () => {
    const w = fakeWindows();
    const refused: string[] = [];
    const result = speakHostedApi(w.self, w.parent, (o) => o === MANAGE || o === 'https://eu.myconnectwise.net', (o) => refused.push(o));
    w.deliver('https://evil.example', { MessageFrameID: 'evil' });
    expect(w.sent).toHaveLength(1);
    w.deliver(MANAGE, { MessageFrameID: 'frame-1' });
    // An accepted host that is not the one that gave the frame id is foreign too.
    w.deliver('https://eu.myconnectwise.net', { response: 'getmemberauthentication', data: { companyid: 'x', memberid: 'attacker', memberHash: 'h' } });
    w.deliver('https://evil.example', { response: 'getscreenobject', data: { id: 1 } });
    expect(refused).toEqual(['https://evil.example', 'https://eu.myconnectwise.net', 'https://evil.example']);
    w.deliver(MANAGE, { response: 'getscreenobject', data: { id: 9, screen: 'agreement', hostedAs: 'pod' } });
    w.deliver(MANAGE, { response: 'getmemberauthentication', data: { companyid: 'demo', memberid: 'real', memberHash: 'h2' } });
    const r = await result;
    expect(r.auth.memberid).toBe('real');
    expect(r.screen.id).toBe(9);
    expect(w.sent.every((s, i) => i === 0 || s.origin === MANAGE)).toBe(true);
  });
});
