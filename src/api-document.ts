import { INestApplication } from '@nestjs/common';
import { DocumentBuilder, OpenAPIObject, SwaggerModule } from '@nestjs/swagger';
import type {
  OperationObject,
  ResponseObject,
} from '@nestjs/swagger/dist/interfaces/open-api-spec.interface';
import { SESSION_COOKIE } from './access/browser-session';
import type { AccessPolicy } from './access/access.decorator';
import { ERROR_STATUS, ErrorCode } from './common/errors/error-codes';
import { AppConfig } from './config/config';
import { exampleOf } from './api-examples';

/** Every tag an operation may carry, described; an undescribed tag fails the document's build. */
const TAGS: Record<string, string> = {
  health: 'Liveness and readiness, for load balancers and orchestrators.',
  auth: 'Signing in (bearer tokens for API clients, a session cookie for the dashboard), signing out, password resets.',
  operators:
    "The provider's operators: invite, change, deactivate, delete and restore the people who sign in.",
  tenants:
    'Customer tenants: their PBX connection, settings, admins and members, deletion and restore.',
  consent: 'The Microsoft 365 admin consent flow and the check of a connection.',
  'direct-routing':
    "Direct Routing onboarding in the carrier model: the tenant's subdomain of the provider's SBC domain and what Teams needs to route calls to it.",
  mappings: 'Which PBX user is which Teams user: automatic by e-mail, or from an uploaded CSV.',
  sync: 'Previews of what a sync would do, sync runs, their approval, and the failures they leave.',
  status: "The fleet at a glance and each tenant's health.",
  audit: 'Who changed what in a tenant, when and from where.',
};

const ERROR_SCHEMA = 'ErrorResponse';

/** What a path parameter that names nothing answers with. */
const NOT_FOUND_BY_PARAMETER: Record<string, ErrorCode[]> = {
  id: ['TENANT_NOT_FOUND'],
  operatorId: ['OPERATOR_NOT_FOUND'],
  mappingId: ['MAPPING_NOT_FOUND'],
  runId: ['RUN_NOT_FOUND'],
  failureId: ['FAILURE_NOT_FOUND'],
  token: ['INVITATION_NOT_FOUND', 'RESET_LINK_INVALID'],
};

/** The OpenAPI document of every route, as served at /api/docs and as the dashboard's types are made from. */
export function describeApi(app: INestApplication): OpenAPIObject {
  const builder = new DocumentBuilder()
    .setTitle('Teams Connector API')
    .setDescription(
      'Keeps Microsoft Teams Direct Routing numbers and voice routing policies in step with the PBX. ' +
        'Every error answers `{ "error": { "code", "message", "details"?, "correlationId" } }` with a stable code.',
    )
    .setVersion('v1')
    .setLicense('Proprietary', `${app.get(AppConfig).app.publicUrl}/`)
    .addServer(app.get(AppConfig).app.publicUrl)
    .addBearerAuth()
    .addCookieAuth(SESSION_COOKIE);
  for (const [name, description] of Object.entries(TAGS)) builder.addTag(name, description);
  const document = SwaggerModule.createDocument(app, builder.build(), {
    operationIdFactory: (controller, method) =>
      `${controller.replace(/Controller$/, '').replace(/^./, (c) => c.toLowerCase())}_${method}`,
  });
  document.components!.schemas![ERROR_SCHEMA] = errorSchema();
  for (const [path, item] of Object.entries(document.paths))
    for (const [method, operation] of Object.entries(item) as [string, OperationObject][])
      completeOperation(`${method.toUpperCase()} ${path}`, method, operation);
  addExamples(document);
  return document;
}

function errorSchema() {
  return {
    type: 'object' as const,
    required: ['error'],
    properties: {
      error: {
        type: 'object' as const,
        required: ['code', 'message'],
        properties: {
          code: { type: 'string' as const, enum: Object.keys(ERROR_STATUS) },
          message: {
            type: 'string' as const,
            description: 'A sentence for people: what went wrong and what to do.',
          },
          details: {
            description:
              'Validation errors: each field once, as `{ field, code, message }`; otherwise facts that go with the code.',
          },
          correlationId: {
            type: 'string' as const,
            description: "The request's correlation id, as in the logs.",
          },
        },
      },
    },
  };
}

/**
 * What each operation's access policy and shape imply: its security requirement, and the error
 * answers it can give, each with the codes of that status. Answers a route describes itself stay.
 */
function completeOperation(name: string, method: string, operation: OperationObject): void {
  const access = (operation as unknown as Record<string, unknown>)['x-access'] as
    AccessPolicy | undefined;
  if (!access) throw new Error(`${name} declares no access policy`);
  for (const tag of operation.tags ?? [])
    if (!TAGS[tag]) throw new Error(`${name}: tag "${tag}" has no description in TAGS`);
  if (!operation.summary) throw new Error(`${name} has no summary`);
  for (const [status, response] of Object.entries(operation.responses))
    if (/^2/.test(status) && status !== '204' && !(response as ResponseObject).content)
      throw new Error(`${name} does not describe its ${status} answer's body`);
  const signedIn = access !== 'public';
  operation.security = signedIn ? [{ bearer: [] }, { cookie: [] }] : [];
  const parameters = (operation.parameters ?? []) as { in?: string; name?: string }[];
  const statuses = new Set<number>([503]);
  if (parameters.length > 0 || operation.requestBody) statuses.add(400);
  if (signedIn) [401, 403].forEach((s) => statuses.add(s));
  if (parameters.some((p) => p.in === 'path')) statuses.add(404);
  if (method !== 'get' && signedIn) statuses.add(409);
  if (operation.requestBody) [413, 415].forEach((s) => statuses.add(s));
  const notFound = parameters
    .filter((p) => p.in === 'path')
    .flatMap((p) => NOT_FOUND_BY_PARAMETER[p.name ?? ''] ?? []);
  for (const status of [...statuses].sort()) {
    const codes =
      status === 404 && notFound.length > 0
        ? [...new Set(notFound)]
        : (Object.keys(ERROR_STATUS) as ErrorCode[]).filter((c) => ERROR_STATUS[c] === status);
    operation.responses[status] ??= errorResponse(codes);
  }
}

function errorResponse(codes: ErrorCode[]): ResponseObject {
  return {
    description: `One of: ${codes.map((c) => `\`${c}\``).join(', ')}.`,
    content: {
      'application/json': {
        schema: { $ref: `#/components/schemas/${ERROR_SCHEMA}` },
        example: {
          error: {
            code: codes[0],
            message: 'What went wrong, and what to do about it.',
            correlationId: 'c0ffee00-1234-4abc-9def-0123456789ab',
          },
        },
      },
    },
  };
}

/** Every JSON answer that has no example gets one made from its schema. */
function addExamples(document: OpenAPIObject): void {
  const components = document.components!.schemas as Parameters<typeof exampleOf>[1];
  for (const item of Object.values(document.paths))
    for (const operation of Object.values(item) as OperationObject[])
      for (const response of Object.values(operation.responses) as ResponseObject[]) {
        const json = response.content?.['application/json'];
        if (json?.schema && json.example === undefined)
          json.example = exampleOf(json.schema as Parameters<typeof exampleOf>[0], components);
      }
}
