import { applyDecorators } from '@nestjs/common';
import { IsEmail, registerDecorator } from 'class-validator';

/**
 * Why an address looks like another without being it, or null: an invisible character (a
 * zero-width space, a joiner, a soft hyphen), or full-width and other compatibility characters
 * that Unicode NFKC folds into ordinary ones (`ａｄａ@…` for `ada@…`). Either would let one person
 * exist twice.
 */
export function lookAlikeProblem(email: string): string | null {
  if (/\p{Cf}/u.test(email)) return 'contains an invisible character (such as a zero-width space)';
  if (email.normalize('NFKC') !== email.normalize('NFC'))
    return 'contains full-width or other look-alike characters: type it with ordinary letters';
  return null;
}

/** An e-mail address a person can be known by: valid, and no look-alike of another. */
export function IsPlainEmail(): PropertyDecorator {
  return applyDecorators(IsEmail(), (target: object, property: string | symbol) =>
    registerDecorator({
      name: 'isPlainEmail',
      target: target.constructor,
      propertyName: String(property),
      validator: {
        validate: (value: unknown) => typeof value !== 'string' || lookAlikeProblem(value) === null,
        defaultMessage: (args) =>
          `${args?.property} ${lookAlikeProblem(String(args?.value)) ?? 'is not a plain address'}`,
      },
    }),
  );
}
