import type { DocumentDefinition } from './document-definition';

/**
 * AmazonCloudWatch-ManageAgent with AWS's parameters and step names. On the training fleet the
 * agent is played by a script in the node's sandbox: `configure` with source `ssm` writes the
 * configuration the agent fetched from Parameter Store to
 * `opt/aws/amazon-cloudwatch-agent/etc/amazon-cloudwatch-agent.json`, start/stop/status keep the
 * agent's state in the sandbox, and the output is what amazon-cloudwatch-agent-ctl prints. A
 * parameter that does not exist fails the way the real agent fails: its message, exit code 1.
 */

/** Derived values the training agent's fetch produced (see `derive` below). */
const FETCHED = 'capstanFetchedConfig';
const FETCH_RESULT = 'capstanFetchResult';

const LINUX_AGENT_SCRIPT: ReadonlyArray<string> = [
  "action='{{ action }}'",
  "mode='{{ mode }}'",
  "source='{{ optionalConfigurationSource }}'",
  "location='{{ optionalConfigurationLocation }}'",
  "restart='{{ optionalRestart }}'",
  'agent=opt/aws/amazon-cloudwatch-agent',
  // The agent names the fetched file after the parameter, with path separators flattened.
  'fetched="ssm_$(printf "%s" "$location" | tr "/:" "__")"',
  'mkdir -p "$agent/etc/amazon-cloudwatch-agent.d" "$agent/logs" "$agent/var"',
  'stamp() { date -u "+%Y/%m/%d %H:%M:%S"; }',
  'agent_status() { [ -f "$agent/var/running" ] && echo running || echo stopped; }',
  'config_status() { [ -f "$agent/etc/amazon-cloudwatch-agent.json" ] && echo configured || echo not configured; }',
  'start_agent() { date -u +%Y-%m-%dT%H:%M:%S+0000 > "$agent/var/running"; echo "$(stamp) I! Starting amazon-cloudwatch-agent (mode $mode)" >> "$agent/logs/amazon-cloudwatch-agent.log"; echo "Created symlink /etc/systemd/system/multi-user.target.wants/amazon-cloudwatch-agent.service → /etc/systemd/system/amazon-cloudwatch-agent.service."; }',
  'stop_agent() { if [ -f "$agent/var/running" ]; then rm -f "$agent/var/running"; echo "$(stamp) I! Stopping amazon-cloudwatch-agent" >> "$agent/logs/amazon-cloudwatch-agent.log"; else echo "amazon-cloudwatch-agent has already been stopped"; fi; }',
  'case "$action" in',
  '  configure*)',
  '    echo "****** processing amazon-cloudwatch-agent ******"',
  '    if [ "$source" = ssm ]; then',
  "      if [ '{{ " + FETCH_RESULT + " }}' != found ]; then",
  '        echo "I! Trying to detect region from ec2 D! [EC2] Found active network interface"',
  '        echo "Error in retrieving parameter store content: ParameterNotFound: " >&2',
  '        echo "	status code: 400, request id: $(cat /proc/sys/kernel/random/uuid 2>/dev/null || uuidgen | tr A-Z a-z)" >&2',
  '        echo "Fail to fetch the config!" >&2',
  '        exit 1',
  '      fi',
  "      printf '%s' '{{ " + FETCHED + " }}' | base64 -d > \"$agent/etc/amazon-cloudwatch-agent.d/$fetched.tmp\"",
  '      echo "I! Trying to detect region from ec2 D! [EC2] Found active network interface Successfully fetched the config and saved in /opt/aws/amazon-cloudwatch-agent/etc/amazon-cloudwatch-agent.d/$fetched.tmp"',
  '      cp "$agent/etc/amazon-cloudwatch-agent.d/$fetched.tmp" "$agent/etc/amazon-cloudwatch-agent.json"',
  '    elif [ "$source" = default ]; then',
  '      printf \'{"agent":{"metrics_collection_interval":60,"run_as_user":"cwagent"},"metrics":{"metrics_collected":{"mem":{"measurement":["mem_used_percent"]},"disk":{"resources":["/"],"measurement":["used_percent"]}}}}\\n\' > "$agent/etc/amazon-cloudwatch-agent.json"',
  '      echo "Successfully fetched the config and saved in /opt/aws/amazon-cloudwatch-agent/etc/amazon-cloudwatch-agent.d/default.tmp"',
  '    else',
  '      rm -f "$agent/etc/amazon-cloudwatch-agent.json" "$agent"/etc/amazon-cloudwatch-agent.d/*.tmp',
  '      echo "Successfully removed all config files under /opt/aws/amazon-cloudwatch-agent/etc/amazon-cloudwatch-agent.d"',
  '    fi',
  '    echo "Start configuration validation..."',
  '    echo "$(stamp) Reading json config file path: /opt/aws/amazon-cloudwatch-agent/etc/amazon-cloudwatch-agent.json ..."',
  '    if [ -f "$agent/etc/amazon-cloudwatch-agent.json" ] && ! head -c 1 "$agent/etc/amazon-cloudwatch-agent.json" | grep -q "{"; then',
  '      echo "$(stamp) E! Invalid Json input schema." >&2; echo "Configuration validation first phase failed" >&2; exit 1',
  '    fi',
  '    echo "$(stamp) I! Valid Json input schema."',
  '    echo "Configuration validation first phase succeeded"',
  '    echo "Configuration validation second phase succeeded"',
  '    echo "Configuration validation succeeded"',
  '    if [ "$restart" = yes ]; then stop_agent; start_agent; fi',
  '    ;;',
  '  start) start_agent ;;',
  '  stop) stop_agent ;;',
  'esac',
  'echo "{"',
  'echo "  \\"status\\": \\"$(agent_status)\\","',
  'echo "  \\"starttime\\": \\"$(cat "$agent/var/running" 2>/dev/null)\\","',
  'echo "  \\"configstatus\\": \\"$(config_status)\\","',
  'echo "  \\"version\\": \\"1.300049.1b929\\""',
  'echo "}"',
];

