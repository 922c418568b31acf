import { parse as parseYaml } from 'yaml';
import { describe, expect, it } from 'vitest';
import { DocumentCatalog, SimParameterError } from '../../../../../main/simulator/documents/document-catalog';
import type { SimDocument } from '../../../../../main/simulator/documents/document-catalog';
import { SimulatedAwsError } from '../../../../../main/simulator/wire-errors';

const ACCOUNT = '111122223333';
const catalog = new DocumentCatalog({ accountId: ACCOUNT, now: Date.UTC(2026, 10, 27) });
const doc = (name: string): SimDocument => {
  const found = catalog.find(name);
  if (found === undefined) throw new Error(`${name} missing from the catalog`);
  return found;
};
const refusal = (run: () => unknown): string => {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(SimParameterError);
    return (error as Error).message;
  }
  throw new Error('expected a SimParameterError');
};

describe('DocumentCatalog lookup', () => {
  it('lists the AWS documents, the Capstan documents and the automation runbook with their owners', () => {
    const owners = Object.fromEntries(catalog.list().map((d) => [d.name, d.owner]));
    expect(owners).toEqual({
      'AWS-RunShellScript': 'Amazon',
      'AWS-RunPowerShellScript': 'Amazon',
      'AWS-RunPatchBaseline': 'Amazon',
      'AmazonCloudWatch-ManageAgent': 'Amazon',
      'AWS-RestartEC2Instance': 'Amazon',
      'Capstan-RestartService': ACCOUNT,
      'Capstan-RotateLogs': ACCOUNT,
      'Capstan-CollectDiagnostics': ACCOUNT,
    });
    expect(doc('AWS-RestartEC2Instance').documentType).toBe('Automation');
    expect(doc('Capstan-RestartService').schemaVersion).toBe('2.2');
  });

  it.each(['$LATEST', '$DEFAULT', '1', '', undefined])('accepts version %s of a known document', (version) => {
    expect(catalog.find('AWS-RunShellScript', version)?.name).toBe('AWS-RunShellScript');
  });

  it('refuses a version that does not exist with InvalidDocumentVersion, and knows nothing of unknown names', () => {
    let error: unknown;
    try {
      catalog.find('AWS-RunShellScript', '7');
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(SimulatedAwsError);
    expect((error as SimulatedAwsError).code).toBe('InvalidDocumentVersion');
    expect(catalog.find('AWS-NoSuchDocument')).toBeUndefined();
  });

  it('finds a document by its ARN', () => {
    expect(catalog.find(`arn:aws:ssm:eu-west-1:${ACCOUNT}:document/Capstan-RotateLogs`)?.name).toBe('Capstan-RotateLogs');
  });

  it.each(catalog.list().map((d) => d.name))('%s: the YAML and JSON renderings are the same document, with the same parameters', (name) => {
    const document = doc(name);
    const json = JSON.parse(document.contentJson) as { parameters: unknown; schemaVersion: string };
    expect(parseYaml(document.contentYaml)).toEqual(json);
    expect(json.parameters).toEqual(document.parameters);
    expect(json.schemaVersion).toBe(document.schemaVersion);
  });

  it('carries AWS-RunShellScript parameters exactly as AWS publishes them', () => {
    const parameters = doc('AWS-RunShellScript').parameters;
    expect(parameters['commands']).toMatchObject({ type: 'StringList', minItems: 1, displayType: 'textarea' });
    expect(parameters['executionTimeout']?.allowedPattern).toBe(
      '([1-9][0-9]{0,4})|(1[0-6][0-9]{4})|(17[0-1][0-9]{3})|(172[0-7][0-9]{2})|(172800)',
    );
    expect(JSON.parse(doc('AWS-RunShellScript').contentJson)).toMatchObject({ schemaVersion: '1.2' });
    expect(doc('AWS-RunShellScript').contentYaml).toContain('schemaVersion: "1.2"');
  });
});

describe('resolveParameters', () => {
  it('fills defaults and keeps given values', () => {
    expect(catalog.resolveParameters(doc('AWS-RunShellScript'), { commands: ['uptime'] })).toEqual({
      commands: ['uptime'],
      workingDirectory: [''],
      executionTimeout: ['3600'],
    });
  });

  const INJECTIONS = ['nginx; rm -rf /', 'nginx`id`', '$(reboot)', 'nginx\nrm -rf /', 'nginx && halt', "ngi'nx", 'a b', '../etc', ''];
  it.each(INJECTIONS)('Capstan-RestartService refuses serviceName %j by its pattern', (value) => {
    expect(refusal(() => catalog.resolveParameters(doc('Capstan-RestartService'), { serviceName: [value] }))).toContain(
      'does not match the allowed pattern',
    );
  });

  it.each(['/var/log/../../etc', '/var/log/nginx;rm', '/var/log/$(id)', '/etc', '/var/log/.hidden', '/var/log/a\n/b'])(
    'Capstan-RotateLogs refuses logDirectory %j',
    (value) => {
      expect(refusal(() => catalog.resolveParameters(doc('Capstan-RotateLogs'), { logDirectory: [value] }))).toContain('logDirectory');
    },
  );

  it.each([
    ['0', false],
    ['1', true],
    ['89', true],
    ['90', true],
    ['91', false],
    ['7; rm -rf /', false],
  ])('Capstan-RotateLogs olderThanDays %j accepted: %s', (value, accepted) => {
    const run = (): unknown => catalog.resolveParameters(doc('Capstan-RotateLogs'), { olderThanDays: [value] });
    if (accepted) expect(run()).toMatchObject({ olderThanDays: [value] });
    else expect(refusal(run)).toContain('olderThanDays');
  });

  it.each<[string, string, Record<string, string[]>, string]>([
    ['a missing required parameter', 'Capstan-RestartService', {}, 'Parameter "serviceName" is required by document Capstan-RestartService but was not provided.'],
    ['an undeclared name', 'Capstan-RestartService', { serviceName: ['nginx'], force: ['yes'] }, 'Parameter "force" is not defined in document Capstan-RestartService'],
    ['a value outside allowedValues', 'Capstan-CollectDiagnostics', { lines: ['50'] }, 'is not one of the allowed values: 100, 500, 2000'],
    ['two values for a String', 'Capstan-RestartService', { serviceName: ['a', 'b'] }, 'takes exactly one value; got 2'],
    ['an empty StringList below minItems', 'AWS-RunShellScript', { commands: [] }, 'needs at least 1 item; got 0'],
    ['an executionTimeout beyond 48 hours', 'AWS-RunShellScript', { commands: ['true'], executionTimeout: ['172801'] }, 'does not match the allowed pattern'],
    ['a working directory longer than maxChars', 'AWS-RunShellScript', { commands: ['true'], workingDirectory: ['x'.repeat(4097)] }, 'may have at most 4096 characters'],
  ])('refuses %s', (_case, name, values, message) => {
    expect(refusal(() => catalog.resolveParameters(doc(name), values))).toContain(message);
  });
});

describe('renderSteps', () => {
  const store: Record<string, string> = { '/capstan/service': 'nginx', '/capstan/service:1': 'httpd', '/capstan/evil': 'nginx; rm -rf /' };
  const lookup = (name: string): string | undefined => store[name];

  it('expands a StringList of commands into its lines (schema 1.2: the plugin is the step name)', () => {
    const [step] = catalog.renderSteps(doc('AWS-RunShellScript'), { commands: ['echo one', 'echo two\necho three'], executionTimeout: ['90'] }, lookup);
    expect(step).toEqual({
      name: 'aws:runShellScript',
      plugin: 'aws:runShellScript',
      platform: null,
      commands: ['echo one', 'echo two', 'echo three'],
      workingDirectory: '',
      timeoutSeconds: 90,
    });
  });

  it('interpolates into each platform step of a 2.2 document', () => {
    const steps = catalog.renderSteps(doc('Capstan-RestartService'), { serviceName: ['nginx'] }, lookup);
    expect(steps.map((s) => [s.name, s.plugin, s.platform, s.commands])).toEqual([
      ['restartServiceLinux', 'aws:runShellScript', 'Linux', ['systemctl restart nginx && systemctl is-active nginx']],
      ['restartServiceWindows', 'aws:runPowerShellScript', 'Windows', ['Restart-Service -Name nginx', 'Get-Service -Name nginx']],
    ]);
  });

  it('resolves {{ssm:name}} in a value and checks the resolved value against the pattern', () => {
    const [linux] = catalog.renderSteps(doc('Capstan-RestartService'), { serviceName: ['{{ssm:/capstan/service}}'] }, lookup);
    expect(linux?.commands[0]).toBe('systemctl restart nginx && systemctl is-active nginx');
    const [pinned] = catalog.renderSteps(doc('Capstan-RestartService'), { serviceName: ['{{ssm:/capstan/service:1}}'] }, lookup);
    expect(pinned?.commands[0]).toBe('systemctl restart httpd && systemctl is-active httpd');
    const [echo] = catalog.renderSteps(doc('AWS-RunShellScript'), { commands: ['echo {{ssm:/capstan/service}} is up'] }, lookup);
    expect(echo?.commands).toEqual(['echo nginx is up']);
    expect(refusal(() => catalog.renderSteps(doc('Capstan-RestartService'), { serviceName: ['{{ssm:/capstan/evil}}'] }, lookup))).toContain(
      'does not match the allowed pattern',
    );
    expect(refusal(() => catalog.renderSteps(doc('Capstan-RestartService'), { serviceName: ['{{ssm:/nope}}'] }, lookup))).toContain(
      'parameter /nope was not found in Parameter Store',
    );
  });

  it('hands the CloudWatch agent the configuration fetched from Parameter Store, base64-encoded', () => {
    const config = '{"agent":{"run_as_user":"cwagent"}}';
    const steps = catalog.renderSteps(doc('AmazonCloudWatch-ManageAgent'), { optionalConfigurationLocation: ['AmazonCloudWatch-linux'] }, (n) =>
      n === 'AmazonCloudWatch-linux' ? config : undefined,
    );
    const script = steps.find((s) => s.platform === 'Linux')?.commands.join('\n') ?? '';
    expect(script).toContain(Buffer.from(config).toString('base64'));
    expect(script).not.toContain('{{');
  });

  const REQUIRED: Record<string, Record<string, string[]>> = {
    'AWS-RunShellScript': { commands: ['true'] },
    'AWS-RunPowerShellScript': { commands: ['Get-Date'] },
    'AWS-RunPatchBaseline': { Operation: ['Scan'] },
    'Capstan-RestartService': { serviceName: ['nginx'] },
  };
  it.each(catalog.list().filter((d) => d.documentType === 'Command').map((d) => d.name))(
    '%s renders with its defaults: every default passes its own checks and no placeholder is left',
    (name) => {
      const steps = catalog.renderSteps(doc(name), REQUIRED[name] ?? {}, lookup);
      expect(steps.length).toBeGreaterThan(0);
      for (const step of steps) expect(step.commands.join('\n')).not.toMatch(/\{\{/);
    },
  );

  it('refuses to render an Automation runbook', () => {
    expect(refusal(() => catalog.renderSteps(doc('AWS-RestartEC2Instance'), { InstanceId: ['i-0123456789abcdef0'] }, lookup))).toContain(
      'not a Command document',
    );
  });
});
