import { existsSync, statSync } from 'node:fs';
import { delimiter, join, relative, resolve } from 'node:path';
import type { SimulatedNode } from '../fleet-generator';
import { sandboxFolder, shellEnvironment } from '../sessions/pty-runner';
import type { InvocationDetail, InvocationRecord, PluginRecord } from './command-records';
import type { HostProcessPool, ProcessResult, ProcessSpec } from './host-process-pool';
import { powerShellPrelude } from './powershell-prelude';
import { prepareTrainingSandbox } from './training-shims';

/**
 * Runs one invocation's steps for real, one after another, in the node's sandbox folder — the
 * simulated agent. Shell scripts go to the host's /bin/sh. PowerShell steps go to `pwsh` (or
 * Windows PowerShell on a Windows host) behind a prelude that re-defines the service cmdlets
 * over the simulated services (powershell-prelude.ts); a host without PowerShell runs their
 * lines with /bin/sh, where plain invocations such as `Restart-Service -Name x` still reach the
 * sandbox's shims — enough to practise simple Windows runbooks, while real PowerShell syntax
 * fails there with the shell's own error. Steps
 * whose precondition names another platform are skipped as the agent skips them; a failed step
 * does not stop the next one (SSM's default when a step sets no onFailure).
 */

export interface InvocationRunnerDeps {
  readonly pool: HostProcessPool;
  readonly sandboxRoot: string | undefined;
  readonly region: string;
  /** Real milliseconds one simulated second of an execution timeout lasts. */
  readonly msPerSecond: number;
  readonly now: () => number;
}

/**
 * Exit code the agent reports for a step it stopped (timeout or cancel): 128 + SIGKILL on Unix
 * nodes and -1 on Windows nodes (amazon-ssm-agent appconfig CommandStoppedPreemptivelyExitCode).
 * §5 documents only -1 for "never started"; this is the agent's own value for "stopped".
 */
const NO_POWERSHELL =
  'This computer has no PowerShell (pwsh), so the training fleet ran these PowerShell lines with /bin/sh. ' +
  'Install PowerShell 7 and restart Capstan to run Windows runbooks as written.';

function stoppedExitCode(node: SimulatedNode): number {
  return node.info.PlatformType === 'Windows' ? -1 : 137;
}

/** Runs every step; resolves once the invocation has reached a terminal state. */
export async function runInvocation(inv: InvocationRecord, node: SimulatedNode, deps: InvocationRunnerDeps): Promise<void> {
  let cancelled = false;
  const sandbox = sandboxFolder(node.InstanceId, deps.sandboxRoot);
  const bin = prepareTrainingSandbox(sandbox, node);
  for (const plugin of inv.plugins) {
    if (cancelled) {
      plugin.detail = 'Cancelled';
      continue;
    }
    if (plugin.step.platform !== null && plugin.step.platform !== node.info.PlatformType) {
      skip(plugin, deps.now());
      continue;
    }
    const cwd = workingDirectory(sandbox, plugin.step.workingDirectory);
    if (typeof cwd !== 'string') {
      fail(plugin, cwd.error, deps.now());
      continue;
    }
    const handle = deps.pool.run(processSpec(plugin, node, sandbox, bin, cwd, deps), () => {
      plugin.detail = 'InProgress';
      plugin.startedAt = deps.now();
    });
    inv.stop = () => {
      cancelled = true;
      handle.cancel();
    };
    record(plugin, await handle.result, node);
    if (plugin.detail === 'Failed' && plugin.step.plugin === 'aws:runPowerShellScript' && powerShell() === undefined) {
      plugin.stderr = appendLine(plugin.stderr, NO_POWERSHELL);
    }
    inv.stop = undefined;
  }
  inv.detail = cancelled ? 'Cancelled' : rollUp(inv.plugins);
  inv.updatedAt = deps.now();
}

function rollUp(plugins: ReadonlyArray<PluginRecord>): InvocationDetail {
  if (plugins.some((p) => p.detail === 'ExecutionTimedOut')) return 'ExecutionTimedOut';
  if (plugins.some((p) => p.detail === 'Failed')) return 'Failed';
  return 'Success';
}

