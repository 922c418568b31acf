import type { CommandStep, DocumentDefinition } from './document-definition';
import { COLLECT_DIAGNOSTICS } from './diagnostics-document';

/**
 * The training account's own Command documents behind Capstan's built-in runbooks. Every
 * free-text parameter is fenced by an allowedPattern so a value can never carry shell syntax
 * (`;`, backticks, `$(…)`, quotes, newlines) into the script it is interpolated into.
 */

const linux = (name: string, runCommand: ReadonlyArray<string>, timeoutSeconds = 600): CommandStep => ({
  action: 'aws:runShellScript',
  name,
  precondition: { StringEquals: ['platformType', 'Linux'] },
  inputs: { timeoutSeconds, runCommand },
});
const windows = (name: string, runCommand: ReadonlyArray<string>, timeoutSeconds = 600): CommandStep => ({
  action: 'aws:runPowerShellScript',
  name,
  precondition: { StringEquals: ['platformType', 'Windows'] },
  inputs: { timeoutSeconds, runCommand },
});

const RESTART_SERVICE: DocumentDefinition = {
  name: 'Capstan-RestartService',
  documentType: 'Command',
  owner: 'Self',
  platformTypes: ['Linux', 'Windows'],
  ageDays: 40,
  content: {
    schemaVersion: '2.2',
    description: 'Restarts one service (a systemd unit on Linux, a Windows service on Windows) and reports its state afterwards.',
    parameters: {
      serviceName: {
        type: 'String',
        description: '(Required) The service to restart, for example nginx or W3SVC.',
        allowedPattern: '^[A-Za-z0-9][A-Za-z0-9_.@-]{0,63}$',
      },
    },
    mainSteps: [
      // `&&`: a script's exit code is its last line's, so a failed restart must not be masked by is-active's 3.
      linux('restartServiceLinux', ['systemctl restart {{ serviceName }} && systemctl is-active {{ serviceName }}'], 300),
      windows('restartServiceWindows', ['Restart-Service -Name {{ serviceName }}', 'Get-Service -Name {{ serviceName }}'], 300),
    ],
  },
};

// Segments may not start with a dot, so `..` can never climb out of /var/log (the brief's
// `(/[A-Za-z0-9._-]+)*` would accept `/var/log/../..`).
const LINUX_LOG_PATTERN = '^/var/log(/[A-Za-z0-9_-][A-Za-z0-9._-]*)*$';
const WINDOWS_LOG_PATTERN = '^C:\\\\ProgramData(\\\\[A-Za-z0-9_-][A-Za-z0-9._ -]*)*\\\\Logs$';

const ROTATE_LINUX: ReadonlyArray<string> = [
  "days='{{ olderThanDays }}'",
  // The node's sandbox folder is its root: /var/log/x lives at ./var/log/x.
  "dir='.{{ logDirectory }}'",
  "if [ ! -d \"$dir\" ]; then echo 'Log directory {{ logDirectory }} does not exist on this node.' >&2; exit 1; fi",
  // A symlink on the way must not lead the script out of the node's root onto the host.
  'real=$(cd "$dir" && pwd -P); root=$(pwd -P)',
  "case \"$real\" in \"$root\"/*) ;; *) echo \"Log directory {{ logDirectory }} leads outside this node ($real); nothing was rotated.\" >&2; exit 1 ;; esac",
  'bytes() { find "$dir" -type f -exec cat {} + 2>/dev/null | wc -c | tr -d " "; }',
  'before=$(bytes)',
  'minutes=$((days * 1440))',
  // Archives already older than the limit go first, so a file compressed in this run is kept.
  'removed=$(find "$dir" -type f -name "*.gz" -mmin +"$minutes" | wc -l | tr -d " ")',
  'find "$dir" -type f -name "*.gz" -mmin +"$minutes" -print -exec rm -f {} + | sed "s|^\\.|removed    |"',
  'compressed=$(find "$dir" -type f ! -name "*.gz" -mmin +"$minutes" | wc -l | tr -d " ")',
  'find "$dir" -type f ! -name "*.gz" -mmin +"$minutes" -print -exec gzip -f {} + | sed "s|^\\.|compressed |"',
  'after=$(bytes)',
  'echo "Rotated logs older than $days day(s) under {{ logDirectory }}: $compressed compressed, $removed removed."',
  'echo "Freed $((before - after)) bytes ($((before / 1024)) KiB before, $((after / 1024)) KiB after)."',
];

const ROTATE_WINDOWS: ReadonlyArray<string> = [
  '$days = [int]\'{{ olderThanDays }}\'',
  // C:\ProgramData\...\Logs lives at .\ProgramData\...\Logs under the node's sandbox folder.
  "$dir = [IO.Path]::Combine(@((Get-Location).Path) + '{{ windowsLogDirectory }}'.Substring(3).Split('\\'))",
  "if (-not (Test-Path $dir)) { [Console]::Error.WriteLine('Log directory {{ windowsLogDirectory }} does not exist on this node.'); exit 1 }",
  '$limit = (Get-Date).AddDays(-$days)',
  '$before = (Get-ChildItem $dir -Recurse -File | Measure-Object Length -Sum).Sum',
  "Get-ChildItem $dir -Recurse -File -Filter *.zip | Where-Object LastWriteTime -lt $limit | ForEach-Object { Remove-Item $_.FullName; Write-Output \"removed    $($_.Name)\" }",
  "Get-ChildItem $dir -Recurse -File | Where-Object { $_.Extension -ne '.zip' -and $_.LastWriteTime -lt $limit } | ForEach-Object { Compress-Archive $_.FullName \"$($_.FullName).zip\" -Force; Remove-Item $_.FullName; Write-Output \"compressed $($_.Name)\" }",
  '$after = (Get-ChildItem $dir -Recurse -File | Measure-Object Length -Sum).Sum',
  'Write-Output "Freed $($before - $after) bytes under {{ windowsLogDirectory }}."',
];

const ROTATE_LOGS: DocumentDefinition = {
  name: 'Capstan-RotateLogs',
  documentType: 'Command',
  owner: 'Self',
  platformTypes: ['Linux', 'Windows'],
  ageDays: 40,
  content: {
    schemaVersion: '2.2',
    description: 'Frees disk space: compresses log files older than the given age and removes old compressed logs, then reports the bytes freed.',
    parameters: {
      logDirectory: {
        type: 'String',
        description: '(Optional) Linux log directory under /var/log, for example /var/log/nginx.',
        default: '/var/log',
        allowedPattern: LINUX_LOG_PATTERN,
      },
      windowsLogDirectory: {
        type: 'String',
        description: '(Optional) Windows log directory, for example C:\\ProgramData\\Amazon\\SSM\\Logs.',
        default: 'C:\\ProgramData\\Amazon\\SSM\\Logs',
        allowedPattern: WINDOWS_LOG_PATTERN,
      },
      olderThanDays: {
        type: 'String',
        description: '(Optional) Age in days (1-90) above which log files are compressed and old archives removed.',
        default: '7',
        allowedPattern: '^([1-9]|[1-8][0-9]|90)$',
      },
    },
    mainSteps: [linux('rotateLogsLinux', ROTATE_LINUX, 1800), windows('rotateLogsWindows', ROTATE_WINDOWS, 1800)],
  },
};

/** The account's own documents behind Capstan's built-in runbooks. */
export const CAPSTAN_DOCUMENTS: ReadonlyArray<DocumentDefinition> = [RESTART_SERVICE, ROTATE_LOGS, COLLECT_DIAGNOSTICS];
