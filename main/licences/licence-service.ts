import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import type { InventoryNodesPage } from '../../preload/contract/inventory';
import {
  licenceLimits,
  type CsvImportResult,
  type CsvRowProblem,
  type Licence,
  type LicenceFileRecovery,
  type LicenceInput,
  type LicenceList,
  type LicenceProduct,
} from '../../preload/contract/licences';
import type { AuditRecord, AuditRecorder } from '../audit/audit-recorder';
import { AppError, NotFoundError, ValidationError, asAppError } from '../errors/app-error';
import { readLicenceCsv } from './licence-csv-import';
import { LicenceFile } from './licence-file';
import { createLicenceUsageStore, type LicenceUsageStore } from './licence-store';
import type { Store } from '../store/store';

/** What the licence service is built from. */
export interface LicenceServiceDeps {
  file: LicenceFile;
  usage: LicenceUsageStore;
  now?: () => number;
  log?: (message: string, detail?: unknown) => void;
  /** Records each change (and each refused or failed one) as `settings.changed`. */
  audit?: AuditRecorder;
}

/** What an audit entry says about one licence change: the setting touched and its new value. */
type LicenceChange = Pick<AuditRecord, 'summary' | 'detail'>;

interface State {
  licences: Licence[];
  recovery: LicenceFileRecovery | null;
}

function productKey(product: string): string {
  return product.trim().toLowerCase();
}

/**
 * The operator's licences: kept in licences.json (LicenceFile), counted against the inventory cache
 * (LicenceUsageStore). Changes are applied one at a time and take effect in memory only once the
 * file holding them is on disk, so a failed save never shows a licence that a restart would lose.
 */
export class LicenceService {
  private readonly deps: LicenceServiceDeps;
  private readonly now: () => number;
  private state: Promise<State> | null = null;
  private queue: Promise<unknown> = Promise.resolve();

  constructor(deps: LicenceServiceDeps) {
    this.deps = deps;
    this.now = deps.now ?? Date.now;
  }

  /** Every licence with its used count in `workspaceIds`, ordered by product. */
  async list(workspaceIds: string[]): Promise<LicenceList> {
    const { licences, recovery } = await this.loaded();
    const used = await this.deps.usage.usage({ workspaceIds, matches: licences.map((l) => l.match) });
    const collator = new Intl.Collator('en', { numeric: true, sensitivity: 'base' });
    return {
      licences: licences
        .map((licence, i) => ({ ...licence, used: used[i] ?? 0, difference: licence.owned - (used[i] ?? 0) }))
        .sort((a, b) => collator.compare(a.product, b.product)),
      recovery,
      file: this.deps.file.path,
    };
  }

  /** Creates a licence (no id) or replaces the one with `id`. */
  save(id: string | undefined, input: LicenceInput): Promise<Licence> {
    const verb = id === undefined ? 'added' : 'edited';
    const change = { summary: `Licence ${verb}: ${input.product}`, detail: { setting: `licence.${verb}`, id: id ?? null, product: input.product, owned: input.owned, match: input.match } };
    return this.audited(change, this.change((licences) => {
      const key = productKey(input.product);
      const taken = licences.find((l) => productKey(l.product) === key && l.id !== id);
      if (taken) {
        throw new AppError('validation', 'LicenceProductTaken', `A licence for "${taken.product}" already exists.`, {
          hint: 'Edit that licence instead, or give this one a different product name.',
        });
      }
      const saved: Licence = { ...input, id: id ?? `lic-${randomUUID()}`, updatedAt: this.now() };
      if (id === undefined) {
        if (licences.length >= licenceLimits.maxLicences) {
          throw new ValidationError(`Capstan keeps at most ${licenceLimits.maxLicences} licences; delete some before adding more.`);
        }
        return { next: [...licences, saved], value: saved };
      }
      const index = licences.findIndex((l) => l.id === id);
      if (index < 0) throw new NotFoundError('This licence no longer exists (it was deleted); add it again.');
      return { next: licences.map((l, i) => (i === index ? saved : l)), value: saved };
    }), (saved) => ({ ...change, detail: { ...change.detail, id: saved.id } }));
  }

  /** Deletes a licence; deleting one already gone is not an error. */
  delete(id: string): Promise<{ deleted: boolean }> {
    let product = '';
    const change = () => ({ summary: `Licence deleted: ${product || id}`, detail: { setting: 'licence.deleted', id, product } });
    return this.audited(change(), this.change((licences) => {
      product = licences.find((l) => l.id === id)?.product ?? '';
      const next = licences.filter((l) => l.id !== id);
      return { next: next.length === licences.length ? null : next, value: { deleted: next.length !== licences.length } };
    }), (result) => (result.deleted ? change() : null));
  }

