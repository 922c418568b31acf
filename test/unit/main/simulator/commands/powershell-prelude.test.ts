import { describe, expect, it } from 'vitest';
import { powerShellPrelude } from '../../../../../main/simulator/commands/powershell-prelude';

describe('powerShellPrelude', () => {
  it('shadows every service and computer cmdlet a runbook could use on the real host', () => {
    const prelude = powerShellPrelude('/tmp/sandbox/.capstan/services');
    for (const cmdlet of ['Restart-Service', 'Start-Service', 'Stop-Service', 'Get-Service', 'Restart-Computer', 'Stop-Computer']) {
      expect(prelude).toMatch(new RegExp(`^function ${cmdlet} `, 'm'));
    }
  });

  it('quotes the services folder as a PowerShell literal, whatever it contains', () => {
    expect(powerShellPrelude("C:\\Users\\o'brien\\capstan")).toContain("$CapstanServices = 'C:\\Users\\o''brien\\capstan'");
  });

  it('words a missing service as PowerShell does', () => {
    expect(powerShellPrelude('/s')).toContain("Cannot find any service with service name '$Name'.");
    expect(powerShellPrelude('/s')).toContain('NoServiceFoundForGivenName,Microsoft.PowerShell.Commands.$Class');
  });
});
