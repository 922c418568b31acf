import type { FleetState } from '../fleet-state';
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
}

/** One SSM operation: decoded JSON input in, JSON-serialisable output out, SimulatedAwsError on failure. */
export type OperationHandler = (input: JsonObject, context: OperationContext) => object;
