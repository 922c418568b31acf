import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import type { CommandParameters, TargetSelection } from '../../../../preload/contract/commands';
import { bridge, unwrap } from '../../lib/api';
import { RUNBOOKS_ROOT } from './runbook-queries';

/** What `runbooks:prepare` and `runbooks:run` are asked about. */
export interface RunbookRequest {
  runbookId: string;
  workspaceId: string;
  parameters: CommandParameters;
  targets?: TargetSelection;
}

// Long enough that a word typed at speed asks once, short enough that the preview feels live.
const SETTLE_MS = 300;

function useSettled<T>(value: T, key: string): { value: T; key: string } {
  const [settled, setSettled] = useState({ value, key });
  useEffect(() => {
    if (settled.key === key) return undefined;
    const timer = setTimeout(() => setSettled({ value, key }), SETTLE_MS);
    return () => clearTimeout(timer);
  }, [value, key, settled.key]);
  return settled;
}

/**
 * The confirm dialog's content from main: preview, field errors and guardrail check, asked again
 * once typing settles. `current` is true only when the answer is for exactly what is on screen,
 * so Run never confirms a preview of targets the operator has since changed.
 */
export function useRunbookPrepare(request: RunbookRequest | null) {
  const key = request ? JSON.stringify(request) : '';
  const settled = useSettled(request, key);
  const query = useQuery({
    queryKey: [...RUNBOOKS_ROOT, 'prepare', settled.key],
    queryFn: () => unwrap(bridge().runbooks.prepareRun(settled.value as RunbookRequest)),
    enabled: settled.value !== null && settled.key !== '',
    placeholderData: keepPreviousData,
    retry: false,
    // The fleet changes under an open dialog (a node goes offline): re-ask every so often.
    refetchInterval: 30_000,
  });
  const current = request !== null && settled.key === key && !query.isPlaceholderData && query.isSuccess;
  return { query, current, settling: settled.key !== key };
}

/** Runs it; on any failure the dialog keeps everything typed and the preview is asked again. */
export function useRunbookRun() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (request: RunbookRequest & { typedConfirmation?: string }) => unwrap(bridge().runbooks.startRun(request)),
    onSettled: () => client.invalidateQueries({ queryKey: [...RUNBOOKS_ROOT, 'prepare'] }),
  });
}
