import {
  CountsField,
  EnumField,
  Field,
  ListField,
  NullableField,
  ObjectField,
  PageOf,
} from '../common/http/api-fields';
import { RUN_STATES, RunState } from '../sync/run-state';
import { RUN_KINDS, RunKind } from '../sync/sync.entities';
import { ConsentView } from '../tenants/tenant.view';
import {
  INDICATOR_COLOURS,
  INDICATOR_REASONS,
  IndicatorColour,
  IndicatorReason,
} from './registration-indicator';

export class IndicatorView {
  @EnumField(INDICATOR_COLOURS) colour!: IndicatorColour;
  @EnumField(Object.keys(INDICATOR_REASONS)) reason!: IndicatorReason;
  @Field('The reason as a sentence an admin can act on.') message!: string;
}

export class RunSummaryView {
  @Field() id!: string;
  @EnumField(RUN_KINDS) kind!: RunKind;
  @Field() trigger!: string;
  @EnumField(RUN_STATES) state!: RunState;
  @NullableField(String) errorCode!: string | null;
  @Field() createdAt!: Date;
  @NullableField(Date) finishedAt!: Date | null;
}

class SyncStatusView {
  @Field() enabled!: boolean;
  @Field() scheduleMinutes!: number;
  @ObjectField(() => RunSummaryView, { nullable: true }) running!: RunSummaryView | null;
  @ObjectField(() => RunSummaryView, { nullable: true }) lastRun!: RunSummaryView | null;
  @NullableField(Date) lastSuccessfulSync!: Date | null;
  @NullableField(Date) nextSync!: Date | null;
}

class SeatsView {
  @Field() total!: number;
  @Field() used!: number;
  @Field() available!: number;
}

export class MicrosoftLicenceView {
  @Field() skuId!: string;
  @Field() skuPartNumber!: string;
  @Field() enabled!: number;
  @Field() consumed!: number;
}

class TeamsPhoneLicencesView {
  @ListField(() => MicrosoftLicenceView) skus!: MicrosoftLicenceView[];
  @Field() readAt!: Date;
}

class LicencesView {
  @ObjectField(() => SeatsView) connectorSeats!: SeatsView;
  @ObjectField(() => TeamsPhoneLicencesView, { nullable: true })
  teamsPhone!: TeamsPhoneLicencesView | null;
}

class CodeCountView {
  @Field() code!: string;
  @Field() count!: number;
}

class FailuresSummaryView {
  @Field() open!: number;
  @ListField(() => CodeCountView) byCode!: CodeCountView[];
}

class DirectoriesView {
  @NullableField(Date) pbxReadAt!: Date | null;
  @NullableField(Date) microsoftReadAt!: Date | null;
}

class ErrorView {
  @Field() code!: string;
  @NullableField(String) message!: string | null;
}

class PbxReachabilityView {
  @NullableField(Boolean, 'null until the PBX has been read once.') reachable!: boolean | null;
  @NullableField(Date) lastReadAt!: Date | null;
  @ObjectField(() => ErrorView, { nullable: true }) error!: ErrorView | null;
}

export class TenantStatusView {
  @Field() tenantId!: string;
  @ObjectField(() => IndicatorView) indicator!: IndicatorView;
  @ObjectField(() => ConsentView) consent!: ConsentView;
  @ObjectField(() => SyncStatusView) sync!: SyncStatusView;
  @ObjectField(() => LicencesView) licences!: LicencesView;
  @CountsField('Users by state.') users!: Record<string, number>;
  @ObjectField(() => FailuresSummaryView) failures!: FailuresSummaryView;
  @ObjectField(() => DirectoriesView) directories!: DirectoriesView;
  @ObjectField(() => PbxReachabilityView) pbx!: PbxReachabilityView;
}

class SeatsUsedView {
  @Field() total!: number;
  @Field() used!: number;
}

export class FleetRowView {
  @Field() tenantId!: string;
  @Field() name!: string;
  @ObjectField(() => IndicatorView) indicator!: IndicatorView;
  @Field() consentState!: string;
  @Field() syncEnabled!: boolean;
  @Field() openFailures!: number;
  @ObjectField(() => SeatsUsedView) seats!: SeatsUsedView;
  @NullableField(Date) lastSuccessfulSync!: Date | null;
  @NullableField(Date) directoriesReadAt!: Date | null;
}

class HealthCountsView {
  @Field() green!: number;
  @Field() amber!: number;
  @Field() red!: number;
}

export class FleetPageView extends PageOf(() => FleetRowView) {
  @ObjectField(() => HealthCountsView) counts!: HealthCountsView;
}
