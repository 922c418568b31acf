import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect } from 'react';
import type { AuditFilter } from '../../../../preload/contract/audit';
import { bridge, unwrap } from '../../lib/api';

/** Every audit query starts with this key. */
export const AUDIT_ROOT = ['audit'] as const;
/** Entries fetched per page of the virtual table. */
export const AUDIT_PAGE = 200;

function pageKey(filter: AuditFilter, page: number) {
  return [...AUDIT_ROOT, 'list', filter, page] as const;
}

/** One page of the list, newest first; page 0 also gives the total that sizes the table. */
export function useAuditPage(filter: AuditFilter, page: number, enabled = true) {
  return useQuery({
    queryKey: pageKey(filter, page),
    queryFn: () => unwrap(bridge().audit.listEntries({ filter, offset: page * AUDIT_PAGE, limit: AUDIT_PAGE })),
    enabled,
    placeholderData: (previous) => previous,
  });
}

// Entries arrive in bursts (a runbook on 100 nodes); one refetch per burst, not one per entry.
const FOLLOW_DELAY_MS = 250;

/** Refetches the shown pages when main appends entries, while the view is in front. */
export function useAuditFollower(active: boolean): void {
  const client = useQueryClient();
  useEffect(() => {
    if (!active) return;
    let timer: ReturnType<typeof setTimeout> | null = null;
    const unsubscribe = bridge().audit.onEntryAppended(() => {
      timer ??= setTimeout(() => {
        timer = null;
        void client.invalidateQueries({ queryKey: [...AUDIT_ROOT, 'list'] });
      }, FOLLOW_DELAY_MS);
    });
    // Entries written while another screen was in front show on return.
    void client.invalidateQueries({ queryKey: [...AUDIT_ROOT, 'list'] });
    return () => {
      unsubscribe();
      if (timer) clearTimeout(timer);
    };
  }, [active, client]);
}

/** Checks the whole chain in main. */
export function useAuditVerify() {
  return useMutation({ mutationFn: () => unwrap(bridge().audit.verifyChain({})) });
}

/** The matching entries as JSON Lines, as stored. */
export function useAuditExport() {
  return useMutation({ mutationFn: (filter: AuditFilter) => unwrap(bridge().audit.exportEntries({ filter })) });
}

/** Hands a JSON Lines text to the browser as a download (as lib/csv.ts does for CSV). */
export function downloadJsonl(fileName: string, content: string): void {
  const url = URL.createObjectURL(new Blob([content], { type: 'application/x-ndjson;charset=utf-8' }));
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  link.style.display = 'none';
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 0);
}
