import { StringDecoder } from 'node:string_decoder';

/**
 * What the simulated agent keeps of a step's output, and how it shows it (ssm-api.md §5.5).
 * A script may print without end (50 MB of logs), so each stream keeps only what the API can
 * ever return — 24,000 characters of stdout, 8,000 of stderr, as the agent's iohandler does —
 * and counts the rest while draining it, so memory stays flat however much a script prints.
 */

/** GetCommandInvocation StandardOutputContent cap (agent MaxStdoutLength). */
export const STDOUT_LIMIT = 24_000;
/** GetCommandInvocation StandardErrorContent cap (agent MaxStderrLength). */
export const STDERR_LIMIT = 8_000;
/** ListCommandInvocations CommandPlugins[].Output cap (agent MaximumPluginOutputSize). */
export const PLUGIN_OUTPUT_LIMIT = 2_500;

export const ERROR_TITLE = '\n----------ERROR-------\n';
export const OUTPUT_TRUNCATED = '\n---Output truncated---';
export const ERROR_TRUNCATED = '\n---Error truncated----';

/** The first `limit` characters of a byte stream, plus how many bytes arrived in total. */
export class BoundedText {
  readonly #limit: number;
  readonly #decoder = new StringDecoder('utf8');
  #text = '';
  #bytes = 0;
  #full = false;

  constructor(limit: number) {
    this.#limit = limit;
  }

  /** Takes one chunk; once the limit is reached chunks are only counted, never decoded or kept. */
  push(chunk: Buffer): void {
    this.#bytes += chunk.length;
    if (this.#full) return;
    this.#text += this.#decoder.write(chunk);
    if (this.#text.length >= this.#limit) {
      this.#text = this.#text.slice(0, this.#limit);
      this.#full = true;
    }
  }

  /** The kept text (never more than the limit). */
  get text(): string {
    return this.#full ? this.#text : this.#text + this.#decoder.end();
  }

  /** Bytes received, kept or not. */
  get totalBytes(): number {
    return this.#bytes;
  }

  /** True when output was dropped beyond the limit. */
  get truncated(): boolean {
    return this.#full && this.#bytes > Buffer.byteLength(this.#text, 'utf8');
  }
}

/**
 * A plugin's `Output` as the agent builds it: stdout, then the error title and stderr when
 * stderr is non-empty, cut to `capacity` with the agent's markers. The split follows the agent's
 * TruncateOutput: everything when it fits; half each when both halves are large; otherwise the
 * larger side gives way and the smaller one stays whole.
 */
export function pluginOutput(stdout: string, stderr: string, capacity: number = PLUGIN_OUTPUT_LIMIT): string {
  const title = stderr.length > 0 ? ERROR_TITLE : '';
  const available = capacity - title.length;
  if (stdout.length + stderr.length < available) return stdout + title + stderr;
  const half = Math.floor(available / 2);
  if (stdout.length > half && stderr.length > half) {
    const each = Math.floor((available - ERROR_TRUNCATED.length - OUTPUT_TRUNCATED.length) / 2);
    return stdout.slice(0, each) + OUTPUT_TRUNCATED + title + stderr.slice(0, each) + ERROR_TRUNCATED;
  }
  if (stdout.length < half) {
    return stdout + title + stderr.slice(0, available - ERROR_TRUNCATED.length - stdout.length) + ERROR_TRUNCATED;
  }
  return stdout.slice(0, available - OUTPUT_TRUNCATED.length - stderr.length) + OUTPUT_TRUNCATED + title + stderr;
}
