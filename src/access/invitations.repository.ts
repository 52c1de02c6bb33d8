import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { DataSource, EntityManager, IsNull } from 'typeorm';
import { hashToken, newToken } from '../common/crypto/tokens';
import { InvitationEntity, PasswordLinkPurpose } from './operator.entity';

/** Password links (invitations and resets), by the hash of their token. */
@Injectable()
export class InvitationsRepository {
  constructor(private readonly dataSource: DataSource) {}

  private rows(tx?: EntityManager) {
    return (tx ?? this.dataSource.manager).getRepository(InvitationEntity);
  }

  /** The link of this purpose: an invitation's token does not reset a password, nor the reverse. */
  findByTokenHash(
    tokenHash: string,
    purpose: PasswordLinkPurpose,
    tx?: EntityManager,
  ): Promise<InvitationEntity | null> {
    return this.rows(tx).findOneBy({ tokenHash, purpose });
  }

  /**
   * A new password link for the person, whose token (returned, never stored) goes into an e-mail;
   * the links sent to them before and not used yet stop working.
   */
  async issue(
    operatorId: string,
    purpose: PasswordLinkPurpose,
    createdAt: Date,
    expiresAt: Date,
    tx: EntityManager,
  ): Promise<string> {
    await this.rows(tx).delete({ operatorId, usedAt: IsNull() });
    const token = newToken();
    await this.rows(tx).insert({
      id: randomUUID(),
      purpose,
      operatorId,
      tokenHash: hashToken(token),
      createdAt,
      expiresAt,
      usedAt: null,
    });
    return token;
  }

  /** Marks the link used; false when another request used it first. */
  async markUsed(id: string, now: Date, tx?: EntityManager): Promise<boolean> {
    const used = await this.rows(tx).update({ id, usedAt: IsNull() }, { usedAt: now });
    return (used.affected ?? 0) > 0;
  }
}
