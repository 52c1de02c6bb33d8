import busboy from 'busboy';
import type { Request } from 'express';
import { Readable } from 'node:stream';
import { DomainError } from '../errors/domain-error';

/**
 * Streams the one file of a multipart upload to `consume`, a chunk at a time, never holding it
 * whole: past `maxBytes` the upload is refused with 413 naming the limit. Whatever `consume`
 * leaves unread is drained, so the request always completes.
 */
export async function withUploadedFile<T>(
  req: Request,
  options: { field: string; maxBytes: number },
  consume: (file: AsyncIterable<Buffer>) => Promise<T>,
): Promise<T> {
  if (!/^multipart\/form-data\b/i.test(req.headers['content-type'] ?? ''))
    throw new DomainError(
      'UNSUPPORTED_MEDIA_TYPE',
      `Send the file as multipart/form-data, in a field named '${options.field}'.`,
    );
  let parser: busboy.Busboy;
  try {
    parser = busboy({
      headers: req.headers,
      limits: { files: 1, fileSize: options.maxBytes, fields: 20, parts: 30 },
    });
  } catch (error) {
    throw new DomainError(
      'VALIDATION_FAILED',
      `The multipart body cannot be read: ${(error as Error).message}`,
    );
  }
  const file = new Promise<Readable>((resolve, reject) => {
    parser.on('file', (name, stream) => {
      if (name === options.field) resolve(stream);
      else stream.resume();
    });
    parser.on('error', (error: Error) =>
      reject(
        new DomainError('VALIDATION_FAILED', `The multipart body cannot be read: ${error.message}`),
      ),
    );
    parser.on('close', () =>
      reject(
        new DomainError(
          'VALIDATION_FAILED',
          `The upload holds no file in a field named '${options.field}'.`,
        ),
      ),
    );
  });
  req.pipe(parser);
  const stream = await file;
  try {
    return await consume(limited(stream, options.maxBytes));
  } finally {
    stream.resume();
  }
}

const tooLarge = (maxBytes: number) =>
  new DomainError(
    'PAYLOAD_TOO_LARGE',
    `The file is larger than ${maxBytes} bytes (${Math.round(maxBytes / 1048576)} MB), the most one upload may hold.`,
  );

/** The file's chunks; reading to its end past the limit throws (busboy drops what is over). */
async function* limited(stream: Readable, maxBytes: number): AsyncGenerator<Buffer> {
  for await (const chunk of stream) yield chunk as Buffer;
  if ((stream as Readable & { truncated?: boolean }).truncated) throw tooLarge(maxBytes);
}