const WINDOWS_AGENT_SCRIPT: ReadonlyArray<string> = [
  "$action = '{{ action }}'",
  "$source = '{{ optionalConfigurationSource }}'",
  "$location = '{{ optionalConfigurationLocation }}'",
  "$restart = '{{ optionalRestart }}'",
  "$agent = [IO.Path]::Combine((Get-Location).Path, 'ProgramData', 'Amazon', 'AmazonCloudWatchAgent')",
  "$running = [IO.Path]::Combine($agent, 'running')",
  "$config = [IO.Path]::Combine($agent, 'amazon-cloudwatch-agent.json')",
  'New-Item -ItemType Directory -Force -Path $agent | Out-Null',
  "if ($action -like 'configure*') {",
  "  Write-Output '****** processing amazon-cloudwatch-agent ******'",
  "  if ($source -eq 'ssm') {",
  "    if ('{{ " + FETCH_RESULT + " }}' -ne 'found') { [Console]::Error.WriteLine('Error in retrieving parameter store content: ParameterNotFound: '); [Console]::Error.WriteLine('Fail to fetch the config!'); exit 1 }",
  "    [IO.File]::WriteAllBytes($config, [Convert]::FromBase64String('{{ " + FETCHED + " }}'))",
  '    Write-Output "Successfully fetched the config and saved in C:\\ProgramData\\Amazon\\AmazonCloudWatchAgent\\Configs\\ssm_$($location -replace \'[/:]\', \'_\')"',
  "  } elseif ($source -eq 'default') { Set-Content $config '{\"metrics\":{\"metrics_collected\":{\"Memory\":{\"measurement\":[\"% Committed Bytes In Use\"]}}}}' } else { Remove-Item -Force -ErrorAction SilentlyContinue $config }",
  "  Write-Output 'Configuration validation succeeded'",
  "  if ($restart -eq 'yes') { Set-Content $running (Get-Date).ToUniversalTime().ToString('s') }",
  "} elseif ($action -eq 'start') { Set-Content $running (Get-Date).ToUniversalTime().ToString('s') }",
  "elseif ($action -eq 'stop') { Remove-Item -Force -ErrorAction SilentlyContinue $running }",
  "$status = if (Test-Path $running) { 'running' } else { 'stopped' }",
  "$configStatus = if (Test-Path $config) { 'configured' } else { 'not configured' }",
  "Write-Output ('{ \"status\": \"' + $status + '\", \"configstatus\": \"' + $configStatus + '\", \"version\": \"1.300049.1b929\" }')",
];

