import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { DocumentDetail, TargetPreview } from '../../../../preload/contract/commands';
import type { AuditRecordInput } from '../../../../main/audit/audit-log';
import type { JobRequest } from '../../../../main/commands/command-service';
import { AwsError, NotFoundError, ValidationError } from '../../../../main/errors/app-error';
import { RunbookService } from '../../../../main/runbooks/runbook-service';

// The service's own decisions with a stand-in Run Command service: what reaches startJob, what
// is audited when the command service refuses, and how an unreadable document shows. The whole
// path against the simulator is test/integration/runbooks/runbook-run.test.ts.

const document: DocumentDetail = {
  name: 'Capstan-RestartService',
  owner: '123456789012',
  documentType: 'Command',
  platformTypes: ['Linux', 'Windows'],
  description: '',
  version: '1',
  schemaVersion: '2.2',
  steps: ['restartServiceLinux', 'restartServiceWindows'],
  parameters: [
    { name: 'serviceName', type: 'String', description: '', default: null, allowedValues: null, allowedPattern: '^[A-Za-z0-9][A-Za-z0-9_.@-]{0,63}$', displayType: 'textfield', minItems: null, maxItems: null, minChars: null, maxChars: null },
  ],
};
const preview: TargetPreview = {
  nodes: [{ instanceId: 'i-0123456789abcdef0', name: 'web-01', platformType: 'Linux', pingStatus: 'Online', production: false, tagsKnown: true, platformMismatch: false }],
  total: 1,
  online: 1,
  offline: 0,
  platformMismatch: 0,
  production: 0,
  tagsUnknown: 0,
  typedConfirmation: null,
  cacheSyncedAt: 1,
};
const RUNBOOK = `name: Restart
description: d
document: Capstan-RestartService
parameters:
  serviceName: { allowedValues: [nginx], default: nginx }
targets: { kind: chosen }
guardrails: { confirm: typed-name, maxConcurrency: "5", maxErrors: "1", timeoutSeconds: 300, canary: true }
`;
const request = { runbookId: 'user:restart', workspaceId: 'training', parameters: {}, targets: { kind: 'nodes' as const, instanceIds: ['i-0123456789abcdef0'] } };

