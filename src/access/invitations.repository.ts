import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager, IsNull } from 'typeorm';
import { InvitationEntity, PasswordLinkPurpose } from './operator.entity';

/** Invitation links, by the hash of their token. */
@Injectable()
export class InvitationsRepository {
  constructor(private readonly dataSource: DataSource) {}

  private rows(tx?: EntityManager) {
    return (tx ?? this.dataSource.manager).getRepository(InvitationEntity);
  }

  async insert(invitation: InvitationEntity, tx: EntityManager): Promise<void> {
    await this.rows(tx).insert(invitation);
  }

  /** The link of this purpose: an invitation's token does not reset a password, nor the reverse. */
  findByTokenHash(
    tokenHash: string,
    purpose: PasswordLinkPurpose,
    tx?: EntityManager,
  ): Promise<InvitationEntity | null> {
    return this.rows(tx).findOneBy({ tokenHash, purpose });
  }

  /** Voids the person's links not used yet: only the newest one works. */
  async voidUnused(operatorId: string, tx: EntityManager): Promise<void> {
    await this.rows(tx).delete({ operatorId, usedAt: IsNull() });
  }

  /** Marks the link used; false when another request used it first. */
  async markUsed(id: string, now: Date, tx?: EntityManager): Promise<boolean> {
    const used = await this.rows(tx).update({ id, usedAt: IsNull() }, { usedAt: now });
    return (used.affected ?? 0) > 0;
  }
}
