import { CountryCode, parsePhoneNumberFromString } from 'libphonenumber-js/max';

/** E-mail addresses compare trimmed, Unicode-normalised (NFC) and case-folded. */
export function normaliseEmail(raw: string | null | undefined): string | null {
  const value = raw?.trim().normalize('NFC').toLowerCase().normalize('NFC');
  return value ? value : null;
}

/** Every address a Teams user answers to: mail, user principal name and each `smtp:` alias. */
export function addressesOf(user: {
  mail: string | null;
  userPrincipalName: string;
  proxyAddresses: string[];
}): string[] {
  const aliases = user.proxyAddresses.filter((p) => /^smtp:/i.test(p)).map((p) => p.slice(5));
  const all = [user.mail, user.userPrincipalName, ...aliases]
    .map(normaliseEmail)
    .filter((a): a is string => a !== null);
  return [...new Set(all)];
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
