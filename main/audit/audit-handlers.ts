import type { EventSink, InvokeHandlers } from '../ipc/router';
import type { AuditLog } from './audit-log';

type AuditHandlers = Pick<InvokeHandlers, 'audit:list-entries' | 'audit:verify-chain' | 'audit:export-entries'>;

/** The audit channels: list, verify and export. */
export function createAuditHandlers(log: AuditLog): AuditHandlers {
  return {
    'audit:list-entries': ({ filter, offset, limit }) => log.list(filter, offset, limit),
    'audit:verify-chain': () => log.verify(),
    'audit:export-entries': ({ filter }) => log.export(filter),
  };
}

/** Sends every durable entry to the window as `audit:entry-appended`; returns the unsubscribe function. */
export function forwardAuditEntries(log: AuditLog, events: EventSink): () => void {
  return log.onAppended((entry) => events.emit('audit:entry-appended', entry));
}
