import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { BoundedText, STDERR_LIMIT, STDOUT_LIMIT } from './output-capture';

/**
 * The host processes behind the training fleet's Run Command. Every step of every invocation is
 * a real process, so a command to 1,000 nodes on a 2-core laptop must not start 1,000 shells:
 * at most `limit` run at once across the whole simulator and the rest wait their turn (their
 * invocations stay InProgress, as a busy agent's would). Each process leads its own process
 * group, so a timeout or a cancel kills the script and everything it started.
 */

/** One process to run. */
export interface ProcessSpec {
  readonly file: string;
  readonly args: ReadonlyArray<string>;
  readonly cwd: string;
  readonly env: Readonly<Record<string, string>>;
  /** Kill the process group after this long, measured from when the process really starts. */
  readonly timeoutMs: number;
}

/** How a process ended. */
export interface ProcessResult {
  /** Exit status; undefined when the process was killed by a signal or never started. */
  readonly exitCode: number | undefined;
  /** Why the simulator stopped it, if it did. */
  readonly stoppedBy: 'timeout' | 'cancel' | undefined;
  /** A spawn failure (e.g. the shell is missing), in words for stderr. */
  readonly spawnError: string | undefined;
  readonly stdout: BoundedText;
  readonly stderr: BoundedText;
  /** Epoch ms (simulator clock) when the process started and ended. */
  readonly startedAt: number;
  readonly endedAt: number;
}

/** A queued or running process. */
export interface ProcessHandle {
  readonly result: Promise<ProcessResult>;
  /** Stops it: a queued one never starts, a running one has its group killed. */
  cancel(): void;
}

interface Job {
  readonly spec: ProcessSpec;
  readonly onStart: () => void;
  readonly resolve: (result: ProcessResult) => void;
  cancelled: boolean;
  child?: ChildProcess;
  stop?: (reason: 'timeout' | 'cancel') => void;
}

/** Runs processes with bounded concurrency. */
export class HostProcessPool {
  readonly #limit: number;
  readonly #now: () => number;
  readonly #queue: Job[] = [];
  readonly #running = new Set<Job>();
  #closed = false;

  constructor(limit: number, now: () => number) {
    this.#limit = Math.max(1, limit);
    this.#now = now;
  }

  /** Processes running right now (never more than the limit). */
  get runningCount(): number {
    return this.#running.size;
  }

  /** Queues a process; `onStart` fires when it really starts. */
  run(spec: ProcessSpec, onStart: () => void = () => undefined): ProcessHandle {
    let resolve!: (result: ProcessResult) => void;
    const result = new Promise<ProcessResult>((r) => {
      resolve = r;
    });
    const job: Job = { spec, onStart, resolve, cancelled: false };
    if (this.#closed) this.#finishUnstarted(job, 'cancel');
    else {
      this.#queue.push(job);
      this.#pump();
    }
    return {
      result,
      cancel: () => {
        if (job.stop) job.stop('cancel');
        else if (!job.cancelled) {
          job.cancelled = true;
          const at = this.#queue.indexOf(job);
          if (at >= 0) this.#queue.splice(at, 1);
          this.#finishUnstarted(job, 'cancel');
        }
      },
    };
  }

  /** Kills every running process group and drops the queue; later runs end at once. */
  close(): void {
    this.#closed = true;
    for (const job of this.#queue.splice(0)) this.#finishUnstarted(job, 'cancel');
    for (const job of [...this.#running]) job.stop?.('cancel');
  }

  #pump(): void {
    while (this.#running.size < this.#limit && this.#queue.length > 0) {
      const job = this.#queue.shift();
      if (job) this.#start(job);
    }
  }

  #finishUnstarted(job: Job, reason: 'cancel'): void {
    const at = this.#now();
    job.resolve({
      exitCode: undefined,
      stoppedBy: reason,
      spawnError: undefined,
      stdout: new BoundedText(STDOUT_LIMIT),
      stderr: new BoundedText(STDERR_LIMIT),
      startedAt: at,
      endedAt: at,
    });
  }

  #start(job: Job): void {
    const stdout = new BoundedText(STDOUT_LIMIT);
    const stderr = new BoundedText(STDERR_LIMIT);
    const startedAt = this.#now();
    let stoppedBy: 'timeout' | 'cancel' | undefined;
    let spawnError: string | undefined;
    let settled = false;
    let child: ChildProcess;
    try {
      child = spawn(job.spec.file, [...job.spec.args], {
        cwd: job.spec.cwd,
        env: job.spec.env,
        stdio: ['ignore', 'pipe', 'pipe'],
        // Own process group (Unix), so killing -pid reaches whatever the script started.
        detached: process.platform !== 'win32',
        windowsHide: true,
      });
    } catch (error) {
      // Refused before any process existed (e.g. an argument the OS cannot pass): the step fails, the pool goes on.
      const at = this.#now();
      stderr.push(Buffer.from(`Failed to start ${job.spec.file}: ${error instanceof Error ? error.message : String(error)}`));
      job.resolve({ exitCode: 1, stoppedBy: undefined, spawnError: undefined, stdout, stderr, startedAt: at, endedAt: at });
      this.#pump();
      return;
    }
    this.#running.add(job);
    job.child = child;
    const killGroup = (): void => {
      try {
        if (child.pid !== undefined && process.platform !== 'win32') process.kill(-child.pid, 'SIGKILL');
        else child.kill('SIGKILL');
      } catch {
        // Already exited between the check and the signal.
      }
    };
    job.stop = (reason) => {
      stoppedBy ??= reason;
      killGroup();
    };
    // Clamped: setTimeout fires at once beyond 2^31-1 ms.
    const timer = setTimeout(() => job.stop?.('timeout'), Math.min(job.spec.timeoutMs, 2 ** 31 - 1));
    timer.unref();
    child.stdout?.on('data', (chunk: Buffer) => stdout.push(chunk));
    child.stderr?.on('data', (chunk: Buffer) => stderr.push(chunk));
    const finish = (exitCode: number | undefined): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      // A script's background children share the group; they must not outlive their step.
      killGroup();
      this.#running.delete(job);
      job.resolve({ exitCode, stoppedBy, spawnError, stdout, stderr, startedAt, endedAt: this.#now() });
      this.#pump();
    };
    child.on('error', (error) => {
      spawnError = `Failed to start ${job.spec.file}: ${error.message}`;
      finish(undefined);
    });
    // Background children of the script keep the pipes open; they end with their step.
    child.on('exit', killGroup);
    // 'close' (not 'exit'): the pipes are drained, so no output is lost after the exit status.
    child.on('close', (code) => finish(code ?? undefined));
    if (child.pid !== undefined) job.onStart();
  }
}