export const CLOUDWATCH_MANAGE_AGENT: DocumentDefinition = {
  name: 'AmazonCloudWatch-ManageAgent',
  documentType: 'Command',
  owner: 'Amazon',
  platformTypes: ['Windows', 'Linux'],
  ageDays: 2100,
  content: {
    schemaVersion: '2.2',
    description: 'Send commands to Amazon CloudWatch Agent',
    parameters: {
      action: {
        description: 'The action CloudWatch Agent should take.',
        type: 'String',
        default: 'configure',
        allowedValues: ['configure', 'configure (append)', 'configure (remove)', 'start', 'status', 'stop'],
      },
      mode: {
        description: 'Controls platform-specific default behavior such as whether to include EC2 Metadata in metrics.',
        type: 'String',
        default: 'ec2',
        allowedValues: ['ec2', 'onPremise', 'auto'],
      },
      optionalConfigurationSource: {
        description:
          "Only for 'configure' related actions. Use 'ssm' to apply a ssm parameter as config. Use 'default' to apply default config for amazon-cloudwatch-agent. Use 'all' with 'configure (remove)' to clean all configs for amazon-cloudwatch-agent.",
        type: 'String',
        allowedValues: ['ssm', 'default', 'all'],
        default: 'ssm',
      },
      optionalConfigurationLocation: {
        description:
          "Only for 'configure' related actions. Only needed when Optional Configuration Source is set to 'ssm'. The value should be a ssm parameter name.",
        type: 'String',
        default: '',
        allowedPattern: '[a-zA-Z0-9-"~:_@./^(*)!<>?=+]*$',
      },
      optionalRestart: {
        description:
          "Only for 'configure' related actions. If 'yes', restarts the agent to use the new configuration. Otherwise the new config will only apply on the next agent restart.",
        type: 'String',
        default: 'yes',
        allowedValues: ['yes', 'no'],
      },
    },
    mainSteps: [
      {
        name: 'ControlCloudWatchAgentWindows',
        action: 'aws:runPowerShellScript',
        precondition: { StringEquals: ['platformType', 'Windows'] },
        inputs: { runCommand: WINDOWS_AGENT_SCRIPT },
      },
      {
        name: 'ControlCloudWatchAgentLinux',
        action: 'aws:runShellScript',
        precondition: { StringEquals: ['platformType', 'Linux'] },
        inputs: { runCommand: LINUX_AGENT_SCRIPT },
      },
    ],
  },
  // The real agent fetches its configuration itself; the training agent's fetch happens here,
  // where Parameter Store is reachable, and its result reaches the script base64-encoded (so no
  // character of the stored JSON can break out of the script's quoting).
  derive: (values, parameter) => {
    const location = values['optionalConfigurationLocation']?.[0] ?? '';
    const stored = location === '' ? undefined : parameter(location);
    return {
      [FETCH_RESULT]: [stored === undefined ? 'missing' : 'found'],
      [FETCHED]: [Buffer.from(stored ?? '', 'utf8').toString('base64')],
    };
  },
};
