import { createHmac, timingSafeEqual } from 'node:crypto';

/** The two trips through Microsoft: the administrator's sign-in, then the admin consent. */
export type ConsentStep = 'sign-in' | 'consent';

/** What the `state` sent through Microsoft carries: the request, the tenant, the operator, the expiry, the step. */
export interface ConsentStatePayload {
  requestId: string;
  tenantId: string;
  operatorId: string;
  expiresAt: number;
  step: ConsentStep;
}

const mac = (key: Buffer, body: string) =>
  createHmac('sha256', key).update(body).digest('base64url');

/** `<payload>.<HMAC-SHA256>`, both base64url: anyone can read it, nobody can forge it. */
export function signConsentState(payload: ConsentStatePayload, key: Buffer): string {
  const body = Buffer.from(
    JSON.stringify([
      payload.requestId,
      payload.tenantId,
      payload.operatorId,
      payload.expiresAt,
      payload.step,
    ]),
  ).toString('base64url');
  return `${body}.${mac(key, body)}`;
}

/** The payload of a state this service signed, or null for anything else. */
export function verifyConsentState(state: string, key: Buffer): ConsentStatePayload | null {
  const [body, signature, extra] = state.split('.');
  if (!body || !signature || extra !== undefined) return null;
  const expected = Buffer.from(mac(key, body));
  const given = Buffer.from(signature);
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) return null;
  try {
    const [requestId, tenantId, operatorId, expiresAt, step] = JSON.parse(
      Buffer.from(body, 'base64url').toString('utf8'),
    ) as [string, string, string, number, ConsentStep];
    if (
      typeof requestId !== 'string' ||
      typeof tenantId !== 'string' ||
      typeof operatorId !== 'string' ||
      typeof expiresAt !== 'number' ||
      (step !== 'sign-in' && step !== 'consent')
    )
      return null;
    return { requestId, tenantId, operatorId, expiresAt, step };
  } catch {
    return null;
  }
}
