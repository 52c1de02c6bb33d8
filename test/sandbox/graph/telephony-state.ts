import { randomUUID } from 'node:crypto';
import { SandboxStore } from '../state/store';
import { MCOEV_PLAN_ID, NumberOperation, NumberRecord, SandboxTenant } from '../state/types';
import { hasEnabledPlan } from './user-representation';

/**
 * How number operations end. An operation finishes after a number of polls or once it has had
 * time to settle, polled or not, as Teams finishes its work whether anybody watches or not.
 */
export function settleOperations(store: SandboxStore, tenant: SandboxTenant): void {
  for (const op of tenant.pendingOperations) {
    if (isPending(op) && !op.hang && timeIsUp(store, tenant, op)) complete(store, tenant, op);
    if (!isPending(op)) tenant.pendingOperations.delete(op);
  }
}

export function pollOperation(
  store: SandboxStore,
  tenant: SandboxTenant,
  op: NumberOperation,
): void {
  if (!isPending(op) || op.hang) {
    if (op.hang) op.status = 'running';
    return;
  }
  op.polls++;
  op.status = 'running';
  // Done after so many polls, or once its time is up, whichever comes first.
  if (op.polls >= tenant.settings.operationPollsToFinish || timeIsUp(store, tenant, op))
    complete(store, tenant, op);
}

const timeIsUp = (store: SandboxStore, tenant: SandboxTenant, op: NumberOperation) =>
  store.now() - Date.parse(op.createdDateTime) >= tenant.settings.operationSettleMs;

const isPending = (op: NumberOperation) => op.status === 'notStarted' || op.status === 'running';

function complete(store: SandboxStore, tenant: SandboxTenant, op: NumberOperation): void {
  if (op.forcedSkip) {
    op.status = 'skipped';
    op.statusDetail = op.forcedSkip;
    return;
  }
  const failure =
    op.forcedFailure ??
    (op.kind === 'assign' ? assignFailure(tenant, op) : unassignFailure(tenant, op));
  if (failure) {
    op.status = 'failed';
    op.statusDetail = failure;
    return;
  }
  const record =
    op.kind === 'assign' ? applyAssign(store, tenant, op) : applyUnassign(store, tenant, op);
  op.status = 'succeeded';
  op.resourceLocation = `/admin/teams/telephoneNumberManagement/numberAssignments/${record.id}`;
}

function assignFailure(tenant: SandboxTenant, op: NumberOperation): string | null {
  const user = op.targetId ? tenant.users.get(op.targetId) : undefined;
  if (!user || user.deleted) return `The assignment target '${op.targetId}' was not found.`;
  if (user.props.userType === 'Guest')
    return `The user '${user.id}' is a guest and cannot be assigned a telephone number.`;
  if (!hasEnabledPlan(tenant, user, MCOEV_PLAN_ID)) {
    return `The user '${user.id}' is not licensed for Phone System (MCOEV); assign a Teams Phone license first.`;
  }
  const current = tenant.numbers.get(op.telephoneNumber);
  if (current?.assignmentStatus === 'userAssigned' && current.assignmentTargetId !== user.id) {
    return `Telephone Number '${op.telephoneNumber}' has already been assigned to another user`;
  }
  return null;
}

function unassignFailure(tenant: SandboxTenant, op: NumberOperation): string | null {
  const current = tenant.numbers.get(op.telephoneNumber);
  if (!current || current.assignmentStatus !== 'userAssigned') {
    return `Telephone Number '${op.telephoneNumber}' is not assigned.`;
  }
  return null;
}

