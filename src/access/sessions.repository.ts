import { Injectable } from '@nestjs/common';
import { DataSource, IsNull } from 'typeorm';
import { SessionEntity } from './session.entity';

/** Sign-in sessions, by the hash of their bearer token. */
@Injectable()
export class SessionsRepository {
  constructor(private readonly dataSource: DataSource) {}

  private get rows() {
    return this.dataSource.getRepository(SessionEntity);
  }

  async insert(session: SessionEntity): Promise<void> {
    await this.rows.insert(session);
  }

  /** The session behind a token, unless it was revoked. */
  findLive(tokenHash: string): Promise<SessionEntity | null> {
    return this.rows.findOneBy({ tokenHash, revokedAt: IsNull() });
  }

  async revoke(id: string, now: Date): Promise<void> {
    await this.rows.update({ id }, { revokedAt: now });
  }

  async revokeAllOf(operatorId: string, now: Date): Promise<void> {
    await this.rows.update({ operatorId, revokedAt: IsNull() }, { revokedAt: now });
  }
}