function record(plugin: PluginRecord, result: ProcessResult, node: SimulatedNode): void {
  // onStart fired only if the process really started; a cancel may come while it still queues.
  const ran = plugin.startedAt !== undefined;
  plugin.stdout = result.stdout.text;
  plugin.stderr = result.spawnError ? appendLine(result.stderr.text, result.spawnError) : result.stderr.text;
  if (ran || result.stoppedBy !== 'cancel') plugin.startedAt ??= result.startedAt;
  plugin.endedAt = result.endedAt;
  if (result.stoppedBy === 'timeout') {
    plugin.detail = 'ExecutionTimedOut';
    plugin.responseCode = stoppedExitCode(node);
    plugin.stderr = appendLine(plugin.stderr, 'failed to run commands: command timed out');
  } else if (result.stoppedBy === 'cancel') {
    plugin.detail = 'Cancelled';
    plugin.responseCode = ran ? stoppedExitCode(node) : -1;
  } else {
    plugin.responseCode = result.exitCode ?? 1;
    plugin.detail = plugin.responseCode === 0 ? 'Success' : 'Failed';
    if (plugin.responseCode !== 0 && !result.spawnError) plugin.stderr = appendLine(plugin.stderr, `failed to run commands: exit status ${plugin.responseCode}`);
  }
}

function skip(plugin: PluginRecord, at: number): void {
  plugin.detail = 'Skipped';
  plugin.responseCode = 0;
  plugin.startedAt = at;
  plugin.endedAt = at;
  plugin.stdout =
    `Step execution skipped due to unsatisfied preconditions: '"StringEquals": [platformType, ${plugin.step.platform ?? ''}]'. ` +
    `Step name: ${plugin.step.name}`;
}

function fail(plugin: PluginRecord, message: string, at: number): void {
  plugin.detail = 'Failed';
  plugin.responseCode = 1;
  plugin.startedAt = at;
  plugin.endedAt = at;
  plugin.stderr = message;
}

function appendLine(text: string, line: string): string {
  return text.length === 0 || text.endsWith('\n') ? `${text}${line}` : `${text}\n${line}`;
}

/** The step's folder inside the sandbox (an absolute path is read from the node's root, the sandbox). */
function workingDirectory(sandbox: string, requested: string): string | { error: string } {
  if (requested === '') return sandbox;
  const inside = resolve(sandbox, `.${requested.startsWith('/') ? '' : '/'}${requested.replace(/\\/g, '/')}`);
  const rel = relative(sandbox, inside);
  if (rel.startsWith('..')) return { error: `Invalid workingDirectory ${requested}: it leaves the node's file system.` };
  if (!existsSync(inside) || !statSync(inside).isDirectory()) return { error: `Working directory ${requested} does not exist on this node.` };
  return inside;
}

function processSpec(plugin: PluginRecord, node: SimulatedNode, sandbox: string, bin: string, cwd: string, deps: InvocationRunnerDeps): ProcessSpec {
  const script = plugin.step.commands.join('\n');
  const pwsh = plugin.step.plugin === 'aws:runPowerShellScript' ? powerShell() : undefined;
  const shell = pwsh ?? posixShell();
  const args = pwsh
    ? ['-NoLogo', '-NoProfile', '-NonInteractive', '-Command', powerShellPrelude(join(sandbox, '.capstan', 'services')) + script]
    : ['-c', script];
  return {
    file: shell,
    args,
    cwd,
    env: environment(node, sandbox, bin, shell, deps.region),
    timeoutMs: Math.max(1, plugin.step.timeoutSeconds * deps.msPerSecond),
  };
}

/** The session shell's minimal environment, the shims first on PATH, and what the agent sets for Run Command. */
function environment(node: SimulatedNode, sandbox: string, bin: string, shell: string, region: string): Record<string, string> {
  const base = shellEnvironment(node.InstanceId, sandbox, shell);
  const { PS1: _prompt, TERM: _term, ...env } = base;
  return {
    ...env,
    HOME: sandbox,
    PATH: [bin, base.PATH ?? ''].join(delimiter),
    AWS_SSM_INSTANCE_ID: node.InstanceId,
    AWS_SSM_REGION_NAME: region,
  };
}

let pwshPath: string | null | undefined;

/** `pwsh` on the host's PATH, else Windows PowerShell on a Windows host; looked up once. */
function powerShell(): string | undefined {
  if (pwshPath === undefined) {
    const name = process.platform === 'win32' ? 'pwsh.exe' : 'pwsh';
    const candidates = (process.env.PATH ?? '').split(delimiter).map((dir) => join(dir, name));
    if (process.platform === 'win32') candidates.push(join(process.env.SystemRoot ?? 'C:\\Windows', 'System32', 'WindowsPowerShell', 'v1.0', 'powershell.exe'));
    pwshPath = candidates.find(isFile) ?? null;
  }
  return pwshPath ?? undefined;
}

/** /bin/sh, or on Windows the sh.exe of Git for Windows when it is on PATH (spawn fails clearly otherwise). */
function posixShell(): string {
  if (process.platform !== 'win32') return '/bin/sh';
  return (process.env.PATH ?? '').split(delimiter).map((d) => join(d, 'sh.exe')).find(isFile) ?? 'sh.exe';
}

function isFile(file: string): boolean {
  try {
    return statSync(file).isFile();
  } catch {
    return false;
  }
}