  /** Imports CSV text: good rows upserted by product in one save, bad rows reported by line. */
  importCsv(text: string): Promise<CsvImportResult> {
    const reading = readLicenceCsv(text);
    if (!reading.ok) return Promise.resolve({ status: 'refused', problem: reading.problem });
    const change = { summary: 'Licences imported from CSV', detail: { setting: 'licence.imported', rows: reading.rowCount } };
    return this.audited(change, this.change((licences) => {
      const next = [...licences];
      const indexOf = new Map(next.map((l, i) => [productKey(l.product), i]));
      const rejected: CsvRowProblem[] = [...reading.rejected];
      let created = 0;
      let updated = 0;
      for (const { line, input } of reading.rows) {
        const at = indexOf.get(productKey(input.product));
        if (at !== undefined) {
          const old = next[at] as Licence;
          // Only what the header names changes: a `product,owned` file keeps each rule and note.
          next[at] = {
            ...input,
            match: reading.sets.match ? input.match : old.match,
            note: reading.sets.note ? input.note : old.note,
            id: old.id,
            updatedAt: this.now(),
          };
          updated += 1;
        } else if (next.length >= licenceLimits.maxLicences) {
          rejected.push({
            line,
            code: 'too-many-licences',
            value: String(licenceLimits.maxLicences),
            message: `Line ${line}: Capstan keeps at most ${licenceLimits.maxLicences} licences.`,
          });
        } else {
          indexOf.set(productKey(input.product), next.length);
          next.push({ ...input, id: `lic-${randomUUID()}`, updatedAt: this.now() });
          created += 1;
        }
      }
      rejected.sort((a, b) => a.line - b.line);
      const value: CsvImportResult = { status: 'imported', rows: reading.rowCount, created, updated, rejected };
      return { next: created + updated > 0 ? next : null, value };
    }), (result) =>
      result.status === 'imported' && result.created + result.updated > 0
        ? {
            summary: `Licences imported from CSV: ${result.created} added, ${result.updated} updated`,
            detail: { ...change.detail, created: result.created, updated: result.updated, rejected: result.rejected.length },
          }
        : null,
    );
  }

  /** The nodes behind a licence's used count. */
  async nodes(params: { id: string; workspaceIds: string[]; limit?: number; offset?: number }): Promise<InventoryNodesPage> {
    const { licences } = await this.loaded();
    const licence = licences.find((l) => l.id === params.id);
    if (!licence) throw new NotFoundError('This licence no longer exists (it was deleted).');
    return this.deps.usage.nodes({
      workspaceIds: params.workspaceIds,
      match: licence.match,
      ...(params.limit !== undefined ? { limit: params.limit } : {}),
      ...(params.offset !== undefined ? { offset: params.offset } : {}),
    });
  }

  /** Normalised products in the cache, for the picker. */
  products(workspaceIds: string[]): Promise<LicenceProduct[]> {
    return this.deps.usage.products({ workspaceIds });
  }

  /** Waits for changes already asked for; nothing is left writing after this. */
  async close(): Promise<void> {
    await this.queue.catch(() => {});
  }

  private loaded(): Promise<State> {
    if (!this.state) {
      this.state = this.deps.file.load().then((loaded) => {
        const { recovery } = loaded;
        if (recovery) {
          const what = recovery.reason === 'records-skipped' ? `had unreadable records (${recovery.detail}); the rest were kept` : `was unusable (${recovery.detail})`;
          this.deps.log?.(`licences.json ${what}; the file as it was is now ${recovery.movedTo}`);
        }
        return loaded;
      });
      // A file that could not be read is tried again next time, not remembered as a failure.
      this.state.catch(() => {
        this.state = null;
      });
    }
    return this.state;
  }

  /**
   * Records a change once it is saved (nothing when `applied` says nothing changed); a refused
   * change (a rule) or a failed one (the disk) is recorded with its reason.
   */
  private async audited<T>(attempt: LicenceChange, work: Promise<T>, applied: (value: T) => LicenceChange | null): Promise<T> {
    const audit = this.deps.audit;
    if (!audit) return work;
    let value: T;
    try {
      value = await work;
    } catch (error) {
      const cause = asAppError(error);
      await audit(null, { ...attempt, action: 'settings.changed', targets: [], outcome: cause.kind === 'validation' ? 'refused' : 'failed', error: cause.message }).catch(
        (e: unknown) => this.deps.log?.('could not audit a licence change that did not happen', e),
      );
      throw error;
    }
    const change = applied(value);
    if (change) await audit(null, { ...change, action: 'settings.changed', targets: [], outcome: 'succeeded', error: null });
    return value;
  }

  /** Runs one change after the previous ones; `next` (when not null) is saved, then becomes current. */
  private change<T>(apply: (licences: Licence[]) => { next: Licence[] | null; value: T }): Promise<T> {
    const run = this.queue.then(async () => {
      const state = await this.loaded();
      const { next, value } = apply(state.licences);
      if (next) {
        await this.deps.file.save(next);
        state.licences = next;
      }
      return value;
    });
    this.queue = run.catch(() => {});
    return run;
  }
}

/** The service as the core runs it: licences.json in the user-data folder (beside, never inside, cache.db). */
export function createLicenceService(options: { store: Store; userDataDir: string; log?: (message: string, detail?: unknown) => void; audit?: AuditRecorder }): LicenceService {
  return new LicenceService({
    file: new LicenceFile(join(options.userDataDir, 'licences.json')),
    usage: createLicenceUsageStore(options.store),
    ...(options.audit ? { audit: options.audit } : {}),
    ...(options.log ? { log: options.log } : {}),
  });
}
