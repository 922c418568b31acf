import type { DocumentDefinition } from './document-definition';

/**
 * AWS-RunPatchBaseline with AWS's parameters and step names. On the training fleet the steps are
 * scripts that play the patching agent inside the node's sandbox: the node's missing updates are
 * fixed per node (seeded by its folder name) until an Install clears them, the summary is printed
 * the way the patch baseline operations print it, and the patch state is written to
 * `var/lib/amazon/ssm/patch-baseline/patch-state.json` under the sandbox.
 */

const LINUX_PATCH_SCRIPT: ReadonlyArray<string> = [
  "operation='{{ Operation }}'",
  "reboot_option='{{ RebootOption }}'",
  "snapshot_id='{{ SnapshotId }}'",
  "override_list='{{ InstallOverrideList }}'",
  'state_dir=var/lib/amazon/ssm/patch-baseline',
  'mkdir -p "$state_dir"',
  'stamp() { date -u "+%Y-%m-%d %H:%M:%S,000"; }',
  'log() { echo "$(stamp) root [INFO]: $*"; }',
  'seed=$(basename "$PWD" | cksum | cut -d " " -f 1)',
  '[ -f "$state_dir/missing-count" ] || echo $((seed % 9)) > "$state_dir/missing-count"',
  '[ -f "$state_dir/installed-count" ] || echo $((180 + seed % 240)) > "$state_dir/installed-count"',
  'missing=$(cat "$state_dir/missing-count")',
  'installed=$(cat "$state_dir/installed-count")',
  'packages="kernel-5.10.228-219.884.amzn2.x86_64 openssl-libs-1.0.2k-24.amzn2.0.14.x86_64 glibc-2.26-64.amzn2.0.3.x86_64 curl-8.3.0-1.amzn2.0.7.x86_64 sudo-1.8.23-10.amzn2.3.3.x86_64 python3-3.7.16-1.amzn2.0.9.x86_64 systemd-219-78.amzn2.0.23.x86_64 bind-libs-9.11.4-26.P2.amzn2.13.6.x86_64 tzdata-2024b-1.amzn2.0.1.noarch"',
  'log "Downloading patch baseline operations payload: patch-baseline-operations-1.263.tar.gz"',
  'log "Attempting to import entrance file os_selector"',
  'log "Patch baseline: pb-0bd5d6a3b5EXAMPLE (AWS-AmazonLinux2DefaultPatchBaseline)"',
  '[ -n "$snapshot_id" ] && log "Snapshot ID: $snapshot_id"',
  '[ -n "$override_list" ] && log "Install override list: $override_list"',
  'log "Operation type: $operation, reboot option: $reboot_option"',
  'log "Loading cached yum metadata; $installed packages installed"',
  'i=0; for package in $packages; do [ "$i" -lt "$missing" ] || break; i=$((i + 1));',
  '  if [ "$operation" = Install ]; then log "Installing: $package"; else log "Missing: $package (Security, Important)"; fi; done',
  'reboot_pending=false',
  'if [ "$operation" = Install ]; then',
  '  installed=$((installed + missing)); newly=$missing; missing=0',
  '  echo 0 > "$state_dir/missing-count"; echo "$installed" > "$state_dir/installed-count"',
  '  if [ "$newly" -gt 0 ] && [ "$reboot_option" = NoReboot ]; then reboot_pending=true; log "$newly package(s) installed; the node stays non-compliant (InstalledPendingReboot) until it is rebooted and scanned."; fi',
  '  if [ "$newly" -gt 0 ] && [ "$reboot_option" = RebootIfNeeded ]; then log "$newly package(s) installed; reboot required. Rebooting the instance (simulated on the training fleet)."; fi',
  '  [ "$newly" -eq 0 ] && log "No missing updates; nothing to install."',
  'fi',
  'end=$(date -u +%Y-%m-%dT%H:%M:%SZ)',
  'printf \'{"Operation":"%s","RebootOption":"%s","InstalledCount":%s,"MissingCount":%s,"FailedCount":0,"InstalledPendingRebootCount":%s,"OperationEndTime":"%s"}\\n\' "$operation" "$reboot_option" "$installed" "$missing" "$([ "$reboot_pending" = true ] && echo "$newly" || echo 0)" "$end" > "$state_dir/patch-state.json"',
  'echo "Patch summary for $operation: Installed=$installed, Missing=$missing, Failed=0, NotApplicable=$((seed % 40 + 900))"',
  'if [ "$missing" -eq 0 ]; then echo "Compliance: COMPLIANT"; else echo "Compliance: NON_COMPLIANT ($missing missing update(s))"; fi',
  'log "Report upload successful."',
];

