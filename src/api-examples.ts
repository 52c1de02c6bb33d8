/** An OpenAPI schema as @nestjs/swagger writes them: enough of it to make an example. */
interface Schema {
  $ref?: string;
  type?: string;
  format?: string;
  enum?: unknown[];
  example?: unknown;
  items?: Schema;
  properties?: Record<string, Schema>;
  additionalProperties?: Schema | boolean;
  allOf?: Schema[];
}

const EXAMPLE_UUID = '3f2b8c1e-7d4a-4e6b-9a5c-2e1f0d9b8a77';
const EXAMPLE_INSTANT = '2026-12-01T09:30:00.000Z';

/** A string that reads like the field it fills, by the field's name. */
function exampleString(name: string): string {
  if (/id$/i.test(name)) return EXAMPLE_UUID;
  if (/email/i.test(name)) return 'ada@contoso.example';
  if (/number$/i.test(name)) return '+12065550100';
  if (/(url|uri)$/i.test(name)) return 'https://connector.example/';
  if (/principalname|username/i.test(name)) return 'ada@contoso.example';
  if (/^firstName$/.test(name)) return 'Ada';
  if (/^lastName$/.test(name)) return 'Lovelace';
  if (/name$/i.test(name)) return 'Contoso';
  if (/code$/i.test(name)) return 'PBX_USER_SUSPENDED';
  if (/message|summary|description/i.test(name)) return 'What happened, in a sentence.';
  return 'text';
}

function exampleNumber(name: string): number {
  if (name === 'pageSize') return 50;
  return 1;
}

/**
 * An example of a schema, made from its types, formats, enums and field names, so that every
 * answer in the document shows one. Each field's own `example` wins.
 */
export function exampleOf(
  schema: Schema,
  components: Record<string, Schema>,
  name = '',
  expanding: ReadonlySet<string> = new Set(),
): unknown {
  if (schema.example !== undefined) return schema.example;
  const next = (s: Schema, n = name, refs = expanding) => exampleOf(s, components, n, refs);
  if (schema.$ref) {
    const ref = schema.$ref.split('/').pop()!;
    // A schema that contains itself is shown one level deep.
    if (expanding.has(ref)) return {};
    return next(components[ref] ?? {}, name, new Set([...expanding, ref]));
  }
  if (schema.allOf?.length) return next(schema.allOf[0]);
  if (schema.enum?.length) return schema.enum[0];
  if (schema.type === 'array') return [next(schema.items ?? {}, name.replace(/s$/, ''))];
  if (schema.type === 'object' || schema.properties) {
    if (!schema.properties && typeof schema.additionalProperties === 'object')
      return { EXAMPLE: next(schema.additionalProperties) };
    return Object.fromEntries(
      Object.entries(schema.properties ?? {}).map(([key, s]) => [key, next(s, key)]),
    );
  }
  if (schema.type === 'number' || schema.type === 'integer') return exampleNumber(name);
  if (schema.type === 'boolean') return false;
  if (schema.format === 'date-time') return EXAMPLE_INSTANT;
  if (schema.type === 'string') return exampleString(name);
  return undefined;
}
