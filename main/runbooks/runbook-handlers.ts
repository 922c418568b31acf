import type { InvokeHandlers } from '../ipc/router';
import type { RunbookService } from './runbook-service';

type RunbookHandlers = Pick<InvokeHandlers, 'runbooks:list-runbooks' | 'runbooks:reload-runbooks' | 'runbooks:prepare-run' | 'runbooks:start-run'>;

/** The runbook channels: the only code that sees runbook IPC. */
export function createRunbookHandlers(runbooks: RunbookService): RunbookHandlers {
  return {
    'runbooks:list-runbooks': ({ workspaceId }) => runbooks.list(workspaceId),
    'runbooks:reload-runbooks': ({ workspaceId }) => runbooks.reload(workspaceId),
    'runbooks:prepare-run': (request) => runbooks.prepare(request),
    'runbooks:start-run': (request) => runbooks.run(request),
  };
}
