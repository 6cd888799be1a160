/**
 * ConnectWise Manage's Hosted API protocol, as the pod speaks it (research connectwise.md §4, from a
 * public pod implementation): JSON strings both ways.
 *   pod -> Manage  {message: "ready"}                                (targetOrigin "*": we do not know Manage yet)
 *   Manage -> pod  {MessageFrameID}
 *   pod -> Manage  {request: "getMemberAuthentication", frameID}  -> {response: "getmemberauthentication", data}
 *   pod -> Manage  {request: "getScreenObject", frameID}          -> {response: "getscreenobject", data: {id, screen, hostedAs}}
 *   Manage -> pod  {event: "onLoad", _id, data: {screenObject}}    -> ack {event, _id, result: "success", frameID}
 * Every message's origin is checked: only the accepted hosts count, and after MessageFrameID only the
 * origin that sent it. Nothing the frame says is trusted beyond picking what to ask the server to confirm.
 */
export interface MemberAuthentication {
  companyid: string;
  memberid: string;
  memberHash: string;
  memberContext?: string;
  memberEmail?: string;
  site?: string;
}
export interface ScreenObject {
  id: string | number;
  screen?: string;
  hostedAs?: string;
}
export interface HostedApiResult {
  origin: string;
  auth: MemberAuthentication;
  screen: ScreenObject;
}

export interface MessageWindow {
  addEventListener(type: 'message', fn: (e: MessageEvent) => void): void;
  removeEventListener(type: 'message', fn: (e: MessageEvent) => void): void;
}
export interface ParentWindow {
  postMessage(message: string, targetOrigin: string): void;
}

export function speakHostedApi(self: MessageWindow, parent: ParentWindow, accepted: (origin: string) => boolean, onRefused?: (origin: string) => void): Promise<HostedApiResult> {
  return new Promise((resolve) => {
    let host: string | null = null;
    let frameID: string | null = null;
    let auth: MemberAuthentication | null = null;
    let screen: ScreenObject | null = null;
    const send = (msg: Record<string, unknown>) => parent.postMessage(JSON.stringify(msg), host!);
    const done = () => {
      if (!auth || !screen || !host) return;
      self.removeEventListener('message', onMessage);
      resolve({ origin: host, auth, screen });
    };
    function onMessage(e: MessageEvent) {
      if (!accepted(e.origin) || (host !== null && e.origin !== host)) return onRefused?.(e.origin);
      let msg: Record<string, any>;
      try {
        msg = typeof e.data === 'string' ? JSON.parse(e.data) : e.data;
      } catch {
        return;
      }
      if (!msg || typeof msg !== 'object') return;
      if (typeof msg.MessageFrameID === 'string' || typeof msg.MessageFrameID === 'number') {
        host = e.origin;
        frameID = String(msg.MessageFrameID);
        send({ request: 'getMemberAuthentication', frameID });
        send({ request: 'getScreenObject', frameID });
        return;
      }
      if (host === null) return;
      if (msg.response === 'getmemberauthentication' && msg.data?.memberid && msg.data?.memberHash) auth = msg.data as MemberAuthentication;
      if (msg.response === 'getscreenobject' && msg.data?.id !== undefined) screen = msg.data as ScreenObject;
      if (msg.event === 'onLoad') {
        send({ event: 'onLoad', _id: msg._id, result: 'success', frameID });
        if (!screen && msg.data?.screenObject?.id !== undefined) screen = msg.data.screenObject as ScreenObject;
      }
      done();
    }
    self.addEventListener('message', onMessage);
    parent.postMessage(JSON.stringify({ message: 'ready' }), '*');
  });
}
