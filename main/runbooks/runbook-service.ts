import type { DocumentDetail, FieldError, JobDetail, TargetPreview } from '../../preload/contract/commands';
import type { Runbook, RunbookCheck, RunbookProblem } from '../../preload/contract/runbooks';
import type { ActorResolver } from '../audit/audit-actor';
import type { AuditRecordInput } from '../audit/audit-log';
import type { CommandService } from '../commands/command-service';
import { asAppError, BugError, NotFoundError, ValidationError } from '../errors/app-error';
import { loadCatalog, type Catalog, type CatalogEntry } from './runbook-catalog';
import { checkAgainstDocument } from './runbook-document-check';
import { confirmationFor, hoursRefusal, runOptions, runTargets, targetRefusals } from './runbook-guardrails';
import { checkRunbookValues } from './runbook-values';
import type { RunbookRequest, RunRequest } from './runbook-requests';
import { refusalRecord, toRunbook } from './runbook-records';

export interface RunbookServiceOptions {
  folders: { builtin: string; user: string };
  commands: Pick<CommandService, 'describeDocument' | 'preview' | 'startJob' | 'lastJobFor'>;
  audit: { append(input: AuditRecordInput): Promise<unknown> };
  actorFor: ActorResolver;
  now?: () => number;
  /** The zone `timeZone: local` means; undefined: this machine's (tests pin it). */
  localTimeZone?: string;
  log?: (message: string, detail?: unknown) => void;
}

/** The catalogue with every problem found, as `runbooks:list` answers. */
export interface RunbookListing {
  runbooks: Runbook[];
  problems: RunbookProblem[];
  userFolder: string;
}

/** Everything a run needs, worked out the same way for the confirm dialog and the run itself. */
interface Prepared {
  entry: CatalogEntry;
  preview: TargetPreview;
  fieldErrors: FieldError[];
  check: RunbookCheck;
  parameters: Record<string, string[]>;
  targets: RunRequest['targets'];
}

// Documents change rarely; the cards re-check them at most this often (Reload checks at once).
const DOCUMENT_TTL_MS = 2 * 60_000;
const emptyPreview: TargetPreview = { nodes: [], total: 0, online: 0, offline: 0, platformMismatch: 0, production: 0, tagsUnknown: 0, typedConfirmation: null, cacheSyncedAt: null };

/**
 * Runbooks: the YAML catalogue (built-in and the operator's folder), each checked against the
 * workspace's live document, the guardrails, and runs through Run Command. A guardrail's refusal
 * is audited as `runbook.refused`; an accepted run is audited by the command service.
 */
export class RunbookService {
  private catalog: Promise<Catalog> | null = null;
  private readonly documents = new Map<string, { at: number; detail: Promise<DocumentDetail> }>();
  private readonly now: () => number;
  private readonly log: (message: string, detail?: unknown) => void;

  constructor(private readonly options: RunbookServiceOptions) {
    this.now = options.now ?? Date.now;
    this.log = options.log ?? (() => {});
  }

  list(workspaceId: string): Promise<RunbookListing> {
    return this.listing(workspaceId);
  }

  /** Re-reads both folders and re-checks every document (after the operator edited a file). */
  reload(workspaceId: string): Promise<RunbookListing> {
    this.catalog = null;
    this.documents.clear();
    return this.listing(workspaceId);
  }

  /** The confirm dialog's content: resolved targets, field errors and what the guardrails say; sends nothing. */
  async prepare(request: RunbookRequest): Promise<{ preview: TargetPreview; fieldErrors: FieldError[]; check: RunbookCheck }> {
    const { preview, fieldErrors, check } = await this.prepared(request);
    return { preview, fieldErrors, check };
  }

