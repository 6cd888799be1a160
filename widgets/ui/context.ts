/** What every screen needs from the shell: the API client, the router, the signed-in user. */
import { createContext } from 'preact';
import { useContext } from 'preact/hooks';
import type { ApiClient } from '../api.js';
import type { Me } from '../types.js';

export interface AppServices {
  api: ApiClient;
  me: Me | null;
  /** Milliseconds between GET /api/sync polls while a cycle runs; tests shorten it. */
  pollMs: number;
}

export const AppContext = createContext<AppServices | null>(null);

export function useApp(): AppServices {
  const s = useContext(AppContext);
  if (!s) throw new Error('AppContext missing');
  return s;
}

export const isAdmin = (me: Me | null): boolean => me?.user.role === 'admin';
