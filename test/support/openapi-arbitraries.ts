import fc, { Arbitrary } from 'fast-check';

/** The parts of an OpenAPI 3 document the fuzzer reads. */
export interface Schema {
  $ref?: string;
  allOf?: Schema[];
  type?: string;
  enum?: unknown[];
  properties?: Record<string, Schema>;
  required?: string[];
  items?: Schema;
  minimum?: number;
  maximum?: number;
  example?: unknown;
  nullable?: boolean;
}
export interface Parameter {
  name: string;
  in: 'query' | 'path' | 'header';
  required?: boolean;
  schema?: Schema;
}
export interface Operation {
  method: string;
  path: string;
  parameters: Parameter[];
  /** The JSON body's schema, when the operation takes one. */
  body: Schema | null;
  /** Takes a file upload rather than JSON. */
  multipart: boolean;
}
export interface OpenApiDocument {
  paths: Record<
    string,
    Record<
      string,
      { parameters?: Parameter[]; requestBody?: { content: Record<string, { schema?: Schema }> } }
    >
  >;
  components?: { schemas?: Record<string, Schema> };
}

export function operationsOf(doc: OpenApiDocument): Operation[] {
  return Object.entries(doc.paths).flatMap(([path, methods]) =>
    Object.entries(methods).map(([method, op]) => {
      const content = op.requestBody?.content ?? {};
      return {
        method: method.toUpperCase(),
        path,
        parameters: op.parameters ?? [],
        body: content['application/json']
          ? resolve(doc, content['application/json'].schema ?? {})
          : null,
        multipart: Boolean(content['multipart/form-data']),
      };
    }),
  );
}

/** The schema with `$ref` and single-entry `allOf` followed, to any depth. */
export function resolve(doc: OpenApiDocument, schema: Schema): Schema {
  if (schema.$ref) return resolve(doc, doc.components!.schemas![schema.$ref.split('/').pop()!]);
  if (schema.allOf?.length === 1)
    return resolve(doc, { ...schema.allOf[0], ...schema, allOf: undefined });
  if (schema.properties)
    return {
      ...schema,
      properties: Object.fromEntries(
        Object.entries(schema.properties).map(([k, v]) => [k, resolve(doc, v)]),
      ),
    };
  return schema;
}

/** A value the schema describes (the service may still refuse it: its checks say more). */
export function validValue(schema: Schema): Arbitrary<unknown> {
  if (schema.enum) return fc.constantFrom(...schema.enum);
  switch (schema.type) {
    case 'integer':
    case 'number':
      return fc.integer({
        min: schema.minimum ?? 0,
        max: Math.min(schema.maximum ?? 100, 100_000),
      });
    case 'boolean':
      return fc.boolean();
    case 'array':
      return fc.array(validValue(schema.items ?? {}), { maxLength: 3 });
    case 'object':
      return validObject(schema);
    default:
      return schema.example !== undefined
        ? fc.oneof(fc.constant(schema.example), fc.string({ minLength: 1, maxLength: 20 }))
        : fc.oneof(fc.string({ minLength: 1, maxLength: 20 }), fc.emailAddress(), fc.uuid());
  }
}

function validObject(schema: Schema): Arbitrary<Record<string, unknown>> {
  const props = schema.properties ?? {};
  const required = new Set(schema.required ?? []);
  return fc.record(Object.fromEntries(Object.entries(props).map(([k, v]) => [k, validValue(v)])), {
    requiredKeys: Object.keys(props).filter((k) => required.has(k)),
  });
}

/** Values of the wrong JSON type for the schema, and the classic troublemakers. */
export function wrongValue(schema: Schema): Arbitrary<unknown> {
  const deep = fc.integer({ min: 40, max: 3000 }).map((n) => {
    let v: unknown = 1;
    for (let i = 0; i < n; i++) v = { a: v };
    return v;
  });
  const common = [
    fc.constant([]),
    fc.constant({ nested: { x: 1 } }),
    deep,
    ...(schema.nullable ? [] : [fc.constant(null)]),
  ];
  if (schema.enum) return fc.oneof(fc.constant('not-a-choice'), fc.constant(7), ...common);
  switch (schema.type) {
    case 'integer':
    case 'number':
      return fc.oneof(
        fc.constant('12abc'),
        fc.constant(true),
        fc.constant(1.5e300),
        fc.constant(-1e300),
        ...common,
      );
    case 'boolean':
      return fc.oneof(fc.constant('yes'), fc.constant(1), ...common);
    case 'object':
      return fc.oneof(fc.constant('text'), fc.constant(42), fc.constant([{}]), fc.constant(null));
    default:
      return fc.oneof(fc.constant(12345), fc.constant(true), ...common);
  }
}

/** Query values that cannot be right for the parameter: wrong type, out of range, repeated. */
export function wrongQueryValue(schema: Schema): Arbitrary<string | string[]> {
  if (schema.enum) return fc.constantFrom<string | string[]>('not-a-choice', ['a', 'b']);
  switch (schema.type) {
    case 'integer':
    case 'number':
      return fc.constantFrom<string | string[]>(
        'abc',
        '-7',
        '1.5',
        '99999999999999999999',
        '1e400',
        ['1', '2'],
      );
    case 'boolean':
      return fc.constantFrom<string | string[]>('maybe', '2', ['true', 'false']);
    default:
      return fc.constant<string | string[]>(['one', 'two']);
  }
}
