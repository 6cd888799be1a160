/**
 * Loads the whole filtered mapping tree page by page: the first page renders at once, the rest stream
 * in behind it (with a progress line), and a newer filter cancels an older load.
 */
import { useEffect, useRef, useState } from 'preact/hooks';
import { mappingQuery } from './model.js';
import type { ApiClient } from '../api.js';
import type { Filters } from './model.js';
import type { MappingCompany, PsaKind } from '../types.js';

export const MAPPING_PAGE_SIZE = 250;

export interface MappingData {
  companies: MappingCompany[];
  total: number;
  psaKind: PsaKind | null;
  loading: boolean;
  error: Error | null;
}

export function useMappingData(api: ApiClient, filters: Filters, reloadKey: number) {
  const [data, setData] = useState<MappingData>({ companies: [], total: 0, psaKind: null, loading: true, error: null });
  const seq = useRef(0);
  const key = JSON.stringify(filters) + reloadKey;
  useEffect(() => {
    const mine = ++seq.current;
    setData((d) => ({ ...d, loading: true, error: null }));
    (async () => {
      let page = 1;
      let all: MappingCompany[] = [];
      for (;;) {
        const r = await api.mapping(mappingQuery(filters, page, MAPPING_PAGE_SIZE));
        if (mine !== seq.current) return;
        all = page === 1 ? r.companies : all.concat(r.companies);
        const more = r.companies.length > 0 && all.length < r.total;
        setData({ companies: all, total: r.total, psaKind: r.psaKind, loading: more, error: null });
        if (!more) return;
        page++;
      }
    })().catch((error: Error) => mine === seq.current && setData((d) => ({ ...d, loading: false, error })));
    return () => {
      seq.current++;
    };
  }, [key]);
  return [data, setData] as const;
}
