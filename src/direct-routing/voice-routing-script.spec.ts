import { psQuote, voiceRoutingScript } from './voice-routing-script';

/**
 * The parameters each cmdlet takes, as Microsoft documents them (learn.microsoft.com, module
 * MicrosoftTeams), and PowerShell's common parameters.
 */
const VOICE_ROUTE = [
  'Identity',
  'BridgeSourcePhoneNumber',
  'Description',
  'NumberPattern',
  'OnlinePstnGatewayList',
  'OnlinePstnUsages',
  'Priority',
  'WhatIf',
  'Confirm',
];
const VOICE_ROUTING_POLICY = [
  'Identity',
  'Description',
  'OnlinePstnUsages',
  'RouteType',
  'WhatIf',
  'Confirm',
];
const DOCUMENTED: Record<string, string[]> = {
  'Get-CsOnlinePstnUsage': ['Identity'],
  'Set-CsOnlinePstnUsage': ['Identity', 'Usage', 'WhatIf', 'Confirm'],
  'Get-CsOnlineVoiceRoute': ['Identity', 'Filter'],
  'New-CsOnlineVoiceRoute': [...VOICE_ROUTE, 'Name'],
  'Set-CsOnlineVoiceRoute': VOICE_ROUTE,
  'Get-CsOnlineVoiceRoutingPolicy': ['Identity', 'Filter'],
  'New-CsOnlineVoiceRoutingPolicy': VOICE_ROUTING_POLICY,
  'Set-CsOnlineVoiceRoutingPolicy': VOICE_ROUTING_POLICY,
};
const COMMON = ['ErrorAction', 'ErrorVariable', 'WarningAction', 'Verbose', 'Debug'];

const SETUP = {
  tenantName: 'Contoso',
  sbcFqdn: 'contoso-3f2b8c1e.customers.pbx.example',
  policyName: 'PBX-Direct-Routing',
  madeOn: new Date('2026-12-01T10:00:00Z'),
};

/** Every cmdlet call in the script, with the parameters it passes. */
function calls(script: string) {
  const found: { cmdlet: string; parameters: string[] }[] = [];
  for (const line of script.split('\r\n').filter((l) => !l.trimStart().startsWith('#')))
    for (const [call] of line.matchAll(/\b[A-Z][a-z]+-Cs\w+[^)}]*/g)) {
      const [cmdlet, ...rest] = call.split(/\s+/);
      found.push({
        cmdlet,
        parameters: rest.filter((t) => /^-[A-Z]/.test(t)).map((t) => t.slice(1)),
      });
    }
  return found;
}

describe('the voice routing PowerShell script', () => {
  it('calls only documented cmdlets with their documented parameters', () => {
    const used = calls(voiceRoutingScript(SETUP));
    expect(used.map((c) => c.cmdlet)).toEqual([
      'Get-CsOnlinePstnUsage',
      'Set-CsOnlinePstnUsage',
      'Get-CsOnlineVoiceRoute',
      'Set-CsOnlineVoiceRoute',
      'New-CsOnlineVoiceRoute',
      'Get-CsOnlineVoiceRoutingPolicy',
      'New-CsOnlineVoiceRoutingPolicy',
      'Set-CsOnlineVoiceRoutingPolicy',
    ]);
    for (const { cmdlet, parameters } of used)
      expect({
        cmdlet,
        undocumented: parameters.filter((p) => ![...DOCUMENTED[cmdlet], ...COMMON].includes(p)),
      }).toEqual({
        cmdlet,
        undocumented: [],
      });
  });

  it("routes every number to the tenant's SBC FQDN under the policy's name, and checks before it creates", () => {
    const script = voiceRoutingScript(SETUP);
    expect(script).toContain("$gateway = 'contoso-3f2b8c1e.customers.pbx.example'");
    expect(script).toContain("$policy = 'PBX-Direct-Routing'");
    expect(script).toMatch(
      /New-CsOnlineVoiceRoute -Identity \$route -NumberPattern '\.\*' -OnlinePstnGatewayList \$gateway -OnlinePstnUsages \$usage/,
    );
    // Each New- runs only where the matching Get- found nothing.
    expect(script.indexOf('Get-CsOnlineVoiceRoute ')).toBeLessThan(
      script.indexOf('New-CsOnlineVoiceRoute'),
    );
    expect(script.indexOf('Get-CsOnlineVoiceRoutingPolicy')).toBeLessThan(
      script.indexOf('New-CsOnlineVoiceRoutingPolicy'),
    );
    expect(script).toContain('-notcontains $usage');
  });

  it('keeps names from closing their strings or their comment line', () => {
    expect(psQuote("O'Brien’s route")).toBe("'O''Brien’’s route'");
    const script = voiceRoutingScript({
      ...SETUP,
      tenantName: 'Evil\r\nRemove-Item C:\\ -Recurse',
      policyName: "x'; Remove-Item C:\\; '",
    });
    expect(script).toContain("$policy = 'x''; Remove-Item C:\\; '''");
    expect(script.split('\r\n').filter((l) => l.startsWith('Remove-Item'))).toEqual([]);
  });
});
