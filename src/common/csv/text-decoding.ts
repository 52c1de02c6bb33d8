import { decode as decodeSingleByte } from 'iconv-lite';
import { TextDecoder } from 'node:util';
import { csvProblem, CsvUnreadable } from './csv-problem';

type Encoding = 'undecided' | 'utf-8' | 'windows-1252' | 'utf-16le' | 'utf-16be';

/** Bytes Windows-1252 leaves undefined: a file holding them is not Windows-1252. */
const UNDEFINED_IN_1252 = new Set([0x81, 0x8d, 0x8f, 0x90, 0x9d]);

/**
 * Decodes an uploaded file as it streams in, finding its encoding as spreadsheets write them:
 * UTF-16 by its byte order mark (Excel's "Unicode text"), UTF-8 with or without one, else
 * Windows-1252 (Excel's "CSV" on Windows). ASCII is both of the last two, so the choice is made
 * at the first byte above 127; anything that fits none of them ends the reading with the line.
 */
export async function* decodeText(bytes: AsyncIterable<Buffer>): AsyncGenerator<string> {
  const decoder = new SniffingDecoder();
  for await (const chunk of bytes) {
    const text = decoder.push(chunk);
    if (text) yield text;
  }
  const rest = decoder.end();
  if (rest) yield rest;
}

class SniffingDecoder {
  private encoding: Encoding = 'undecided';
  private head: Buffer | null = Buffer.alloc(0);
  private utf8: TextDecoder | null = null;
  private utf16: TextDecoder | null = null;
  private lines = 1;

  push(chunk: Buffer): string {
    if (this.head) {
      // Wait for the first bytes, to see a byte order mark.
      this.head = Buffer.concat([this.head, chunk]);
      if (this.head.length < 3) return '';
      chunk = this.takeByteOrderMark(this.head);
      this.head = null;
    }
    return this.count(this.decode(chunk, false));
  }

  end(): string {
    if (this.head) {
      const rest = this.takeByteOrderMark(this.head);
      this.head = null;
      return this.count(this.decode(rest, true));
    }
    return this.count(this.decode(Buffer.alloc(0), true));
  }

  private takeByteOrderMark(head: Buffer): Buffer {
    if (head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf) {
      this.encoding = 'utf-8';
      return head.subarray(3);
    }
    if (head[0] === 0xff && head[1] === 0xfe) {
      this.encoding = 'utf-16le';
      return head.subarray(2);
    }
    if (head[0] === 0xfe && head[1] === 0xff) {
      this.encoding = 'utf-16be';
      return head.subarray(2);
    }
    return head;
  }

  private decode(chunk: Buffer, last: boolean): string {
    if (this.encoding === 'utf-16le' || this.encoding === 'utf-16be') {
      this.utf16 ??= new TextDecoder(this.encoding);
      return this.utf16.decode(chunk, { stream: !last });
    }
    if (this.encoding === 'undecided') {
      const firstHigh = chunk.findIndex((b) => b > 0x7f);
      const nul = chunk.indexOf(0);
      if (nul >= 0)
        this.refuse(
          'it holds NUL bytes (UTF-16 without a byte order mark?)',
          chunk.subarray(0, nul),
        );
      if (firstHigh < 0) return chunk.toString('latin1');
      this.encoding = looksLikeUtf8(chunk.subarray(firstHigh)) ? 'utf-8' : 'windows-1252';
    }
    if (this.encoding === 'windows-1252') {
      const bad = chunk.findIndex((b) => UNDEFINED_IN_1252.has(b));
      if (bad >= 0)
        this.refuse(
          `byte 0x${chunk[bad].toString(16)} is neither UTF-8 nor Windows-1252`,
          chunk.subarray(0, bad),
        );
      return decodeSingleByte(chunk, 'win1252');
    }
    this.utf8 ??= new TextDecoder('utf-8', { fatal: true });
    try {
      return this.utf8.decode(chunk, { stream: !last });
    } catch {
      return this.refuse(
        'it is not valid UTF-8 here, though it was UTF-8 before',
        chunk.subarray(0, validUtf8Prefix(chunk)),
      );
    }
  }

  private count(text: string): string {
    for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) this.lines++;
    return text;
  }

  /** Ends the reading, on the line of the byte that is wrong (`before`: the bytes before it). */
  private refuse(why: string, before: Buffer = Buffer.alloc(0)): never {
    const line = this.lines + before.filter((b) => b === 0x0a).length;
    throw new CsvUnreadable(
      csvProblem(line, null, 'CSV_ENCODING_UNSUPPORTED', `At this line ${why}.`),
    );
  }
}

/** How many leading bytes of `bytes` are valid UTF-8 (a binary search over prefixes). */
function validUtf8Prefix(bytes: Buffer): number {
  let good = 0;
  let bad = bytes.length;
  while (bad - good > 1) {
    const mid = (good + bad) >> 1;
    try {
      new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(0, mid), { stream: true });
      good = mid;
    } catch {
      bad = mid;
    }
  }
  return good;
}

/**
 * Whether the first non-ASCII character is UTF-8: the encoding is chosen there, the same way
 * however the file arrives in pieces, and a later byte that breaks it is reported, not guessed.
 */
function looksLikeUtf8(bytes: Buffer): boolean {
  const lead = bytes[0];
  const length = lead >= 0xf0 && lead <= 0xf4 ? 4 : lead >= 0xe0 ? 3 : lead >= 0xc2 ? 2 : 0;
  if (length === 0 || lead > 0xf4) return false;
  const sequence = bytes.subarray(0, length);
  // A sequence cut at the end of the first piece: its bytes so far decide.
  if (sequence.length < length) return sequence.subarray(1).every((b) => (b & 0xc0) === 0x80);
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(sequence);
    return true;
  } catch {
    return false;
  }
}
