import { awsError } from '../wire-errors';
import { BUILTIN_DOCUMENTS } from './builtin-documents';
import type { DocumentDefinition } from './document-definition';
import { renderDocumentSteps } from './step-rendering';
import { resolveDocumentParameters } from './parameter-checks';
import { stringify as toYaml } from 'yaml';

/**
 * The documents the training account can run (ssm-api.md §4.4): AWS-owned ones and the account's
 * own Capstan-* runbook documents. Everything an op or the Run Command engine needs to know about
 * a document — its listing fields, its parameter schema, its content in JSON and YAML, and its
 * executable steps after interpolation — comes from here.
 */

/** A platform a document or one of its steps runs on. */
export type SimPlatform = 'Linux' | 'Windows' | 'MacOS';
/** A document parameter as in the document's content (ssm-api.md §4.4 preamble). */
export interface SimDocumentParameter {
  readonly type: 'String' | 'StringList' | 'Integer' | 'Boolean' | 'StringMap' | 'MapList';
  readonly description?: string;
  readonly default?: unknown; // absent => required
  readonly allowedValues?: ReadonlyArray<string>;
  readonly allowedPattern?: string; // re2-compatible, no look-around
  readonly displayType?: 'textfield' | 'textarea';
  readonly minItems?: number;
  readonly maxItems?: number;
  readonly minChars?: number;
  readonly maxChars?: number;
}
/** One executable step, after parameter interpolation. */
export interface SimRenderedStep {
  readonly name: string; // plugin name (1.2) or step name (2.x): ListCommandInvocations' CommandPlugins[].Name
  readonly plugin: 'aws:runShellScript' | 'aws:runPowerShellScript';
  readonly platform: SimPlatform | null; // precondition platformType, null = any
  readonly commands: ReadonlyArray<string>; // script lines to run
  readonly workingDirectory: string; // '' = the node's sandbox folder
  readonly timeoutSeconds: number; // the step's execution timeout
}
/** A document as the catalog serves it: listing facts, parameter schema and rendered content. */
export interface SimDocument {
  readonly name: string;
  readonly documentType: 'Command' | 'Automation';
  readonly owner: string; // 'Amazon' or the account id
  readonly schemaVersion: string; // '1.2' | '2.2' | '0.3'
  readonly platformTypes: ReadonlyArray<SimPlatform>;
  readonly latestVersion: string; // '1'
  readonly defaultVersion: string;
  readonly description: string;
  readonly createdDate: number; // epoch ms
  readonly parameters: Readonly<Record<string, SimDocumentParameter>>;
  readonly contentJson: string; // GetDocument Content, JSON rendering
  readonly contentYaml: string; // GetDocument Content, YAML rendering
}
/** A parameter check failure, worded as SSM words InvalidParameters. */
export class SimParameterError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SimParameterError';
  }
}

const DAY_MS = 24 * 60 * 60 * 1000;
const INVALID_VERSION = 'The document version is not valid or does not exist.';

/** The training account's documents, looked up by name (or ARN) and version. */
export class DocumentCatalog {
  readonly #documents: ReadonlyMap<string, SimDocument>;
  readonly #definitions: ReadonlyMap<string, DocumentDefinition>;

  constructor(options: { accountId: string; now: number }) {
    const documents = new Map<string, SimDocument>();
    const definitions = new Map<string, DocumentDefinition>();
    for (const definition of BUILTIN_DOCUMENTS) {
      documents.set(definition.name, toSimDocument(definition, options.accountId, options.now));
      definitions.set(definition.name, definition);
    }
    this.#documents = documents;
    this.#definitions = definitions;
  }

  /** Undefined when unknown; throws SimulatedAwsError InvalidDocumentVersion for a bad version of a known doc. */
  find(name: string, version?: string): SimDocument | undefined {
    const document = this.#documents.get(documentNameOf(name));
    if (document === undefined) return undefined;
    // Every simulated document has exactly one version, so "$LATEST", "$DEFAULT" and "1" all name it.
    if (version !== undefined && version !== '' && version !== '$LATEST' && version !== '$DEFAULT' && version !== document.latestVersion) {
      throw awsError('InvalidDocumentVersion', INVALID_VERSION);
    }
    return document;
  }

  /** Every document, in a stable order (ListDocuments pages through it). */
  list(): ReadonlyArray<SimDocument> {
    return [...this.#documents.values()];
  }

  /**
   * Checks values against the document (required, undeclared names, type, allowedValues,
   * allowedPattern, min/max items/chars) and fills defaults. Throws SimParameterError.
   */
  resolveParameters(doc: SimDocument, values: Readonly<Record<string, ReadonlyArray<string>>>): Record<string, string[]> {
    return resolveDocumentParameters(doc, values, (message) => new SimParameterError(message));
  }

  /**
   * Interpolates `{{ name }}` (and `{{ssm:param}}` through `parameter`) into the steps of a
   * Command document; the engine runs the steps whose platform matches the node.
   */
  renderSteps(
    doc: SimDocument,
    values: Readonly<Record<string, ReadonlyArray<string>>>,
    parameter: (name: string) => string | undefined,
  ): SimRenderedStep[] {
    const definition = this.#definitions.get(doc.name);
    if (definition === undefined || doc.documentType !== 'Command') {
      throw new SimParameterError(`Document ${doc.name} is not a Command document and has no steps to run.`);
    }
    const resolved = this.resolveParameters(doc, values);
    return renderDocumentSteps(definition, resolved, parameter, (message) => new SimParameterError(message));
  }
}

/** Accepts a plain name or a document ARN (`arn:aws:ssm:<region>:<account>:document/<name>`). */
function documentNameOf(name: string): string {
  const arn = /^arn:aws[a-z-]*:ssm:[a-z0-9-]*:[0-9]*:document\/([a-zA-Z0-9_\-.]{3,128})$/.exec(name);
  return arn?.[1] ?? name;
}

function toSimDocument(definition: DocumentDefinition, accountId: string, now: number): SimDocument {
  const content = definition.content;
  return {
    name: definition.name,
    documentType: definition.documentType,
    owner: definition.owner === 'Amazon' ? 'Amazon' : accountId,
    schemaVersion: content.schemaVersion,
    platformTypes: definition.platformTypes,
    latestVersion: '1',
    defaultVersion: '1',
    description: content.description,
    createdDate: now - definition.ageDays * DAY_MS,
    parameters: content.parameters,
    contentJson: JSON.stringify(content, null, 2),
    contentYaml: toYaml(content, { lineWidth: 0 }),
  };
}
