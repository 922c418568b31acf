import type { AutomationEngine } from '../automation/automation-engine';
import type { CommandEngine } from '../commands/command-engine';
import type { DocumentCatalog } from '../documents/document-catalog';
import type { FleetState } from '../fleet-state';
import type { ParameterStore } from '../parameters/parameter-store';
import type { PageTokenCodec } from '../page-token';
import type { JsonObject } from '../request-validation';

/** What an operation handler may use: the live fleet, the token codec and the caller's context. */
export interface OperationContext {
  readonly fleet: FleetState;
  readonly tokens: PageTokenCodec;
  readonly accountId: string;
  /** Region of the request's credential scope. */
  readonly region: string;
  /** Server time, epoch milliseconds. */
  readonly now: number;
  /** The account's SSM documents (AWS-owned and its own). */
  readonly documents: DocumentCatalog;
  /** The account's Parameter Store. */
  readonly parameters: ParameterStore;
  /** Automation executions (AWS-RestartEC2Instance). */
  readonly automation: AutomationEngine;
  /** Run Command: commands sent since start and the processes running them. */
  readonly commands: CommandEngine;
  /** Who signed the request: the Owner of sessions it starts (user, or role session name). */
  readonly caller?: { readonly arn: string; readonly name: string };
}

/** One SSM operation: decoded JSON input in, JSON-serialisable output out, SimulatedAwsError on failure. */
export type OperationHandler = (input: JsonObject, context: OperationContext) => object;