// Paths are built with [IO.Path]::Combine so the script also runs under pwsh on a macOS or Linux
// training host, where the node's C:\ is its sandbox folder.
const WINDOWS_PATCH_SCRIPT: ReadonlyArray<string> = [
  "$operation = '{{ Operation }}'",
  "$rebootOption = '{{ RebootOption }}'",
  "$stateDir = [IO.Path]::Combine((Get-Location).Path, 'ProgramData', 'Amazon', 'PatchBaselineOperations', 'State')",
  'New-Item -ItemType Directory -Force -Path $stateDir | Out-Null',
  "$missingFile = [IO.Path]::Combine($stateDir, 'missing-count')",
  "$installedFile = [IO.Path]::Combine($stateDir, 'installed-count')",
  '$seed = 0; foreach ($c in (Split-Path -Leaf (Get-Location).Path).ToCharArray()) { $seed = ($seed * 31 + [int]$c) % 100003 }',
  'if (-not (Test-Path $missingFile)) { Set-Content $missingFile ($seed % 6) }',
  'if (-not (Test-Path $installedFile)) { Set-Content $installedFile (60 + $seed % 80) }',
  '$missing = [int](Get-Content $missingFile)',
  '$installed = [int](Get-Content $installedFile)',
  "$kbs = @('KB5044281', 'KB5043050', 'KB5042881', 'KB5041578', 'KB5040430', 'KB5039217')",
  "Write-Output 'Patch baseline: pb-016a92b2aEXAMPLE (AWS-DefaultPatchBaseline)'",
  'Write-Output "Operation type: $operation, reboot option: $rebootOption"',
  'for ($i = 0; $i -lt $missing; $i++) { if ($operation -eq \'Install\') { Write-Output "Installing $($kbs[$i])" } else { Write-Output "Missing $($kbs[$i]) (SecurityUpdates, Critical)" } }',
  "if ($operation -eq 'Install') { $installed += $missing; $missing = 0; Set-Content $missingFile 0; Set-Content $installedFile $installed }",
  "@{ Operation = $operation; RebootOption = $rebootOption; InstalledCount = $installed; MissingCount = $missing; FailedCount = 0; OperationEndTime = (Get-Date).ToUniversalTime().ToString('o') } | ConvertTo-Json | Set-Content ([IO.Path]::Combine($stateDir, 'patch-state.json'))",
  'Write-Output "Patch summary for ${operation}: Installed=$installed, Missing=$missing, Failed=0"',
  "if ($missing -eq 0) { Write-Output 'Compliance: COMPLIANT' } else { Write-Output \"Compliance: NON_COMPLIANT ($missing missing update(s))\" }",
];

const URL_PATTERN = '(^https://.+$)|(^s3://([^/]+)/(.*?([^/]+))$)|(^$)';

/** AWS-RunPatchBaseline with its training-fleet scripts. */
export const RUN_PATCH_BASELINE: DocumentDefinition = {
  name: 'AWS-RunPatchBaseline',
  documentType: 'Command',
  owner: 'Amazon',
  platformTypes: ['Windows', 'Linux', 'MacOS'],
  ageDays: 2400,
  content: {
    schemaVersion: '2.2',
    description:
      'Scans for or installs patches from a patch baseline to a Linux or Windows operating system.',
    parameters: {
      Operation: {
        type: 'String',
        description:
          '(Required) The update or configuration to perform on the instance. The system checks if patches specified in the patch baseline are installed on the instance. The install operation installs patches missing from the baseline.',
        allowedValues: ['Scan', 'Install'],
      },
      SnapshotId: {
        type: 'String',
        description: '(Optional) The snapshot ID to use to retrieve a patch baseline snapshot.',
        default: '',
        allowedPattern: '(^$)|^[a-fA-F0-9]{8}-[a-fA-F0-9]{4}-[a-fA-F0-9]{4}-[a-fA-F0-9]{4}-[a-fA-F0-9]{12}$',
      },
      InstallOverrideList: {
        type: 'String',
        description:
          '(Optional) An https URL or an Amazon S3 path-style URL to the list of patches to be installed. This patch installation list overrides the patches specified by the default patch baseline.',
        default: '',
        allowedPattern: URL_PATTERN,
      },
      RebootOption: {
        type: 'String',
        description:
          '(Optional) Reboot behavior after a patch Install operation. If you choose NoReboot and patches are installed, the instance is marked as non-compliant until a subsequent reboot and scan.',
        allowedValues: ['RebootIfNeeded', 'NoReboot'],
        default: 'RebootIfNeeded',
      },
    },
    mainSteps: [
      {
        precondition: { StringEquals: ['platformType', 'Windows'] },
        action: 'aws:runPowerShellScript',
        name: 'PatchWindows',
        inputs: { timeoutSeconds: 7200, runCommand: WINDOWS_PATCH_SCRIPT },
      },
      {
        precondition: { StringEquals: ['platformType', 'Linux'] },
        action: 'aws:runShellScript',
        name: 'PatchLinux',
        inputs: { timeoutSeconds: 7200, runCommand: LINUX_PATCH_SCRIPT },
      },
      {
        precondition: { StringEquals: ['platformType', 'MacOS'] },
        action: 'aws:runShellScript',
        name: 'PatchMacOS',
        inputs: { timeoutSeconds: 7200, runCommand: LINUX_PATCH_SCRIPT },
      },
    ],
  },
};
