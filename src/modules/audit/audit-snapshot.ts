/** Fields never copied into the trail. */
const SECRET_FIELDS = new Set(['passwordHash', 'tokenHash', 'keyHash', 'secret']);

/** A JSON-safe copy of an entity for before/after, without secrets. */
export function auditSnapshot(value: object | null | undefined): Record<string, unknown> | null {
  if (!value) return null;
  const plain = JSON.parse(JSON.stringify(value)) as Record<string, unknown>;
  for (const key of Object.keys(plain)) if (SECRET_FIELDS.has(key)) plain[key] = '[oculto]';
  return plain;
}
