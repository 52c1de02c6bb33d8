import { Injectable } from '@nestjs/common';
import { Field, ListField, NullableField } from '../common/http/api-fields';
import { SnapshotsRepository } from '../snapshots/snapshots.repository';

class PolicyInUseView {
  @Field('The policy as named in Teams.') name!: string;
  @Field('Microsoft 365 users who hold it.') users!: number;
}

export class VoiceRoutingPoliciesView {
  @ListField(() => PolicyInUseView) policies!: PolicyInUseView[];
  @NullableField(Date, 'When the Microsoft 365 directory was read; null before the first read.')
  readAt!: Date | null;
}

/**
 * The voice routing policies Teams has, as far as Microsoft Graph shows them: Graph cannot list
 * policies, so these are the ones users held when the directory was last read.
 */
@Injectable()
export class VoiceRoutingPolicies {
  constructor(private readonly snapshots: SnapshotsRepository) {}

  /** For a tenant the access guard has already found. */
  async inUse(tenantId: string): Promise<VoiceRoutingPoliciesView> {
    const [policies, state] = await Promise.all([
      this.snapshots.voiceRoutingPoliciesInUse(tenantId),
      this.snapshots.state(tenantId),
    ]);
    return { policies, readAt: state?.microsoftReadAt ?? null };
  }
}
