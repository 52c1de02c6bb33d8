import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Delivered e-mail keeps no body: bodies are now encrypted until delivery and emptied after, and
 * messages delivered before that (invitation links among them) are emptied here.
 */
export class DeliveredMailBodies1764700000000 implements MigrationInterface {
  name = 'DeliveredMailBodies1764700000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      "UPDATE outbox_emails SET text_body = '', html_body = '' WHERE status = 'sent'",
    );
  }

  async down(): Promise<void> {
    // What was emptied is gone; nothing to restore.
  }
}
