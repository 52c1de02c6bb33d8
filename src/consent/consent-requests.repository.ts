import { Injectable } from '@nestjs/common';
import { DataSource, IsNull, Not } from 'typeorm';
import { SignedInAdmin } from '../microsoft/admin-sign-in';
import { ConsentRequestEntity } from './consent-request.entity';
import { ConsentStep } from './consent-state';

/** Consent requests: one per consent link; its sign-in and its consent each used at most once. */
@Injectable()
export class ConsentRequestsRepository {
  constructor(private readonly dataSource: DataSource) {}

  private get rows() {
    return this.dataSource.getRepository(ConsentRequestEntity);
  }

  async insert(request: ConsentRequestEntity): Promise<void> {
    await this.rows.insert(request);
  }

  find(id: string): Promise<ConsentRequestEntity | null> {
    return this.rows.findOneBy({ id });
  }

  /**
   * Spends one step of the request; false when a response used it first. The consent step is
   * only open once the sign-in step was spent.
   */
  async spend(id: string, step: ConsentStep, now: Date): Promise<boolean> {
    const spent =
      step === 'sign-in'
        ? await this.rows.update({ id, signedInAt: IsNull() }, { signedInAt: now })
        : await this.rows.update(
            { id, signedInAt: Not(IsNull()), signerObjectId: Not(IsNull()), usedAt: IsNull() },
            { usedAt: now },
          );
    return (spent.affected ?? 0) > 0;
  }

  /** Keeps who Microsoft signed in until their consent comes back. */
  async recordSigner(id: string, admin: SignedInAdmin): Promise<void> {
    await this.rows.update(
      { id },
      {
        microsoftTenantId: admin.microsoftTenantId,
        signerObjectId: admin.objectId,
        signerUsername: admin.username.slice(0, 320),
        signerRoles: admin.directoryRoles === null ? null : JSON.stringify(admin.directoryRoles),
      },
    );
  }
}
