import type { AuditAction, AuditActor } from '../../../../preload/contract/audit';

/** i18n key of an action's label (dots in the action would read as nesting). */
export function actionKey(action: AuditAction): string {
  return `audit.action.${action.replace('.', '_')}`;
}

/** The last part of an ARN (`user/training-operator` → `training-operator`), for a narrow column. */
export function shortPrincipal(arn: string): string {
  const resource = arn.split(':').slice(5).join(':');
  return resource.split('/').pop() || arn;
}

/** How the actor's AWS identity reads: its short name, "not known" for a workspace without one, none for local actions. */
export function principalState(actor: AuditActor): 'known' | 'unknown' | 'local' {
  if (actor.principal) return 'known';
  return actor.workspaceId ? 'unknown' : 'local';
}

const compactFormats = new Map<string, Intl.DateTimeFormat>();

/** Date and time to the second in 24-hour form ("2026/11/27 09:24:54"), narrow enough for a column. */
export function formatCompactTime(ms: number, locale: string): string {
  let format = compactFormats.get(locale);
  if (!format) {
    format = new Intl.DateTimeFormat(locale, { year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23' });
    compactFormats.set(locale, format);
  }
  return format.format(ms);
}
