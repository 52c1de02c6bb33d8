import { simpleParser, ParsedMail } from 'mailparser';
import { SMTPServer } from 'smtp-server';

export interface SmtpSink {
  url: string;
  messages: ParsedMail[];
  /** Takes the oldest message to `to` not taken yet, waiting for one if need be. */
  next(to: string, timeoutMs?: number): Promise<ParsedMail>;
  close(): Promise<void>;
}

/** A real SMTP server on localhost that keeps what it receives. */
export async function startSmtpSink(): Promise<SmtpSink> {
  const messages: ParsedMail[] = [];
  const listeners: (() => void)[] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    onData(stream, _session, callback) {
      simpleParser(stream).then((mail) => {
        messages.push(mail);
        listeners.splice(0).forEach((l) => l());
        callback();
      }, callback);
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.server.address() as { port: number };
  const recipient = (mail: ParsedMail) =>
    [mail.to]
      .flat()
      .flatMap((a) => a?.value ?? [])
      .map((v) => v.address?.toLowerCase());
  return {
    url: `smtp://127.0.0.1:${port}`,
    messages,
    next: (to, timeoutMs = 15_000) =>
      new Promise((resolve, reject) => {
        const deadline = setTimeout(
          () => reject(new Error(`no e-mail to ${to} within ${timeoutMs} ms`)),
          timeoutMs,
        );
        const look = () => {
          const index = messages.findIndex((m) => recipient(m).includes(to.toLowerCase()));
          if (index < 0) return void listeners.push(look);
          clearTimeout(deadline);
          // Taken: the next call waits for the next message to this address.
          resolve(messages.splice(index, 1)[0]);
        };
        look();
      }),
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
