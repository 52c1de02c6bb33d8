import type { ValidationError } from 'class-validator';
import { DomainError } from './domain-error';

/** What is wrong with one field of a request: where, a stable code, and a sentence. */
export interface FieldProblem {
  /** The field's path in the body or query, `admin.email` for a nested one. */
  field: string;
  code: string;
  message: string;
}

/**
 * class-validator's constraints by what they say about a value, most telling first: a value of the
 * wrong type is named so, not also as too long and out of range.
 */
const CODES: [code: string, constraints: string[]][] = [
  ['FIELD_NOT_ALLOWED', ['whitelistValidation']],
  [
    'FIELD_TYPE',
    ['isString', 'isInt', 'isNumber', 'isBoolean', 'isObject', 'isArray', 'nestedValidation'],
  ],
  ['FIELD_CHOICE', ['isIn', 'isEnum']],
  ['FIELD_FORMAT', ['isEmail', 'isPlainEmail', 'isUrl', 'isUUID', 'matches']],
  ['FIELD_EMPTY', ['isNotEmpty']],
  ['FIELD_LENGTH', ['maxLength', 'minLength']],
  ['FIELD_RANGE', ['min', 'max']],
];

/** One problem per field: missing, or the most telling constraint it broke. */
export function fieldProblems(errors: ValidationError[], parent = ''): FieldProblem[] {
  return errors.flatMap((error) => {
    const field = parent ? `${parent}.${error.property}` : error.property;
    const constraints = error.constraints ?? {};
    const names = Object.keys(constraints);
    // A field that is itself wrong is named alone: what is inside a wrong value says nothing.
    if (names.length === 0) return fieldProblems(error.children ?? [], field);
    // class-validator leaves `value` out for a nested object; a missing field has it undefined.
    if ('value' in error && error.value === undefined && !names.includes('whitelistValidation'))
      return [{ field, code: 'FIELD_REQUIRED', message: `${field} is required.` }];
    const [code, name] = CODES.flatMap(([c, known]) =>
      known.filter((k) => names.includes(k)).map((k) => [c, k] as const),
    )[0] ?? ['FIELD_INVALID', names[0]];
    return [{ field, code, message: `${constraints[name]}.` }];
  });
}

/** The ValidationPipe's answer: 400 VALIDATION_FAILED listing each field's problem, by field. */
export function validationFailed(errors: ValidationError[]): DomainError {
  const problems = fieldProblems(errors).sort((a, b) => a.field.localeCompare(b.field));
  return new DomainError(
    'VALIDATION_FAILED',
    `The request is not valid: ${problems.map((p) => p.field).join(', ')}.`,
    problems,
  );
}
