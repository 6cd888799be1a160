/**
 * ConnectWise additions as ownership facts: the description carries our mark, `_info` says who entered and
 * last updated a line and when (spec schema Addition `_info`, a string map; research connectwise.md).
 */
import type { LineFacts } from '../../domain/ownership.js';
import type { IsoDate } from '../types.js';
import type { CwAddition } from './wire.js';
import { isLive } from './units.js';

export function lineFacts(a: CwAddition, onDate: IsoDate): LineFacts {
  const info = (a._info ?? {}) as Record<string, string | undefined>;
  return {
    id: String(a.id ?? ''),
    description: typeof a.description === 'string' ? a.description : null,
    quantity: a.quantity ?? 0,
    live: isLive(a, onDate),
    enteredBy: info.enteredBy ?? null,
    entered: info.dateEntered ?? null,
    updatedBy: info.updatedBy ?? null,
    lastUpdated: info.lastUpdated ?? null,
  };
}