  /** Runs it: everything is checked again here, and a refusal is audited before it is thrown. */
  async run(request: RunRequest): Promise<{ jobId: string }> {
    const prepared = await this.prepared(request);
    const { entry, check, fieldErrors } = prepared;
    const reasons = [...check.blocked, ...fieldErrors.map((error) => error.message)];
    const typed = (request.typedConfirmation ?? '').trim();
    if (reasons.length === 0 && check.confirmation.kind === 'typed-name' && typed !== check.confirmation.expected) {
      const why = check.confirmation.reason.replace(/\.$/, '');
      reasons.push(`Type "${check.confirmation.expected}" exactly to confirm (${why.charAt(0).toLowerCase()}${why.slice(1)}).`);
    }
    if (reasons.length > 0) {
      await this.refused(request, prepared, reasons);
      throw new ValidationError(reasons.join(' '), { hint: 'Nothing was sent.' });
    }
    const { definition } = entry;
    // Only a chosen-targets runbook without targets leaves none, and that is a blocked reason above.
    if (!prepared.targets) throw new BugError(`Runbook ${entry.id} reached the send without targets.`);
    try {
      return await this.options.commands.startJob({
        workspaceId: request.workspaceId,
        documentName: definition.documentName,
        ...(definition.documentVersion ? { documentVersion: definition.documentVersion } : {}),
        parameters: prepared.parameters,
        targets: prepared.targets,
        options: runOptions(definition.name, definition.guardrails),
        canary: definition.guardrails.canary,
        source: { kind: 'runbook', runbookId: entry.id, runbookName: definition.name },
        ...(request.typedConfirmation !== undefined ? { typedConfirmation: request.typedConfirmation } : {}),
        requireTypedConfirmation: definition.guardrails.confirm === 'typed-name',
      });
    } catch (error) {
      // The command service re-checks against a fresher fleet and refuses without auditing; the
      // refusal of a runbook is still an operator action worth its line.
      if (error instanceof ValidationError) await this.refused(request, prepared, [error.message]);
      throw error;
    }
  }

  /**
   * The runbook's guardrails for "run again on failed nodes" of a job it started: it must still be
   * in the catalogue and fit its document, and be inside its allowed hours now; a refusal is
   * audited and thrown. Answers whether the runbook demands the typed name, for the rerun's check.
   */
  async rerunRules(job: Pick<JobDetail, 'workspaceId' | 'source' | 'parameters' | 'targets'>): Promise<{ requireTypedConfirmation: boolean }> {
    if (job.source.kind !== 'runbook') return { requireTypedConfirmation: false };
    const entry = await this.entry(job.source.runbookId);
    const { definition } = entry;
    const checked = await this.checkDocument(job.workspaceId, entry);
    const reasons = checked.problems.map((problem) => problem.message);
    if (checked.document) {
      // The job's values come back from the cache database: they pass the runbook's own rules
      // (its narrower patterns, no shell characters) again, not only the document's.
      const own = Object.fromEntries(Object.entries(job.parameters).filter(([name]) => definition.parameters.some((rule) => rule.name === name)));
      reasons.push(...checkRunbookValues(definition.parameters, checked.document.parameters, definition.fixed, own).fieldErrors.map((error) => error.message));
    }
    const hours = hoursRefusal(definition.guardrails.allowedHours, this.now(), this.options.localTimeZone);
    if (hours) reasons.push(hours);
    if (reasons.length > 0) {
      const request = { runbookId: entry.id, workspaceId: job.workspaceId, parameters: job.parameters, targets: job.targets };
      await this.refused(request, { entry, preview: emptyPreview, parameters: job.parameters }, reasons);
      throw new ValidationError(reasons.join(' '), { hint: 'Nothing was sent.' });
    }
    return { requireTypedConfirmation: definition.guardrails.confirm === 'typed-name' };
  }

  private async listing(workspaceId: string): Promise<RunbookListing> {
    const catalog = await this.loaded();
    const cards = await Promise.all(
      catalog.entries.map(async (entry) => {
        const checked = await this.checkDocument(workspaceId, entry);
        const lastRun = await this.options.commands.lastJobFor(entry.id).catch((error: unknown) => {
          this.log(`could not read the last run of ${entry.id}`, error);
          return null;
        });
        return { runbook: toRunbook(entry, checked.document, checked.parameters, lastRun), problems: checked.problems.map((p) => placed(entry, p.field, p.message)) };
      }),
    );
    // File problems first, then each runbook's in catalogue order: the same list on every refresh.
    const problems = [...catalog.problems, ...cards.flatMap((card) => card.problems)];
    return { runbooks: cards.map((card) => card.runbook), problems, userFolder: this.options.folders.user };
  }

  private loaded(): Promise<Catalog> {
    if (!this.catalog) {
      const loading = loadCatalog(this.options.folders);
      loading.catch(() => (this.catalog = null));
      this.catalog = loading;
    }
    return this.catalog;
  }

