import type { NestExpressApplication } from '@nestjs/platform-express';
import { json, type NextFunction, type Request, type Response } from 'express';
import { DomainError } from '../errors/domain-error';
import { ErrorCode } from '../errors/error-codes';

/** No request of this API nests deeper; validation recurses per level, so depth is capped first. */
export const MAX_JSON_DEPTH = 32;
const MAX_JSON_BYTES = '100kb';

/**
 * JSON is the only body parsed here (CSV files arrive as multipart, read by their routes). Bodies
 * nested deeper than any request of this API are refused before anything walks them.
 */
export function parseJsonBodies(app: NestExpressApplication): void {
  const parse = json({ limit: MAX_JSON_BYTES });
  // The parser's errors are told here, before Nest turns a parse error into a bare 400.
  app.use((req: Request, res: Response, next: NextFunction) =>
    parse(req, res, (error?: unknown) =>
      next(error ? (bodyParserError(error) ?? error) : undefined),
    ),
  );
  app.use((req: Request, _res: Response, next: NextFunction) => {
    next(
      depthAtMost(req.body, MAX_JSON_DEPTH)
        ? undefined
        : new DomainError(
            'BODY_TOO_DEEP',
            `The JSON body nests deeper than ${MAX_JSON_DEPTH} levels.`,
          ),
    );
  });
}

/** Whether `value` nests at most `limit` levels, walked without recursion. */
export function depthAtMost(value: unknown, limit: number): boolean {
  const stack: [unknown, number][] = [[value, 0]];
  while (stack.length > 0) {
    const [item, depth] = stack.pop()!;
    if (item === null || typeof item !== 'object') continue;
    if (depth >= limit) return false;
    for (const child of Object.values(item)) stack.push([child, depth + 1]);
  }
  return true;
}

/** The body parser's errors (http-errors with a `type`), as the API's codes and sentences. */
const PARSER_ERRORS: Record<string, { code: ErrorCode; message: string }> = {
  'entity.parse.failed': { code: 'BODY_NOT_JSON', message: 'The body is not valid JSON.' },
  'entity.too.large': {
    code: 'PAYLOAD_TOO_LARGE',
    message: `The body is larger than the ${MAX_JSON_BYTES} a request may carry.`,
  },
  'charset.unsupported': {
    code: 'UNSUPPORTED_MEDIA_TYPE',
    message: 'Send JSON encoded as UTF-8.',
  },
  'encoding.unsupported': {
    code: 'UNSUPPORTED_MEDIA_TYPE',
    message: 'Send the body unencoded or gzip-, deflate- or br-encoded.',
  },
  'request.size.invalid': {
    code: 'VALIDATION_FAILED',
    message: 'The body is shorter or longer than its Content-Length says.',
  },
};

export function bodyParserError(error: unknown): DomainError | null {
  const type = (error as { type?: unknown } | null)?.type;
  const known = typeof type === 'string' ? PARSER_ERRORS[type] : undefined;
  return known ? new DomainError(known.code, known.message) : null;
}
