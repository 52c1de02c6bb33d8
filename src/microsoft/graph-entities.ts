/**
 * A single entity, whether Graph sends it as itself or wrapped in `value` (as some documented
 * examples show it): `{ value: [entity] }` or `{ value: entity }`.
 */
export function unwrapEntity<T>(body: unknown): T {
  const wrapped = body as { id?: unknown; status?: unknown; value?: unknown } | null;
  if (!wrapped || wrapped.id !== undefined || wrapped.status !== undefined) return body as T;
  if (Array.isArray(wrapped.value) && wrapped.value.length === 1) return wrapped.value[0] as T;
  if (wrapped.value && typeof wrapped.value === 'object' && !Array.isArray(wrapped.value))
    return wrapped.value as T;
  return body as T;
}
