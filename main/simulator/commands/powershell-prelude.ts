/**
 * What runs before a PowerShell step when the host really has PowerShell (pwsh, or Windows
 * PowerShell on a Windows host). There, `Restart-Service` and friends are built-in cmdlets that
 * beat anything on PATH, so the sandbox's shims would be bypassed and a training runbook would
 * restart the operator's own services. Functions take precedence over cmdlets, so the prelude
 * defines the service and computer cmdlets again over the node's simulated services — the same
 * files the systemctl shim uses (training-shims.ts) — with PowerShell's own error records.
 */

/** A PowerShell single-quoted string literal. */
function quoted(text: string): string {
  return `'${text.replace(/'/g, "''")}'`;
}

/** The prelude for a node whose simulated services live in `servicesFolder`. */
export function powerShellPrelude(servicesFolder: string): string {
  return [
    `$CapstanServices = ${quoted(servicesFolder)}`,
    'function CapstanFindService([string]$Name, [string]$Verb, [string]$Class) {',
    '  $found = Get-ChildItem -LiteralPath $CapstanServices -File -ErrorAction SilentlyContinue | Where-Object { $_.Name -ieq $Name } | Select-Object -First 1',
    '  if (-not $found) {',
    '    Write-Error -Message "Cannot find any service with service name \'$Name\'." -Category ObjectNotFound -TargetObject $Name -ErrorId "NoServiceFoundForGivenName,Microsoft.PowerShell.Commands.$Class"',
    '  }',
    '  return $found',
    '}',
    'function CapstanSetService($File, [string]$State) {',
    '  $lines = @(Get-Content -LiteralPath $File.FullName)',
    '  $display = if ($lines.Count -gt 1) { $lines[1] } else { $File.Name }',
    "  Set-Content -LiteralPath $File.FullName -Value @($State, $display, (Get-Date).ToUniversalTime().ToString('ddd yyyy-MM-dd HH:mm:ss UTC'))",
    '}',
    ...(
      [
        ['Restart-Service', 'RestartServiceCommand', 'active'],
        ['Start-Service', 'StartServiceCommand', 'active'],
        ['Stop-Service', 'StopServiceCommand', 'inactive'],
      ] as const
    ).map(
      ([verb, cls, state]) =>
        `function ${verb} { param([Parameter(Position = 0)][string[]]$Name, [switch]$Force, [switch]$PassThru) ` +
        `foreach ($n in $Name) { $f = CapstanFindService $n '${verb}' '${cls}'; if ($f) { CapstanSetService $f '${state}' } } }`,
    ),
    'function Get-Service { param([Parameter(Position = 0)][string[]]$Name)',
    "  $files = if ($Name) { foreach ($n in $Name) { CapstanFindService $n 'Get-Service' 'GetServiceCommand' } } else { Get-ChildItem -LiteralPath $CapstanServices -File }",
    '  foreach ($f in $files) { if ($f) {',
    '    $lines = @(Get-Content -LiteralPath $f.FullName)',
    "    [pscustomobject]@{ Status = $(if ($lines[0] -eq 'active') { 'Running' } else { 'Stopped' }); Name = $f.Name; DisplayName = $lines[1] }",
    '  } }',
    '}',
    "function Restart-Computer { Write-Output 'Restart-Computer: the training fleet simulates nodes; nothing was restarted.' }",
    "function Stop-Computer { Write-Output 'Stop-Computer: the training fleet simulates nodes; nothing was stopped.' }",
    '',
  ].join('\n');
}
