import type { SimDocumentParameter, SimPlatform } from './document-catalog';

/**
 * How a simulated document is written down: its content exactly as GetDocument returns it (the
 * same object is rendered to JSON and YAML), plus the listing facts that are not in the content.
 */

/** A Command plugin's inputs as they appear in content (before interpolation). */
export interface ScriptInputs {
  readonly runCommand: ReadonlyArray<string> | string;
  readonly workingDirectory?: string;
  readonly timeoutSeconds?: string | number;
}

/** Schema 1.2: `runtimeConfig.<plugin>.properties[]`. */
export interface RuntimeConfigProperty {
  readonly id: string;
  readonly runCommand: string | ReadonlyArray<string>;
  readonly workingDirectory?: string;
  readonly timeoutSeconds?: string;
}

/** Schema 2.2 `mainSteps[]` entry of a script plugin. */
export interface CommandStep {
  readonly action: 'aws:runShellScript' | 'aws:runPowerShellScript';
  readonly name: string;
  readonly precondition?: { readonly StringEquals: readonly ['platformType', SimPlatform] };
  readonly inputs: ScriptInputs;
}

/** Schema 0.3 `mainSteps[]` entry (Automation). */
export interface AutomationStep {
  readonly name: string;
  readonly action: string;
  readonly inputs: Readonly<Record<string, unknown>>;
  readonly [key: string]: unknown;
}

/** A document's content, exactly as GetDocument returns it (rendered to JSON and YAML). */
export interface DocumentContent {
  readonly schemaVersion: string;
  readonly description: string;
  readonly assumeRole?: string;
  readonly parameters: Readonly<Record<string, SimDocumentParameter>>;
  readonly runtimeConfig?: Readonly<Record<string, { readonly properties: ReadonlyArray<RuntimeConfigProperty> }>>;
  readonly mainSteps?: ReadonlyArray<CommandStep | AutomationStep>;
}

/** One simulated document: its content plus the listing facts that are not in the content. */
export interface DocumentDefinition {
  readonly name: string;
  readonly documentType: 'Command' | 'Automation';
  /** 'Amazon' for AWS-owned documents, 'Self' for the training account's own. */
  readonly owner: 'Amazon' | 'Self';
  readonly platformTypes: ReadonlyArray<SimPlatform>;
  /** How long before the simulator's start the document was created (listing realism). */
  readonly ageDays: number;
  readonly content: DocumentContent;
  /**
   * Values the training fleet's agent works out itself before running the steps (e.g. the
   * CloudWatch agent fetching its configuration), referenced in the content as `{{ name }}`.
   */
  readonly derive?: (values: Readonly<Record<string, string[]>>, parameter: (name: string) => string | undefined) => Record<string, string[]>;
}