let dir: string;
let describeCalls: number;
let describe_: () => Promise<DocumentDetail>;
let startJob: (request: JobRequest) => Promise<{ jobId: string }>;
let audits: AuditRecordInput[];
let service: RunbookService;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'capstan-runbook-service-'));
  mkdirSync(join(dir, 'user'));
  mkdirSync(join(dir, 'builtin'));
  writeFileSync(join(dir, 'user', 'restart.yaml'), RUNBOOK);
  describeCalls = 0;
  describe_ = async () => document;
  startJob = async () => ({ jobId: 'job-1' });
  audits = [];
  service = new RunbookService({
    folders: { builtin: join(dir, 'builtin'), user: join(dir, 'user') },
    commands: {
      describeDocument: () => {
        describeCalls += 1;
        return describe_();
      },
      preview: async () => ({ preview, fieldErrors: [] }),
      startJob: (job) => startJob(job),
      lastJobFor: async () => null,
    },
    audit: { append: async (input) => audits.push(input) },
    actorFor: async (workspaceId) => ({ operator: 'op', principal: '', workspaceId, accountId: '123456789012', region: 'eu-west-1' }),
  });
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('runbook service', () => {
  it('hands startJob the runbook’s caps, canary, source and typed-name demand, with defaults filled in', async () => {
    const sent: JobRequest[] = [];
    startJob = async (job) => {
      sent.push(job);
      return { jobId: 'job-7' };
    };
    expect(await service.run({ ...request, typedConfirmation: 'web-01' })).toEqual({ jobId: 'job-7' });
    expect(sent).toEqual([
      {
        workspaceId: 'training',
        documentName: 'Capstan-RestartService',
        parameters: { serviceName: ['nginx'] },
        targets: request.targets,
        options: { maxConcurrency: '5', maxErrors: '1', timeoutSeconds: 300, comment: 'Runbook: Restart' },
        canary: true,
        source: { kind: 'runbook', runbookId: 'user:restart', runbookName: 'Restart' },
        typedConfirmation: 'web-01',
        requireTypedConfirmation: true,
      },
    ]);
    // Accepted runs are audited by the command service, not twice.
    expect(audits).toEqual([]);
  });

  it('audits a refusal by the command service’s own re-check, then passes it on', async () => {
    startJob = async () => {
      throw new ValidationError('targets: none of the 1 nodes can run it now (1 offline, 0 on another platform).');
    };
    await expect(service.run({ ...request, typedConfirmation: 'web-01' })).rejects.toThrow(/none of the 1 nodes/);
    expect(audits).toEqual([expect.objectContaining({ action: 'runbook.refused', outcome: 'refused', targets: ['i-0123456789abcdef0'], error: expect.stringMatching(/none of the 1 nodes/) })]);
  });

  it('refuses without the typed name, audited, and never calls startJob', async () => {
    startJob = async () => {
      throw new Error('must not be called');
    };
    await expect(service.run(request)).rejects.toThrow('Type "web-01" exactly to confirm (this runbook always asks for the target to be typed).');
    expect(audits.map((a) => a.action)).toEqual(['runbook.refused']);
  });

  it('shows a document that cannot be read as the runbook’s problem, and blocks it', async () => {
    describe_ = async () => {
      throw new AwsError({ service: 'SSM', operation: 'GetDocument', awsCode: 'ThrottlingException', message: 'Rate exceeded' });
    };
    const listing = await service.list('training');
    expect(listing.runbooks.map((r) => r.id)).toEqual(['user:restart']);
    expect(listing.problems).toEqual([
      { file: join(dir, 'user', 'restart.yaml'), line: 3, column: 1, field: 'document', message: 'Capstan-RestartService could not be read: Rate exceeded (ThrottlingException).' },
    ]);
    const prepared = await service.prepare(request);
    expect(prepared.check.blocked).toEqual(['Capstan-RestartService could not be read: Rate exceeded (ThrottlingException).']);
  });

  it('lists a runbook that does not fit its document, at the lines concerned, and blocks it saying why', async () => {
    writeFileSync(join(dir, 'user', 'misfit.yaml'), 'name: Misfit\ndescription: d\ndocument: Capstan-RestartService\nparameters:\n  service: { allowedValues: [nginx] }\ntargets: { kind: chosen }\n');
    const listing = await service.list('training');
    expect(listing.runbooks.map((r) => r.id)).toEqual(['user:misfit', 'user:restart']);
    expect(listing.problems).toEqual([
      { file: join(dir, 'user', 'misfit.yaml'), line: 5, column: 3, field: 'parameters.service', message: 'Capstan-RestartService has no parameter "service"; its parameters are serviceName.' },
      { file: join(dir, 'user', 'misfit.yaml'), line: 4, column: 1, field: 'parameters', message: 'Capstan-RestartService requires "serviceName"; add it under parameters (for the operator to fill) or fixed.' },
    ]);
    const prepared = await service.prepare({ ...request, runbookId: 'user:misfit' });
    expect(prepared.check.blocked).toEqual([
      'The runbook file does not fit Capstan-RestartService: parameters.service — Capstan-RestartService has no parameter "service"; its parameters are serviceName.',
      'The runbook file does not fit Capstan-RestartService: parameters — Capstan-RestartService requires "serviceName"; add it under parameters (for the operator to fill) or fixed.',
    ]);
  });

  it('asks for a document once for the cards, and again after Reload', async () => {
    await service.list('training');
    await service.list('training');
    expect(describeCalls).toBe(1);
    await service.reload('training');
    expect(describeCalls).toBe(2);
  });

  it('gives "run again on failed nodes" the runbook’s typed-name demand, and refuses it outside allowed hours (audited)', async () => {
    const job = { workspaceId: 'training', source: { kind: 'runbook' as const, runbookId: 'user:restart', runbookName: 'Restart' }, parameters: { serviceName: ['nginx'] }, targets: request.targets };
    expect(await service.rerunRules(job)).toEqual({ requireTypedConfirmation: true });
    expect(await service.rerunRules({ ...job, source: { kind: 'command' } })).toEqual({ requireTypedConfirmation: false });
    const hour = new Date().getUTCHours();
    const window = `{ from: "${String((hour + 2) % 24).padStart(2, '0')}:00", to: "${String((hour + 3) % 24).padStart(2, '0')}:00", timeZone: UTC }`;
    writeFileSync(join(dir, 'user', 'restart.yaml'), RUNBOOK.replace('canary: true }', `canary: true, allowedHours: ${window} }`));
    await service.reload('training');
    await expect(service.rerunRules(job)).rejects.toThrow(/^Outside allowed hours/);
    expect(audits).toEqual([expect.objectContaining({ action: 'runbook.refused', outcome: 'refused', error: expect.stringMatching(/^Outside allowed hours/) })]);
  });

  it('names a runbook that is not in the catalogue', async () => {
    await expect(service.prepare({ ...request, runbookId: 'user:gone' })).rejects.toBeInstanceOf(NotFoundError);
  });
});