function applyAssign(
  store: SandboxStore,
  tenant: SandboxTenant,
  op: NumberOperation,
): NumberRecord {
  // A user has one number per category: a new primary number replaces the old one.
  for (const other of [...(tenant.numbersByTarget.get(op.targetId ?? '') ?? [])]) {
    if (other.assignmentCategory === op.category && other.telephoneNumber !== op.telephoneNumber)
      unassignNumber(tenant, other);
  }
  const record = numberRecord(tenant, op.telephoneNumber);
  assignNumber(tenant, record, op.targetId!, op.category);
  const user = tenant.users.get(op.targetId ?? '');
  if (user) {
    user.enterpriseVoiceEnabled = true;
    user.teamsModifiedAt = store.nowIso();
  }
  return record;
}

function applyUnassign(
  store: SandboxStore,
  tenant: SandboxTenant,
  op: NumberOperation,
): NumberRecord {
  const record = numberRecord(tenant, op.telephoneNumber);
  const user = record.assignmentTargetId ? tenant.users.get(record.assignmentTargetId) : undefined;
  if (user) user.teamsModifiedAt = store.nowIso();
  unassignNumber(tenant, record);
  return record;
}

/** Gives a number to a user, keeping the tenant's index of numbers by user. */
export function assignNumber(
  tenant: SandboxTenant,
  record: NumberRecord,
  userId: string,
  category: NonNullable<NumberRecord['assignmentCategory']>,
): void {
  unassignNumber(tenant, record);
  Object.assign(record, {
    assignmentStatus: 'userAssigned',
    activationState: 'activated',
    assignmentTargetId: userId,
    assignmentCategory: category,
  });
  const held = tenant.numbersByTarget.get(userId);
  if (held) held.push(record);
  else tenant.numbersByTarget.set(userId, [record]);
}

function unassignNumber(tenant: SandboxTenant, record: NumberRecord): void {
  const userId = record.assignmentTargetId;
  if (userId) {
    const rest = (tenant.numbersByTarget.get(userId) ?? []).filter((r) => r !== record);
    if (rest.length) tenant.numbersByTarget.set(userId, rest);
    else tenant.numbersByTarget.delete(userId);
  }
  Object.assign(record, {
    assignmentStatus: 'unassigned',
    assignmentTargetId: null,
    assignmentCategory: null,
  });
}

/** The inventory record of a Direct Routing number, created on first use. */
export function numberRecord(tenant: SandboxTenant, telephoneNumber: string): NumberRecord {
  let record = tenant.numbers.get(telephoneNumber);
  if (!record) {
    record = {
      id: Buffer.from(`${tenant.id}|${telephoneNumber}`).toString('base64url'),
      telephoneNumber,
      numberType: 'directRouting',
      assignmentStatus: 'unassigned',
      activationState: 'activated',
      assignmentTargetId: null,
      assignmentCategory: null,
    };
    tenant.numbers.set(telephoneNumber, record);
  }
  return record;
}

export function newOperation(
  tenant: SandboxTenant,
  store: SandboxStore,
  fields: Pick<NumberOperation, 'kind' | 'telephoneNumber' | 'targetId' | 'category'>,
): NumberOperation {
  const fault = tenant.numberFaults.find(
    (f) => f.remaining > 0 && (!f.telephoneNumber || f.telephoneNumber === fields.telephoneNumber),
  );
  if (fault) fault.remaining--;
  const op: NumberOperation = {
    ...fields,
    id: Buffer.from(
      `${fields.kind === 'assign' ? 'Assignment' : 'Unassignment'}|${randomUUID()}`,
    ).toString('base64url'),
    createdDateTime: store.nowIso(),
    status: 'notStarted',
    polls: 0,
    hang: fault?.mode === 'hang',
    forcedFailure:
      fault?.mode === 'fail'
        ? (fault.statusDetail ?? 'The telephone number operation failed.')
        : null,
    forcedSkip:
      fault?.mode === 'skip'
        ? (fault.statusDetail ?? 'The telephone number operation was skipped.')
        : null,
    statusDetail: null,
    resourceLocation: null,
  };
  tenant.operations.set(op.id, op);
  tenant.pendingOperations.add(op);
  return op;
}
