import { z } from 'zod';

/**
 * A message or hint the renderer can translate: a key of `errorTexts` (error-texts.ts) and its
 * parameters. The English `message` / `hint` beside it stays the fallback.
 */
export const errorTextSchema = z.object({
  key: z.string().max(100),
  params: z.record(z.string(), z.union([z.string(), z.number()])).optional(),
});
export type ErrorText = z.infer<typeof errorTextSchema>;

/** Why a request failed, as the renderer sees it: never a stack, never a credential. */
export const errorInfoSchema = z.object({
  /** Stable machine code: an AWS code (`ThrottlingException`) or one of ours (`ValidationError`). */
  code: z.string(),
  /** One sentence naming the cause. */
  message: z.string(),
  /** What the operator can do about it, when we know. */
  hint: z.string().optional(),
  /** `message` as a translation key, when main wrote the sentence (not when AWS did). */
  text: errorTextSchema.optional(),
  /** `hint` as a translation key. */
  hintText: errorTextSchema.optional(),
  retryable: z.boolean(),
  /** Which family of error this is, so the UI can pick a tone (a cancel is not a failure). */
  kind: z.enum(['validation', 'aws', 'not-found', 'cancelled', 'session', 'store', 'network', 'credentials', 'bug']),
  awsOperation: z.string().optional(),
  requestId: z.string().optional(),
});
export type ErrorInfo = z.infer<typeof errorInfoSchema>;

/** The envelope every invoke answers with. */
export type Result<T> = { ok: true; value: T } | { ok: false; error: ErrorInfo };

/** A request → response channel. */
export interface InvokeEntry<Req extends z.ZodType = z.ZodType, Res extends z.ZodType = z.ZodType> {
  readonly kind: 'invoke';
  readonly request: Req;
  readonly response: Res;
}

/** A main → renderer stream. */
export interface EventEntry<Payload extends z.ZodType = z.ZodType> {
  readonly kind: 'event';
  readonly payload: Payload;
}

export type ContractEntry = InvokeEntry | EventEntry;

/** Declares an invoke channel. */
export function invoke<Req extends z.ZodType, Res extends z.ZodType>(request: Req, response: Res): InvokeEntry<Req, Res> {
  return { kind: 'invoke', request, response };
}

/** Declares an event channel. */
export function event<Payload extends z.ZodType>(payload: Payload): EventEntry<Payload> {
  return { kind: 'event', payload };
}
