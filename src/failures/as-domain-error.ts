import { DomainError } from '../common/errors/domain-error';
import { classify } from './classify';
import { FAILURES } from './failure-codes';

/**
 * Answers an API request that met a Microsoft or PBX failure with its failure code (a precise 4xx
 * or a 503), instead of a 500. Anything else, a bug included, goes on unchanged.
 */
export async function answeringFailures<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    const failure = classify(error);
    if (failure.code === 'UNEXPECTED_ERROR') throw error;
    const info = FAILURES[failure.code];
    throw new DomainError(failure.code, `${info.message} ${info.action}`, {
      detail: failure.detail,
      retry: failure.retry,
      ...(failure.retryAfterMs
        ? { retryAfterSeconds: Math.ceil(failure.retryAfterMs / 1000) }
        : {}),
    });
  }
}
