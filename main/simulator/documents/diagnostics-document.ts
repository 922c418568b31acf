import type { DocumentDefinition } from './document-definition';

/**
 * Capstan-CollectDiagnostics: what an operator asks for first on a misbehaving node — uptime,
 * disk usage, the busiest processes and the tail of the SSM agent's log — with no free-text
 * parameter at all (`lines` is one of three values).
 */

const DIAGNOSTICS_LINUX: ReadonlyArray<string> = [
  "lines='{{ lines }}'",
  'echo "== uptime =="',
  'uptime',
  'echo "== disk usage =="',
  'df -h . | sed "1!s|[^ ]*$|/|"',
  'echo "== top processes (by CPU) =="',
  'echo "%CPU %MEM   PID USER     COMMAND"',
  'ps -eo pcpu=,pmem=,pid=,user=,comm= | sort -k1 -nr | head -n 10',
  'echo "== SSM agent log (last $lines lines) =="',
  'log=var/log/amazon/ssm/amazon-ssm-agent.log',
  'if [ -f "$log" ]; then tail -n "$lines" "$log"; else echo "No agent log at /var/log/amazon/ssm/amazon-ssm-agent.log on this node."; fi',
];

const DIAGNOSTICS_WINDOWS: ReadonlyArray<string> = [
  "$lines = [int]'{{ lines }}'",
  "Write-Output '== uptime =='",
  '$up = [TimeSpan]::FromMilliseconds([Environment]::TickCount64)',
  'Write-Output "Up $($up.Days) days, $($up.Hours) h $($up.Minutes) min (since $((Get-Date).Add(-$up).ToString(\'u\')))"',
  "Write-Output '== disk usage =='",
  'Get-PSDrive -PSProvider FileSystem | Format-Table Name, Used, Free -AutoSize | Out-String',
  "Write-Output '== top processes (by CPU) =='",
  'Get-Process | Sort-Object CPU -Descending | Select-Object -First 10 Id, ProcessName, CPU, WS | Format-Table -AutoSize | Out-String',
  'Write-Output "== SSM agent log (last $lines lines) =="',
  "$log = [IO.Path]::Combine((Get-Location).Path, 'ProgramData', 'Amazon', 'SSM', 'Logs', 'amazon-ssm-agent.log')",
  "if (Test-Path $log) { Get-Content $log -Tail $lines } else { Write-Output 'No agent log at C:\\ProgramData\\Amazon\\SSM\\Logs\\amazon-ssm-agent.log on this node.' }",
];

/** Capstan-CollectDiagnostics (see the file comment). */
export const COLLECT_DIAGNOSTICS: DocumentDefinition = {
  name: 'Capstan-CollectDiagnostics',
  documentType: 'Command',
  owner: 'Self',
  platformTypes: ['Linux', 'Windows'],
  ageDays: 40,
  content: {
    schemaVersion: '2.2',
    description: 'Collects uptime, disk usage, the busiest processes and the tail of the SSM agent log.',
    parameters: {
      lines: {
        type: 'String',
        description: '(Optional) How many lines of the SSM agent log to include.',
        default: '100',
        allowedValues: ['100', '500', '2000'],
      },
    },
    mainSteps: [
      {
        action: 'aws:runShellScript',
        name: 'collectDiagnosticsLinux',
        precondition: { StringEquals: ['platformType', 'Linux'] },
        inputs: { timeoutSeconds: 300, runCommand: DIAGNOSTICS_LINUX },
      },
      {
        action: 'aws:runPowerShellScript',
        name: 'collectDiagnosticsWindows',
        precondition: { StringEquals: ['platformType', 'Windows'] },
        inputs: { timeoutSeconds: 300, runCommand: DIAGNOSTICS_WINDOWS },
      },
    ],
  },
};
