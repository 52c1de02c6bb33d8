import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { OutboxEmailEntity } from '../../src/mail/outbox-email.entity';
import {
  invitationToken,
  newTenantBody,
  PROVIDER_ADMIN,
  startHttpApp,
  TestHttpApp,
} from '../support/http-app';
import { startSmtpSink } from '../support/smtp-sink';
import { isolatedDatabase } from '../support/test-database';

/** A provider admin creates a tenant, which queues its admin's invitation. */
async function inviteAdmin(t: TestHttpApp, email: string): Promise<void> {
  const token = await t.login(PROVIDER_ADMIN.email, PROVIDER_ADMIN.password);
  await t
    .http()
    .post('/api/v1/tenants')
    .set({ authorization: `Bearer ${token}` })
    .send(newTenantBody(email))
    .expect(201);
}

describe('the e-mail outbox', () => {
  it('delivers, when a worker starts, a message whose delivery job was never queued', async () => {
    const [smtp, db] = await Promise.all([startSmtpSink(), isolatedDatabase()]);
    const env = {
      ...db.env,
      SMTP_URL: smtp.url,
      MAIL_OUTBOX_DIR: mkdtempSync(join(tmpdir(), 'outbox-')),
    };
    try {
      // As if Redis was down when the row was written: the row exists, no job does.
      const first = await startHttpApp({ ...env, ROLE: 'api' });
      await first.app.get(DataSource).getRepository(OutboxEmailEntity).insert({
        id: '5f1c0b4e-2f0e-4a7b-9d61-0c3e8a1b2c3d',
        recipient: 'late@contoso.example',
        subject: 'Written while Redis was down',
        textBody: 'Hello',
        htmlBody: '<p>Hello</p>',
        status: 'pending',
        attempts: 0,
        lastError: null,
        createdAt: new Date(),
        sentAt: null,
      });
      await first.close();
      expect(smtp.messages).toHaveLength(0);

      const worker = await startHttpApp({ ...env, ROLE: 'all' });
      try {
        expect((await smtp.next('late@contoso.example')).subject).toBe(
          'Written while Redis was down',
        );
        const repo = worker.app.get(DataSource).getRepository(OutboxEmailEntity);
        const status = async () =>
          (await repo.findOneByOrFail({ id: '5f1c0b4e-2f0e-4a7b-9d61-0c3e8a1b2c3d' })).status;
        // The row is marked sent just after the mail server accepts the message.
        for (let i = 0; i < 50 && (await status()) !== 'sent'; i++)
          await new Promise((resolve) => setTimeout(resolve, 100));
        expect(await status()).toBe('sent');
      } finally {
        await worker.close();
      }
    } finally {
      await smtp.close();
      await db.drop();
    }
  });

  it('keeps no usable invitation link at rest: encrypted until delivered, dropped after', async () => {
    const [smtp, db] = await Promise.all([startSmtpSink(), isolatedDatabase()]);
    const t = await startHttpApp({ ...db.env, SMTP_URL: smtp.url });
    try {
      await inviteAdmin(t, 'rest@contoso.example');
      const token = invitationToken((await smtp.next('rest@contoso.example')).text ?? '');
      const repo = t.app.get(DataSource).getRepository(OutboxEmailEntity);
      const row = async () => repo.findOneByOrFail({ recipient: 'rest@contoso.example' });
      for (let i = 0; i < 50 && (await row()).status !== 'sent'; i++)
        await new Promise((resolve) => setTimeout(resolve, 100));
      expect(await row()).toMatchObject({ status: 'sent', textBody: '', htmlBody: '' });
      // Checkpointed or not, the files (or every table) hold the link nowhere, not even in old pages.
      expect((await db.dump()).includes(token)).toBe(false);
    } finally {
      await t.close();
      await smtp.close();
      await db.drop();
    }
  });

  it('encrypts a body waiting for delivery', async () => {
    const db = await isolatedDatabase();
    // No SMTP server answers: the message waits in the outbox.
    const t = await startHttpApp({ ...db.env, SMTP_URL: 'smtp://127.0.0.1:9', ROLE: 'api' });
    try {
      await inviteAdmin(t, 'wait@contoso.example');
      const row = await t.app
        .get(DataSource)
        .getRepository(OutboxEmailEntity)
        .findOneByOrFail({ recipient: 'wait@contoso.example' });
      expect(row.status).toBe('pending');
      expect(row.textBody).toMatch(/^enc:k1:/);
      expect(row.htmlBody).toMatch(/^enc:k1:/);
      expect(await db.dump()).not.toMatch(/invitations\/accept#token=/);
    } finally {
      await t.close();
      await db.drop();
    }
  });
});
