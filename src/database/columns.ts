import { Column, ValueTransformer } from 'typeorm';

/**
 * Instants are stored as epoch milliseconds in a bigint column: the same type on SQLite and
 * PostgreSQL, free of session time zones, and ordered as time is.
 */
export const epochMillis: ValueTransformer = {
  to: (value: Date | null | undefined) => (value instanceof Date ? value.getTime() : value),
  from: (value: string | number | null) =>
    value === null || value === undefined ? value : new Date(Number(value)),
};

/** The one way to declare an instant column. */
export const InstantColumn = (name: string, options: { nullable?: boolean } = {}) =>
  Column({ name, type: 'bigint', nullable: options.nullable ?? false, transformer: epochMillis });
