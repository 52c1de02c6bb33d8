import { EnvReader } from './env-reader';

/** `ENCRYPTION_KEYS`: `id:base64key[,id:base64key…]`, newest first; each key is 32 bytes. */
function parseKeys(env: EnvReader): { id: string; key: Buffer }[] | undefined {
  const raw = env.secret('ENCRYPTION_KEYS');
  if (raw === undefined) return undefined;
  const keys = raw.split(',').map((entry) => {
    const [id, material] = entry.trim().split(':');
    const key = Buffer.from(material ?? '', 'base64');
    return { id, key };
  });
  if (keys.some((k) => !/^[\w-]{1,16}$/.test(k.id ?? '') || k.key.length !== 32)) {
    env.problems.push(
      'ENCRYPTION_KEYS must be id:base64key pairs separated by commas, each key 32 bytes (the value given is not)',
    );
    return undefined;
  }
  return keys;
}

export function readSecurityConfig(env: EnvReader) {
  return {
    /** Unset: a key file under data/ is made on first start (the embedded default). */
    encryptionKeys: parseKeys(env),
    encryptionKeyFile: env.string('ENCRYPTION_KEY_FILE', 'data/encryption.key'),
    sessionTtlMinutes: env.int('SESSION_TTL_MINUTES', 12 * 60, 5, 30 * 24 * 60),
    invitationTtlHours: env.int('INVITATION_TTL_HOURS', 72, 1, 30 * 24),
    /** The first provider admin, created on start when there is no operator yet. */
    bootstrapAdminEmail: env.optional('BOOTSTRAP_ADMIN_EMAIL'),
    bootstrapAdminPassword: env.secret('BOOTSTRAP_ADMIN_PASSWORD'),
    consentStateTtlMinutes: env.int('CONSENT_STATE_TTL_MINUTES', 15, 1, 60),
    /** How long the consent callback keeps asking for a first token while the grant propagates. */
    consentPropagationTimeoutMs: env.int('CONSENT_PROPAGATION_TIMEOUT_MS', 60_000, 0, 300_000),
    /** Set: /metrics answers only `Authorization: Bearer <token>` (Prometheus' bearer_token). */
    metricsToken: env.secret('METRICS_TOKEN'),
    /** Where PBX API addresses may point (see OutboundRules). */
    pbx: {
      allowedHosts: (env.optional('PBX_ALLOWED_HOSTS') ?? '')
        .split(',')
        .map((h) => h.trim())
        .filter(Boolean),
      allowPrivateAddresses:
        env.oneOf('PBX_ALLOW_PRIVATE_ADDRESSES', ['true', 'false'] as const, 'false') === 'true',
    },
  };
}

export type SecuritySettings = ReturnType<typeof readSecurityConfig>;