  private async entry(id: string): Promise<CatalogEntry> {
    const catalog = await this.loaded();
    const entry = catalog.entries.find((candidate) => candidate.id === id);
    if (!entry) throw new NotFoundError(`There is no usable runbook ${id}: its file is missing or has problems (see the list of runbook problems), or it was edited — press Reload.`);
    return entry;
  }

  /** The live document check for one runbook; a document that cannot be read is a problem, not a crash. */
  private async checkDocument(workspaceId: string, entry: CatalogEntry) {
    const { definition } = entry;
    let document: DocumentDetail;
    try {
      document = await this.document(workspaceId, definition.documentName, definition.documentVersion);
    } catch (error) {
      const appError = asAppError(error);
      const message =
        appError instanceof NotFoundError || appError.code === 'InvalidDocument'
          ? `${definition.documentName} does not exist in this workspace (or is not shared with its account).`
          : `${definition.documentName} could not be read: ${appError.message} (${appError.code}).`;
      return { document: null, parameters: [], problems: [{ field: 'document', message }] };
    }
    return { document, ...checkAgainstDocument(definition, document) };
  }

  private document(workspaceId: string, name: string, version: string | undefined): Promise<DocumentDetail> {
    const key = `${workspaceId}\n${name}\n${version ?? ''}`;
    const cached = this.documents.get(key);
    if (cached && this.now() - cached.at < DOCUMENT_TTL_MS) return cached.detail;
    const detail = this.options.commands.describeDocument(workspaceId, name, version);
    // A failure is not remembered: the next card refresh asks again.
    detail.catch(() => this.documents.delete(key));
    this.documents.set(key, { at: this.now(), detail });
    return detail;
  }

  private async prepared(request: RunbookRequest): Promise<Prepared> {
    const entry = await this.entry(request.runbookId);
    const { definition } = entry;
    const checked = await this.checkDocument(request.workspaceId, entry);
    const blocked = checked.problems.map((problem) =>
      problem.field === 'document' ? problem.message : `The runbook file does not fit ${definition.documentName}: ${problem.field} — ${problem.message}`,
    );
    const chosen = runTargets(definition.targets, request.targets);
    if ('refusal' in chosen && request.targets) throw new ValidationError(chosen.refusal);
    const values = checked.document
      ? checkRunbookValues(definition.parameters, checked.document.parameters, definition.fixed, request.parameters)
      : { parameters: { ...definition.fixed, ...request.parameters }, fieldErrors: [] };
    let preview = emptyPreview;
    const fieldErrors = [...values.fieldErrors];
    if ('refusal' in chosen) {
      blocked.push(chosen.refusal);
    } else {
      const previewed = await this.options.commands.preview(request.workspaceId, chosen.targets, checked.document ? definition.documentName : undefined, checked.document ? values.parameters : undefined);
      preview = previewed.preview;
      const flagged = new Set(fieldErrors.map((error) => error.field));
      fieldErrors.push(...previewed.fieldErrors.filter((error) => !flagged.has(error.field)));
      blocked.push(...targetRefusals(preview, definition.platforms, chosen.targets));
    }
    const hours = hoursRefusal(definition.guardrails.allowedHours, this.now(), this.options.localTimeZone);
    if (hours) blocked.push(hours);
    const check: RunbookCheck = { blocked, confirmation: confirmationFor(definition.guardrails, preview) };
    return { entry, preview, fieldErrors, check, parameters: values.parameters, targets: 'targets' in chosen ? chosen.targets : undefined };
  }

  private async refused(request: RunRequest, prepared: Pick<Prepared, 'entry' | 'preview' | 'parameters'>, reasons: string[]): Promise<void> {
    try {
      const actor = await this.options.actorFor(request.workspaceId);
      await this.options.audit.append(refusalRecord(actor, prepared.entry, prepared.preview, request, prepared.parameters, reasons));
    } catch (error) {
      // The refusal stands whether or not its line could be written; a lost line is logged loudly.
      this.log(`could not append the audit entry for the refused runbook ${prepared.entry.id}`, error);
    }
  }
}

function placed(entry: CatalogEntry, field: string, message: string): RunbookProblem {
  // The field itself, else its parent, else the document line (what a missing parameter is missing from).
  const place = entry.places.get(field) ?? entry.places.get(field.replace(/(\.[^.]*|\[\d+\])$/, '')) ?? entry.places.get(field.split('.')[0] ?? '') ?? entry.places.get('document') ?? null;
  return { file: entry.file, line: place?.line ?? null, column: place?.column ?? null, field, message };
}
