import { applyDecorators } from '@nestjs/common';
import { ApiOkResponse, ApiProduces, ApiProperty } from '@nestjs/swagger';

type Type = StringConstructor | NumberConstructor | BooleanConstructor | DateConstructor;

/**
 * Decorators for the fields of response classes, so each response is described in the OpenAPI
 * document (and the dashboard's types are made from it) by the class the service returns.
 */
export const Field = (description?: string) => ApiProperty({ description });
export const NullableField = (type: Type, description?: string) =>
  ApiProperty({ type, nullable: true, description });
export const EnumField = (values: readonly string[], description?: string) =>
  ApiProperty({ enum: values, description });
// Swagger knows a lazy type by its function being named `type`, as an arrow in `{ type: … }` is.
export const ObjectField = (of: () => object, options: { nullable?: boolean } = {}) =>
  ApiProperty({ type: () => of(), nullable: options.nullable });
export const ListField = (of: () => object) => ApiProperty({ type: () => of(), isArray: true });
/** A map from a code or state to a count. */
export const CountsField = (description?: string) =>
  ApiProperty({ type: 'object', additionalProperties: { type: 'number' }, description });

/** A paged answer: which page, how many in all, and the items of one class. */
export function PageOf<T>(item: () => new (...args: never[]) => T) {
  class Page {
    @Field() page!: number;
    @Field() pageSize!: number;
    @Field('Items on all pages.') total!: number;
    @ListField(item) items!: T[];
  }
  return Page;
}

/** A 200 answer that is a document of this media type (a CSV file, an HTML page, a script), not JSON. */
export const DocumentResponse = (
  mediaType: 'text/csv' | 'text/html' | 'text/plain',
  description: string,
) =>
  applyDecorators(
    ApiProduces(mediaType),
    ApiOkResponse({ description, content: { [mediaType]: { schema: { type: 'string' } } } }),
  );
