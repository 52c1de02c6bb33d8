import { Injectable } from '@nestjs/common';
import { Client } from '@microsoft/microsoft-graph-client';
import { classifyGraphError, MicrosoftError } from './microsoft-error';
import { sendBatch } from './graph-batch';
import { MicrosoftDirectory, Organization, SubscribedSku } from './microsoft-directory';
import { GraphClients } from './graph-clients';
import { unwrapEntity } from './graph-entities';
import {
  DeltaPage,
  DirectoryUser,
  TeamsUserSettings,
  toDirectoryUser,
  TEAMS_USER_SELECT,
  toTeamsUserSettings,
  USER_SELECT,
} from './directory-records';

type GraphUserItem = Parameters<typeof toDirectoryUser>[0];
type GraphTeamsUserItem = Parameters<typeof toTeamsUserSettings>[0];

interface GraphPage<T> {
  value: T[];
  '@odata.nextLink'?: string;
  '@odata.deltaLink'?: string;
}

/** Microsoft Graph through the real graph-client, one client per customer tenant. */
@Injectable()
export class GraphClientDirectory extends MicrosoftDirectory {
  constructor(private readonly graph: GraphClients) {
    super();
  }

  private call<T>(tid: string, request: (client: Client) => Promise<T>): Promise<T> {
    return this.graph.call(tid, request);
  }

  organization(tid: string): Promise<Organization> {
    return this.call(tid, async (c) => {
      const page = (await c.api('/organization').select(['id', 'displayName']).get()) as {
        value: Organization[];
      };
      return page.value[0];
    });
  }

  directoryRoles(tid: string, objectId: string): Promise<string[]> {
    return this.call(tid, async (c) => {
      const page = (await c
        .api('/roleManagement/directory/roleAssignments')
        .filter(`principalId eq '${objectId.replace(/'/g, "''")}'`)
        .select(['roleDefinitionId', 'directoryScopeId'])
        .get()) as { value: { roleDefinitionId: string; directoryScopeId?: string }[] };
      // Only a tenant-wide assignment lets a person grant consent for the whole tenant.
      return page.value
        .filter((a) => (a.directoryScopeId ?? '/') === '/')
        .map((a) => a.roleDefinitionId.toLowerCase());
    });
  }

  sampleUser(tid: string): Promise<{ id: string } | null> {
    return this.call(
      tid,
      async (c) =>
        ((await c.api('/users').select(['id']).top(1).get()) as { value: { id: string }[] })
          .value[0] ?? null,
    );
  }

  async *users(tid: string): AsyncIterable<DirectoryUser[]> {
    for await (const page of this.pages<GraphUserItem>(
      tid,
      `/users?$select=${USER_SELECT.join(',')}&$top=999`,
    )) {
      yield page.value.map(toDirectoryUser);
    }
  }

  async *usersDelta(tid: string, deltaLink: string | null): AsyncIterable<DeltaPage> {
    const start = deltaLink ?? `/users/delta?$select=${USER_SELECT.join(',')}`;
    for await (const page of this.pages<GraphUserItem & { '@removed'?: { reason: string } }>(
      tid,
      start,
    )) {
      // A user may come twice in a page (Microsoft allows it): the last entry is the latest state.
      const latest = [...new Map(page.value.map((u) => [u.id, u])).values()];
      yield {
        users: latest.filter((u) => !u['@removed']).map(toDirectoryUser),
        removed: latest
          .filter((u) => u['@removed'])
          .map((u) => ({ id: u.id, permanently: u['@removed']!.reason === 'deleted' })),
        deltaLink: page['@odata.deltaLink'],
      };
    }
  }

  latestUsersDeltaLink(tid: string): Promise<string> {
    return this.call(tid, async (c) => {
      const page = (await c
        .api(`/users/delta?$select=${USER_SELECT.join(',')}&$deltatoken=latest`)
        .get()) as GraphPage<unknown>;
      return page['@odata.deltaLink']!;
    });
  }

  async voiceRoutingPolicyId(tid: string, name: string): Promise<string | null> {
    const call = `/admin/teams/policy/getPolicyId(type='OnlineVoiceRoutingPolicy',name='${encodeURIComponent(name.replace(/'/g, "''"))}')`;
    try {
      return await this.call(
        tid,
        async (c) =>
          ((await c.api(call).get()) as { value: { policyId: string }[] }).value[0]?.policyId ??
          null,
      );
    } catch (error) {
      if ((error as MicrosoftError).kind === 'not_found') return null;
      throw error;
    }
  }

  async *teamsUsers(tid: string): AsyncIterable<TeamsUserSettings[]> {
    for await (const page of this.pages<GraphTeamsUserItem>(
      tid,
      `/admin/teams/userConfigurations?$top=999&$select=${TEAMS_USER_SELECT.join(',')}`,
    )) {
      yield page.value.map(toTeamsUserSettings);
    }
  }

  async teamsUsersByIds(
    tid: string,
    ids: string[],
  ): Promise<Map<string, TeamsUserSettings | null>> {
    const answers = await sendBatch(
      this.graph,
      tid,
      ids.map((id, i) => ({
        id: String(i),
        method: 'GET',
        url: `/admin/teams/userConfigurations/${encodeURIComponent(id)}?$select=${TEAMS_USER_SELECT.join(',')}`,
      })),
    );
    const settings = new Map<string, TeamsUserSettings | null>();
    ids.forEach((id, i) => {
      const answer = answers.get(String(i))!;
      if (answer.status === 200)
        settings.set(id, toTeamsUserSettings(unwrapEntity<GraphTeamsUserItem>(answer.body)));
      else if (answer.status === 404) settings.set(id, null);
      else
        throw classifyGraphError({
          statusCode: answer.status,
          code: (answer.body as { error?: { code?: string } } | null)?.error?.code,
          headers: new Headers(answer.headers),
        });
    });
    return settings;
  }

  /** Follows @odata.nextLink to the end, using each link as Graph gives it. */
  private async *pages<T>(tid: string, first: string): AsyncIterable<GraphPage<T>> {
    let link: string | undefined = first;
    while (link) {
      const current: string = link;
      const page: GraphPage<T> = await this.call(tid, (c) => c.api(current).get());
      yield page;
      link = page['@odata.nextLink'];
    }
  }

  subscribedSkus(tid: string): Promise<SubscribedSku[]> {
    return this.call(
      tid,
      async (c) => ((await c.api('/subscribedSkus').get()) as { value: SubscribedSku[] }).value,
    );
  }
}
