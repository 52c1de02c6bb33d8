import { EnumField, Field, ListField, NullableField, ObjectField } from '../common/http/api-fields';

class TeamsPhoneSkuView {
  @Field() skuId!: string;
  @Field() skuPartNumber!: string;
  @Field() enabled!: number;
  @Field() consumed!: number;
}

class PolicyCheckView {
  @Field() name!: string;
  @Field('Whether Teams has a voice routing policy of that name.') found!: boolean;
}

class BlockerView {
  @Field() code!: string;
  @Field() message!: string;
  @Field() action!: string;
}

class DirectoryReadTimesView {
  @NullableField(Date) pbx!: Date | null;
  @NullableField(Date) microsoft!: Date | null;
}

/** "What would a sync do?": the five figures, the other counts, licences and blockers. */
export class PreviewView {
  @Field() previewId!: string;
  @Field() generatedAt!: Date;
  @Field('Connector seats purchased.') totalLicenses!: number;
  @Field('Seats not used by synced users.') availableLicenses!: number;
  @Field('Matched users a sync would assign.') newMatchesToSync!: number;
  @Field('Users without matching addresses, and synced users who no longer match.')
  missingToRemove!: number;
  @Field('Synced users after the sync.') totalUsersAfterSync!: number;
  @Field() blocked!: number;
  @Field() conflicts!: number;
  @Field() unmatched!: number;
  @Field() unchanged!: number;
  @Field() updates!: number;
  @ListField(() => TeamsPhoneSkuView) microsoftLicenses!: TeamsPhoneSkuView[];
  @ObjectField(() => PolicyCheckView, { nullable: true })
  voiceRoutingPolicy!: PolicyCheckView | null;
  @ListField(() => BlockerView) blockers!: BlockerView[];
  @EnumField(['fresh', 'snapshot'], 'fresh: both directories were read for this preview.')
  source!: 'fresh' | 'snapshot';
  @ObjectField(() => DirectoryReadTimesView) directoriesReadAt!: DirectoryReadTimesView;
}
