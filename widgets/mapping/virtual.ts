/**
 * A window-scrolled virtual list over @tanstack/virtual-core: only the rows near the viewport exist in
 * the DOM, so 2,000 companies (and their subscriptions and resources) scroll without freezing.
 */
import { useLayoutEffect, useReducer, useRef, useState } from 'preact/hooks';
import { Virtualizer, measureElement, observeWindowOffset, observeWindowRect, windowScroll } from '@tanstack/virtual-core';
import type { VirtualizerOptions } from '@tanstack/virtual-core';

export function useWindowList(count: number, estimate: (i: number) => number, keyOf: (i: number) => string) {
  const [, rerender] = useReducer((n: number) => n + 1, 0);
  const listRef = useRef<HTMLDivElement>(null);
  const options = (): VirtualizerOptions<Window, HTMLElement> => ({
    count,
    estimateSize: estimate,
    getItemKey: keyOf,
    getScrollElement: () => (typeof window === 'undefined' ? null : window),
    scrollToFn: windowScroll,
    observeElementRect: observeWindowRect,
    observeElementOffset: observeWindowOffset,
    initialRect: typeof window === 'undefined' ? undefined : { width: window.innerWidth, height: window.innerHeight },
    overscan: 6,
    scrollMargin: listRef.current ? listRef.current.getBoundingClientRect().top + window.scrollY : 0,
    /** A DOM that cannot measure (0 px) keeps the estimate rather than collapsing every row. */
    measureElement: (el, entry, inst) => measureElement(el, entry, inst) || estimate(inst.indexFromElement(el)),
    onChange: () => rerender(0),
  });
  const [v] = useState(() => new Virtualizer<Window, HTMLElement>(options()));
  v.setOptions(options());
  useLayoutEffect(() => v._didMount(), [v]);
  useLayoutEffect(() => {
    v._willUpdate();
  });
  return { v, listRef };
}
