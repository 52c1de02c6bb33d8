import { Field, ListField, NullableField, ObjectField, PageOf } from '../common/http/api-fields';
import { PbxPerson, TeamsPerson, type PeopleOnPage } from '../snapshots/people';
import { ManualMappingEntity } from './manual-mapping.entity';

/** A manual mapping as the API shows it: both users by name and address, not only by id. */
export function mappingView(m: ManualMappingEntity, people: PeopleOnPage) {
  return {
    id: m.id,
    pbxUser: people.pbx(m.pbxUserId),
    teamsUser: people.teams(m.teamsUserId)!,
    createdBy: m.createdBy,
    createdAt: m.createdAt,
  };
}

export type MappingView = ReturnType<typeof mappingView>;

export class ManualMappingView {
  @Field() id!: string;
  @ObjectField(() => PbxPerson) pbxUser!: PbxPerson;
  @ObjectField(() => TeamsPerson) teamsUser!: TeamsPerson;
  @NullableField(String, 'The operator who made it.') createdBy!: string | null;
  @Field() createdAt!: Date;
}

export class MappingPageView extends PageOf(() => ManualMappingView) {}

export class CreatedMappingView {
  @ObjectField(() => ManualMappingView) mapping!: ManualMappingView;
  @NullableField(String, 'The Teams user the PBX user was mapped to before, when it was replaced.')
  replaced!: string | null;
}

class RowProblemView {
  @Field('1 is the first line of the file.') line!: number;
  @NullableField(String, 'The header of the column, when the problem is in one.') column!:
    string | null;
  @Field() code!: string;
  @Field() message!: string;
}

class ImportSummaryView {
  @Field() rows!: number;
  @Field() blank!: number;
  @Field() rejected!: number;
  @Field() create!: number;
  @Field() replace!: number;
  @Field() remove!: number;
  @Field() unchanged!: number;
}

class ReplacedMappingView {
  @Field() line!: number;
  @Field() pbxUserId!: string;
  @Field('The Teams user it had.') previous!: string;
  @Field('The Teams user it gets.') next!: string;
}

/** What an import did, or a dry run would do, row by row. */
export class ImportAnswer {
  @Field() dryRun!: boolean;
  @Field('Never for a dry run or a file with a rejected row.') applied!: boolean;
  @Field() accepted!: number;
  @ListField(() => RowProblemView) rejected!: RowProblemView[];
  @ObjectField(() => ImportSummaryView) summary!: ImportSummaryView;
  @ListField(() => ReplacedMappingView) replaced!: ReplacedMappingView[];
}
