/** What the script sets up in the customer's tenant. */
export interface VoiceRoutingSetup {
  tenantName: string;
  /** The tenant's subdomain of the SBC's base domain: the gateway its voice route names. */
  sbcFqdn: string;
  /** The voice routing policy the connector assigns; its PSTN usage and voice route share the name. */
  policyName: string;
  madeOn: Date;
}

/**
 * A PowerShell single-quoted string. PowerShell also ends such a string at the typographic single
 * quotes, so each quote-like character is doubled, as PowerShell reads a doubled one as itself.
 */
export function psQuote(value: string): string {
  return `'${value.replace(/['\u2018\u2019\u201a\u201b]/g, (q) => q + q)}'`;
}

/** Text for a comment line: no line break (which would end the comment) and no control character. */
const commentText = (value: string) => value.replace(/[\p{Cc}\u2028\u2029]+/gu, ' ');

/**
 * The Teams PowerShell that creates what Microsoft Graph cannot: the PSTN usage, a voice route
 * that sends every number to the tenant's SBC FQDN, and the voice routing policy the connector
 * assigns. Each step checks what exists first, so the script can be run again without changing
 * anything.
 */
export function voiceRoutingScript(setup: VoiceRoutingSetup): string {
  const day = setup.madeOn.toISOString().slice(0, 10);
  return [
    `# Direct Routing for ${commentText(setup.tenantName)} through the provider's SBC ${setup.sbcFqdn}.`,
    `# Made by Teams Connector on ${day}. Run it in Teams PowerShell as a Teams administrator of this`,
    '# tenant (Install-Module MicrosoftTeams, then Connect-MicrosoftTeams). Running it again changes nothing.',
    "$ErrorActionPreference = 'Stop'",
    `$usage = ${psQuote(setup.policyName)}`,
    `$route = ${psQuote(setup.policyName)}`,
    `$policy = ${psQuote(setup.policyName)}`,
    `$gateway = ${psQuote(setup.sbcFqdn)}`,
    '',
    '# 1. The PSTN usage that links the voice route to the policy.',
    'if ((Get-CsOnlinePstnUsage -Identity Global).Usage -notcontains $usage) {',
    '  Set-CsOnlinePstnUsage -Identity Global -Usage @{Add = $usage}',
    '}',
    '',
    "# 2. A voice route that sends every number to the provider's SBC.",
    'if (Get-CsOnlineVoiceRoute -Identity $route -ErrorAction SilentlyContinue) {',
    "  Set-CsOnlineVoiceRoute -Identity $route -NumberPattern '.*' -OnlinePstnGatewayList $gateway -OnlinePstnUsages $usage -Priority 1",
    '} else {',
    "  New-CsOnlineVoiceRoute -Identity $route -NumberPattern '.*' -OnlinePstnGatewayList $gateway -OnlinePstnUsages $usage -Priority 1",
    '}',
    '',
    '# 3. The voice routing policy Teams Connector assigns to the users it syncs.',
    '$existing = Get-CsOnlineVoiceRoutingPolicy -Identity $policy -ErrorAction SilentlyContinue',
    'if (-not $existing) {',
    "  New-CsOnlineVoiceRoutingPolicy -Identity $policy -OnlinePstnUsages $usage -Description 'Calls through the PBX, kept in step by Teams Connector.'",
    '} elseif ($existing.OnlinePstnUsages -notcontains $usage) {',
    '  Set-CsOnlineVoiceRoutingPolicy -Identity $policy -OnlinePstnUsages @{Add = $usage}',
    '}',
    '',
  ].join('\r\n');
}
