/** Renders a screen from its own chunk, loaded on first use and remembered after. */
import { h } from 'preact';
import { html } from 'htm/preact';
import { useEffect, useState } from 'preact/hooks';
import { Alert, Loading } from '../ui/parts.js';
import type { ComponentType } from 'preact';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Screen = ComponentType<any>;
const loaded = new Map<() => Promise<Screen>, Screen>();

export function Lazy({ load, props }: { load: () => Promise<Screen>; props: Record<string, unknown> }) {
  const [C, setC] = useState<Screen | null>(() => loaded.get(load) ?? null);
  const [error, setError] = useState<Error | null>(null);
  useEffect(() => {
    if (C) return;
    load().then(
      (comp) => {
        loaded.set(load, comp);
        setC(() => comp);
      },
      (e: Error) => setError(new Error(`This screen could not load (${e.message}). Reload the page to try again.`)),
    );
  }, [load]);
  if (error) return html`<${Alert} error=${error} />`;
  return C ? h(C, props) : html`<${Loading} />`;
}
