import { EnvReader } from './env-reader';

export function readMailConfig(env: EnvReader) {
  return {
    /** smtp://user:pass@host:587 or smtps://…; unset writes each message as an .eml file. */
    smtpUrl: env.optionalUrl('SMTP_URL', ['smtp:', 'smtps:'], true),
    from: env.string('MAIL_FROM', 'Teams Connector <no-reply@teams-connector.local>'),
    outboxDir: env.string('MAIL_OUTBOX_DIR', 'data/outbox'),
  };
}

export type MailSettings = ReturnType<typeof readMailConfig>;
