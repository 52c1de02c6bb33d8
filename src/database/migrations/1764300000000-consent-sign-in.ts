import { MigrationInterface, QueryRunner, TableColumn } from 'typeorm';
import { instant, text } from '../schema-builders';

/**
 * Consent proves who consented: a consent request remembers the administrator Microsoft signed in
 * (tenant, object id, name, roles) between the sign-in and the consent, and a tenant keeps who
 * granted its connection and when.
 */
export class ConsentSignIn1764300000000 implements MigrationInterface {
  name = 'ConsentSignIn1764300000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.addColumns(
      'consent_requests',
      [
        instant('signed_in_at', true),
        text('microsoft_tenant_id', 36, true),
        text('signer_object_id', 36, true),
        text('signer_username', 320, true),
        { name: 'signer_roles', type: 'text', isNullable: true },
      ].map((c) => new TableColumn(c)),
    );
    await queryRunner.addColumns(
      'tenants',
      [
        text('consented_by_object_id', 36, true),
        text('consented_by_username', 320, true),
        instant('consented_at', true),
      ].map((c) => new TableColumn(c)),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    for (const column of ['consented_at', 'consented_by_username', 'consented_by_object_id'])
      await queryRunner.dropColumn('tenants', column);
    for (const column of [
      'signer_roles',
      'signer_username',
      'signer_object_id',
      'microsoft_tenant_id',
      'signed_in_at',
    ])
      await queryRunner.dropColumn('consent_requests', column);
  }
}
