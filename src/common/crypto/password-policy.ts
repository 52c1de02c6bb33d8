import { dictionary } from '@zxcvbn-ts/language-common';
import { DomainError } from '../errors/domain-error';
import { FieldProblem } from '../errors/field-problems';
import { MIN_PASSWORD_LENGTH } from './passwords';

/** About 49,000 passwords most seen in breaches (zxcvbn-ts' list), compared in lower case. */
const COMMON = new Set(
  (dictionary['passwords-common'] as string[]).map((p) => p.normalize('NFKC').toLowerCase()),
);

// Letters, digits and symbols typed in a row on a keyboard or counted up or down.
const SEQUENCES = [
  'abcdefghijklmnopqrstuvwxyz',
  '0123456789',
  'qwertyuiop',
  'asdfghjkl',
  'zxcvbnm',
];

/**
 * Why a password may not be chosen, or null: NIST SP 800-63B rules. At least 12 characters once
 * Unicode-normalised (NFKC), not only spaces or control characters, not a common or breached
 * password (with digits or symbols added), not a run like `aaaa…` or `1234…`, and not made of the
 * user's own address or the product's name. No rules about which kinds of character it must have.
 */
export function passwordProblem(password: string, context: string[] = []): string | null {
  const normal = password.normalize('NFKC');
  if ([...normal].length < MIN_PASSWORD_LENGTH)
    return `The password needs at least ${MIN_PASSWORD_LENGTH} characters.`;
  if (/^[\s\p{Cc}]*$/u.test(normal))
    return 'The password cannot be only spaces or control characters.';
  const lower = normal.toLowerCase();
  const core = lower.replace(/^[\d\W_]+|[\d\W_]+$/gu, '');
  if (new Set(lower).size <= 2 || isRun(lower))
    return 'The password is a repeated or sequential run of characters: choose another.';
  if (COMMON.has(lower) || (core.length >= 4 && COMMON.has(core)))
    return 'This password is among the most common ones in data breaches: choose another.';
  const words = ['teams connector', 'teamsconnector', ...context.flatMap(contextWords)];
  if (words.some((w) => w.length >= 4 && lower.includes(w) && lower.length - w.length < 6))
    return 'The password is mostly your e-mail address or the product’s name: choose another.';
  return null;
}

/** 400 VALIDATION_FAILED naming why, when the password may not be chosen. */
export function refuseWeakPassword(password: string, context: string[]): void {
  const problem = passwordProblem(password, context);
  if (problem)
    throw new DomainError('VALIDATION_FAILED', problem, [
      { field: 'password', code: 'PASSWORD_NOT_ALLOWED', message: problem },
    ] satisfies FieldProblem[]);
}

/** An e-mail address gives itself, its local part and its domain's first label: people reuse them. */
function contextWords(value: string): string[] {
  const whole = value.toLowerCase();
  const [local, domain = ''] = whole.split('@');
  return [whole, local, domain.split('.')[0]].filter(Boolean);
}

function isRun(text: string): boolean {
  return SEQUENCES.some((s) => {
    const around = s.repeat(Math.ceil(text.length / s.length) + 1);
    return around.includes(text) || [...around].reverse().join('').includes(text);
  });
}
