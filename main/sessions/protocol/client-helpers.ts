/** A ws message payload (Buffer, ArrayBuffer or fragments) as one Buffer. */
export function toBuffer(data: unknown): Buffer {
  if (Buffer.isBuffer(data)) return data;
  if (Array.isArray(data)) return Buffer.concat(data as Buffer[]);
  if (data instanceof ArrayBuffer) return Buffer.from(data);
  if (ArrayBuffer.isView(data)) return Buffer.from(data.buffer, data.byteOffset, data.byteLength);
  return Buffer.alloc(0);
}

/** An error's message, or its name when AWS sent no message. */
export function errorText(error: unknown): string {
  if (error instanceof Error) return error.message || error.name;
  return String(error);
}

/** TerminateSession/ResumeSession on a session that already ended (§11.4). */
export function isNotValidStateError(error: unknown): boolean {
  return /not in a valid state/i.test(errorText(error));
}

/** ResumeSession on a session the service no longer knows. */
export function isDoesNotExistError(error: unknown): boolean {
  return error instanceof Error && (error.name === 'DoesNotExistException' || (error as { code?: unknown }).code === 'DoesNotExistException');
}
