import { DescribeDocumentCommand, GetDocumentCommand, ListDocumentsCommand, type SSMClient } from '@aws-sdk/client-ssm';
import type { DocumentDetail, DocumentSummary } from '../../preload/contract/commands';
import { toAwsError } from '../aws/aws-errors';
import { NotFoundError } from '../errors/app-error';
import { parseDocumentContent } from './document-content';

interface DocumentsOptions {
  ssmFor: (workspaceId: string) => Promise<SSMClient>;
  now?: () => number;
  /** How long a workspace's document list and parsed documents are reused. */
  cacheMs?: number;
}

interface Cached<T> {
  at: number;
  value: Promise<T>;
}

// Documents change rarely and the form opens often: a few minutes of reuse spares a page walk each time.
const DEFAULT_CACHE_MS = 3 * 60_000;
const PAGE = 50;
const OWNERS = ['Amazon', 'Self'] as const;

/** Command documents of a workspace (ListDocuments) and their parsed parameters (GetDocument). */
export class CommandDocuments {
  private readonly lists = new Map<string, Cached<DocumentSummary[]>>();
  private readonly details = new Map<string, Cached<DocumentDetail>>();
  private readonly now: () => number;
  private readonly cacheMs: number;

  constructor(private readonly options: DocumentsOptions) {
    this.now = options.now ?? Date.now;
    this.cacheMs = options.cacheMs ?? DEFAULT_CACHE_MS;
  }

  /** Amazon's and the account's own Command documents, by name. */
  list(workspaceId: string): Promise<DocumentSummary[]> {
    return this.cached(this.lists, workspaceId, () => this.fetchList(workspaceId));
  }

  /** One document's parameters and steps; an unknown name is a NotFoundError naming it. */
  describe(workspaceId: string, name: string, version?: string): Promise<DocumentDetail> {
    return this.cached(this.details, `${workspaceId}\u0000${name}\u0000${version ?? ''}`, () => this.fetchDetail(workspaceId, name, version));
  }

  private cached<T>(map: Map<string, Cached<T>>, key: string, load: () => Promise<T>): Promise<T> {
    const hit = map.get(key);
    if (hit && this.now() - hit.at < this.cacheMs) return hit.value;
    const value = load();
    map.set(key, { at: this.now(), value });
    // A failure must not be reused: the next open asks again.
    value.catch(() => {
      if (map.get(key)?.value === value) map.delete(key);
    });
    return value;
  }

  private async fetchList(workspaceId: string): Promise<DocumentSummary[]> {
    const ssm = await this.options.ssmFor(workspaceId);
    const byName = new Map<string, DocumentSummary>();
    // ListDocuments takes one Owner value per request (ssm-api.md §4.4): one walk per owner.
    for (const owner of OWNERS) {
      let nextToken: string | undefined;
      do {
        const page = await ssm
          .send(
            new ListDocumentsCommand({
              Filters: [
                { Key: 'Owner', Values: [owner] },
                { Key: 'DocumentType', Values: ['Command'] },
              ],
              MaxResults: PAGE,
              ...(nextToken ? { NextToken: nextToken } : {}),
            }),
          )
          .catch((error: unknown) => {
            throw toAwsError(error, { service: 'SSM', operation: 'ListDocuments' });
          });
        for (const doc of page.DocumentIdentifiers ?? []) {
          if (!doc.Name || doc.DocumentType !== 'Command') continue;
          byName.set(doc.Name, {
            name: doc.Name,
            owner: doc.Owner ?? owner,
            documentType: 'Command',
            platformTypes: (doc.PlatformTypes ?? []).map(String),
            description: doc.DisplayName ?? '',
          });
        }
        nextToken = page.NextToken || undefined;
      } while (nextToken);
    }
    return [...byName.values()].sort((a, b) => a.name.localeCompare(b.name));
  }

  private async fetchDetail(workspaceId: string, name: string, version?: string): Promise<DocumentDetail> {
    const ssm = await this.options.ssmFor(workspaceId);
    const versionField = version ? { DocumentVersion: version } : {};
    const notFound = (error: unknown): never => {
      const appError = toAwsError(error, { service: 'SSM', operation: 'GetDocument' });
      if (appError.code === 'InvalidDocument') {
        throw new NotFoundError(`Document ${name} does not exist in this workspace (or is not shared with this account).`, { cause: error });
      }
      if (appError.code === 'InvalidDocumentVersion') {
        throw new NotFoundError(`Document ${name} has no version ${version ?? ''}.`, { cause: error });
      }
      throw appError;
    };
    // DescribeDocument carries owner and platforms; only GetDocument's content carries the full parameter schema.
    const [described, got] = await Promise.all([
      ssm.send(new DescribeDocumentCommand({ Name: name, ...versionField })).catch(notFound),
      ssm.send(new GetDocumentCommand({ Name: name, DocumentFormat: 'JSON', ...versionField })).catch(notFound),
    ]);
    const document = described.Document;
    if (document?.DocumentType && document.DocumentType !== 'Command') {
      throw new NotFoundError(`Document ${name} is an ${document.DocumentType} document; Run Command runs Command documents only.`);
    }
    const parsed = parseDocumentContent(name, got.Content ?? '{}');
    return {
      name,
      owner: document?.Owner ?? '',
      documentType: 'Command',
      platformTypes: (document?.PlatformTypes ?? []).map(String),
      description: parsed.description || document?.Description || '',
      version: got.DocumentVersion ?? document?.DocumentVersion ?? '',
      schemaVersion: parsed.schemaVersion || document?.SchemaVersion || '',
      parameters: parsed.parameters,
      steps: parsed.steps,
    };
  }
}
