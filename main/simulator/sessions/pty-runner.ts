import { existsSync, mkdirSync } from 'node:fs';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import { spawn } from 'node-pty';
import type { IPty } from 'node-pty';

/**
 * The shell behind a training-fleet session: the host's shell in a real PTY (node-pty), in the
 * node's sandbox folder (cwd and HOME), with TERM=xterm-256color and LANG=C.UTF-8 as the agent
 * sets them (session-protocol.md §7.2), and a minimal environment built from scratch so that
 * neither the host's AWS_* variables nor Capstan's own settings reach the training shell.
 */

/** A running shell. Output arrives as raw bytes. */
export interface ShellProcess {
  readonly pid: number;
  write(data: Uint8Array): void;
  resize(cols: number, rows: number): void;
  /** Stops reading PTY output (the agent does this while publication is paused, §5.4). */
  pause(): void;
  resume(): void;
  /** Ends the shell (SIGHUP on Unix, as when a terminal goes away). */
  kill(): void;
  onData(listener: (chunk: Buffer) => void): void;
  onExit(listener: (exitCode: number, signal: number | undefined) => void): void;
}

/** How to start a shell. */
export interface ShellOptions {
  readonly instanceId: string;
  readonly cols: number;
  readonly rows: number;
  /** Folder holding one sandbox per node (default os.tmpdir()/capstan-training). */
  readonly sandboxRoot?: string;
}

/** Default parent folder of the per-node sandboxes. */
export function defaultSandboxRoot(): string {
  return join(tmpdir(), 'capstan-training');
}

/** The node's sandbox folder, created on demand. */
export function sandboxFolder(instanceId: string, sandboxRoot: string = defaultSandboxRoot()): string {
  // Instance ids are [a-z0-9-]; refuse anything else rather than let it escape the root.
  if (!/^[A-Za-z0-9-]+$/.test(instanceId)) throw new RangeError(`Not an instance id: ${instanceId}`);
  const folder = join(sandboxRoot, instanceId);
  mkdirSync(folder, { recursive: true });
  return folder;
}

/** The host's interactive shell and its arguments. */
export function hostShell(): { file: string; args: string[] } {
  if (process.platform === 'win32') {
    const system = process.env.SystemRoot ?? 'C:\\Windows';
    const powershell = join(system, 'System32', 'WindowsPowerShell', 'v1.0', 'powershell.exe');
    return existsSync(powershell) ? { file: powershell, args: ['-NoLogo'] } : { file: process.env.ComSpec ?? 'cmd.exe', args: [] };
  }
  // --norc: the host's /etc/bash.bashrc would replace our PS1 and differs between machines.
  return existsSync('/bin/bash') ? { file: '/bin/bash', args: ['--norc', '--noprofile', '-i'] } : { file: '/bin/sh', args: ['-i'] };
}

/** The whole environment of a training shell: nothing inherited except what a Windows shell needs to start. */
export function shellEnvironment(instanceId: string, home: string, shell: string): Record<string, string> {
  if (process.platform === 'win32') {
    const keep = ['SystemRoot', 'SystemDrive', 'windir', 'ComSpec', 'PATHEXT', 'NUMBER_OF_PROCESSORS', 'PROCESSOR_ARCHITECTURE'];
    const env: Record<string, string> = { USERPROFILE: home, HOMEPATH: home, TERM: 'xterm-256color', COMPUTERNAME: instanceId };
    for (const name of keep) {
      const value = process.env[name];
      if (value !== undefined) env[name] = value;
    }
    const system = env.SystemRoot ?? 'C:\\Windows';
    env.PATH = [join(system, 'System32'), system, join(system, 'System32', 'WindowsPowerShell', 'v1.0')].join(';');
    return env;
  }
  const user = safeUserName();
  return {
    HOME: home,
    // The node's training shims (systemctl…) come first, never the host's own service manager.
    PATH: `${join(home, 'bin')}:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin`,
    TERM: 'xterm-256color',
    LANG: 'C.UTF-8',
    SHELL: shell,
    USER: user,
    LOGNAME: user,
    // A prompt that names the training node, so an operator sees where the shell runs.
    PS1: `${user}@${instanceId}:\\w\\$ `,
  };
}

/** Starts the host's shell for `instanceId` in a PTY. */
export function spawnShell(options: ShellOptions): ShellProcess {
  const home = sandboxFolder(options.instanceId, options.sandboxRoot);
  const shell = hostShell();
  const pty: IPty = spawn(shell.file, shell.args, {
    name: 'xterm-256color',
    cols: clampSize(options.cols, 80),
    rows: clampSize(options.rows, 24),
    cwd: home,
    env: shellEnvironment(options.instanceId, home, shell.file),
    // Raw bytes: the agent chunks output itself and must not mangle split UTF-8 sequences.
    encoding: null,
  });
  let exited = false;
  pty.onExit(() => {
    exited = true;
  });
  return {
    pid: pty.pid,
    write: (data) => {
      if (!exited) pty.write(Buffer.from(data));
    },
    resize: (cols, rows) => {
      if (!exited) pty.resize(clampSize(cols, 80), clampSize(rows, 24));
    },
    pause: () => pty.pause(),
    resume: () => pty.resume(),
    kill: () => {
      if (exited) return;
      try {
        pty.kill(process.platform === 'win32' ? undefined : 'SIGHUP');
      } catch {
        // Already gone between the check and the signal.
      }
    },
    onData: (listener) => {
      pty.onData((data: string | Buffer) => listener(typeof data === 'string' ? Buffer.from(data, 'utf8') : data));
    },
    onExit: (listener) => {
      pty.onExit(({ exitCode, signal }) => listener(exitCode, signal === 0 ? undefined : signal));
    },
  };
}

function clampSize(value: number, fallback: number): number {
  return Number.isInteger(value) && value > 0 ? Math.min(value, 1000) : fallback;
}

function safeUserName(): string {
  try {
    return userInfo().username;
  } catch {
    return 'training';
  }
}
