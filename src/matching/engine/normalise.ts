import { CountryCode, parsePhoneNumberFromString } from 'libphonenumber-js/max';

const PRINTABLE_ASCII = /^[ -~]*$/;

/**
 * E-mail addresses compare trimmed, Unicode-normalised (NFC) and case-folded. A printable ASCII
 * address is its own NFC form, and most addresses are: they skip the normalisation, which costs
 * more.
 */
export function normaliseEmail(raw: string | null | undefined): string | null {
  const trimmed = raw?.trim();
  if (!trimmed) return null;
  return PRINTABLE_ASCII.test(trimmed)
    ? trimmed.toLowerCase()
    : trimmed.normalize('NFC').toLowerCase().normalize('NFC');
}

/** The address an `smtp:` proxy address carries; null for other kinds (`SIP:`, `X500:`). */
export function smtpAddressOf(proxyAddress: string): string | null {
  return /^smtp:/i.test(proxyAddress) ? proxyAddress.slice(5) : null;
}

/** Every address a Teams user answers to: mail, user principal name and each `smtp:` alias. */
export function addressesOf(user: {
  mail: string | null;
  userPrincipalName: string;
  proxyAddresses: string[];
}): string[] {
  const all: string[] = [];
  const add = (raw: string | null) => {
    const address = normaliseEmail(raw);
    if (address !== null && !all.includes(address)) all.push(address);
  };
  add(user.mail);
  // Most users' mail is their user principal name: normalised once.
  if (user.userPrincipalName !== user.mail) add(user.userPrincipalName);
  for (const p of user.proxyAddresses) add(smtpAddressOf(p));
  return all;
}

export type NumberResult =
  { ok: true; e164: string } | { ok: false; reason: 'INVALID_NUMBER' | 'NO_DIRECT_NUMBER' };

/** A PBX number in E.164 (with `;ext=` when it has an extension), validated with full metadata. */
export function normaliseNumber(
  raw: string | null | undefined,
  defaultRegion: string,
): NumberResult {
  if (!raw?.trim()) return { ok: false, reason: 'NO_DIRECT_NUMBER' };
  const parsed = parsePhoneNumberFromString(
    raw.trim().replace(/^tel:/i, ''),
    defaultRegion as CountryCode,
  );
  if (!parsed?.isValid()) return { ok: false, reason: 'INVALID_NUMBER' };
  return { ok: true, e164: parsed.ext ? `${parsed.number};ext=${parsed.ext}` : parsed.number };
}
