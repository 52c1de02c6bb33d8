import { ValidateIf } from 'class-validator';

/**
 * A field that may be left out. Unlike `@IsOptional()`, `null` is not taken for "left out": it is
 * validated like any other value, so it is refused and never reaches the database.
 */
export const Omittable = () => ValidateIf((_object, value) => value !== undefined);
