import pino from 'pino';

/** An E.164-like number: kept to its country code and last two digits. */
const PHONE = /\+?\d[\d ().-]{6,}\d/g;
const maskNumbers = (text: string) =>
  text.replace(PHONE, (n) => {
    const digits = n.replace(/\D/g, '');
    return `${n.startsWith('+') ? '+' : ''}${digits.slice(0, 1)}…${digits.slice(-2)}`;
  });

/**
 * Errors as log lines show them: type, message, code and stack, with phone numbers shortened.
 * A database error's parameters and the driver's detail (`Key (email)=(…)`) are left out: they
 * hold the data the statement carried.
 */
export function serializeError(error: unknown): Record<string, unknown> {
  if (!(error instanceof Error)) return { message: maskNumbers(String(error)) };
  const plain = pino.stdSerializers.err(error);
  const code =
    (error as { code?: unknown }).code ??
    (error as { driverError?: { code?: unknown } }).driverError?.code;
  return {
    type: plain.type,
    message: maskNumbers(plain.message),
    ...(code === undefined ? {} : { code }),
    ...(plain.stack ? { stack: maskNumbers(plain.stack) } : {}),
    ...(error.cause ? { cause: serializeError(error.cause) } : {}),
  };
}
