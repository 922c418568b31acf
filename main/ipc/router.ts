import type { z } from 'zod';
import type { Contract, EventChannel, InvokeChannel, Result } from '../../preload/contract/index';
import { AppError, BugError, asAppError } from '../errors/app-error';

/** Who sent a request, as judged by the transport (Electron frame check, or the test host's token). */
export interface SenderInfo {
  trusted: boolean;
  /** For logs: which frame or connection this was. */
  label: string;
}

/** A handler receives parsed, trusted input and returns the response before output validation. */
export type InvokeHandler<C extends InvokeChannel> = (
  request: z.output<Contract[C]['request']>,
) => Promise<z.input<Contract[C]['response']>> | z.input<Contract[C]['response']>;

/** Exactly one handler per invoke channel: the type makes a missing or extra one a compile error. */
export type InvokeHandlers = { [C in InvokeChannel]: InvokeHandler<C> };

/** Services publish events through this; payloads are validated before they reach a window. */
export interface EventSink {
  emit<C extends EventChannel>(channel: C, payload: z.input<Contract[C]['payload']>): void;
}

/** Binds contract entries to handlers; the only way a renderer request reaches a service. */
export interface Router extends EventSink {
  readonly invokeChannels: readonly string[];
  readonly eventChannels: readonly string[];
  handle(channel: string, sender: SenderInfo, payload: unknown): Promise<Result<unknown>>;
  subscribe(listener: (channel: string, payload: unknown) => void): () => void;
}

interface RouterOptions {
  /** Where refused requests and handler bugs are reported (never to the renderer in detail). */
  log?: (message: string, detail?: unknown) => void;
}

/** Creates a router over a contract; checks sender, then request shape, then response shape. */
export function createRouter(contract: Contract, handlers: InvokeHandlers, options: RouterOptions = {}): Router {
  const log = options.log ?? (() => {});
  const entries = Object.entries(contract) as Array<[string, Contract[keyof Contract]]>;
  const invokeChannels = entries.filter(([, e]) => e.kind === 'invoke').map(([c]) => c);
  const eventChannels = entries.filter(([, e]) => e.kind === 'event').map(([c]) => c);
  assertHandlersMatch(invokeChannels, Object.keys(handlers));
  const listeners = new Set<(channel: string, payload: unknown) => void>();

  async function handle(channel: string, sender: SenderInfo, payload: unknown): Promise<Result<unknown>> {
    if (!sender.trusted) {
      log(`refused ${channel} from untrusted sender ${sender.label}`);
      return failure(new AppError('validation', 'UntrustedSender', 'Request refused: it did not come from the Capstan window.'));
    }
    const entry = Object.hasOwn(contract, channel) ? contract[channel as keyof Contract] : undefined;
    if (!entry || entry.kind !== 'invoke') {
      log(`refused unknown channel ${channel}`);
      return failure(new AppError('validation', 'UnknownChannel', `Unknown request "${String(channel).slice(0, 80)}".`));
    }
    const parsed = entry.request.safeParse(payload);
    if (!parsed.success) {
      return failure(new AppError('validation', 'InvalidRequest', `Invalid request for ${channel}: ${describeIssues(parsed.error)}`));
    }
    try {
      const handler = handlers[channel as InvokeChannel] as (request: unknown) => unknown;
      const value = await handler(parsed.data);
      const checked = entry.response.safeParse(value);
      if (!checked.success) {
        log(`handler for ${channel} answered outside its schema`, checked.error);
        return failure(new BugError(`Capstan produced an invalid answer for ${channel}.`));
      }
      return { ok: true, value: checked.data };
    } catch (error) {
      const appError = asAppError(error);
      if (appError.kind === 'bug') log(`handler for ${channel} failed`, error);
      return failure(appError);
    }
  }

  function emit(channel: EventChannel, payload: unknown): void {
    const entry = contract[channel];
    const checked = entry.payload.safeParse(payload);
    if (!checked.success) {
      log(`dropped invalid ${channel} event`, checked.error);
      return;
    }
    for (const listener of listeners) listener(channel, checked.data);
  }

  return {
    invokeChannels,
    eventChannels,
    handle,
    emit: emit as EventSink['emit'],
    subscribe(listener) {
      listeners.add(listener);
      return () => {
        listeners.delete(listener);
      };
    },
  };
}

function failure(error: AppError): Result<never> {
  return { ok: false, error: error.toInfo() };
}

function describeIssues(error: z.ZodError): string {
  return error.issues
    .slice(0, 3)
    .map((issue) => `${issue.path.length ? issue.path.join('.') : 'request'}: ${issue.message}`)
    .join('; ');
}

function assertHandlersMatch(channels: string[], handlerNames: string[]): void {
  const missing = channels.filter((c) => !handlerNames.includes(c));
  const extra = handlerNames.filter((h) => !channels.includes(h));
  if (missing.length || extra.length) {
    throw new BugError(`Router handlers do not match the contract (missing: ${missing.join(', ') || 'none'}; extra: ${extra.join(', ') || 'none'}).`);
  }
}
