/** Every reason code the engine gives, with the sentence an admin reads. */
export const REASONS = {
  NO_TEAMS_USER:
    'No Microsoft 365 user has this e-mail address (mail, user principal name or alias).',
  AMBIGUOUS_ADDRESS:
    'More than one Microsoft 365 user claims this e-mail address; map the user by hand.',
  GUEST_ACCOUNT: 'The matching Microsoft 365 account is a guest; guests cannot take a PBX number.',
  ACCOUNT_DISABLED: 'The matching Microsoft 365 account is disabled.',
  NOT_MAPPED: 'Users are matched by hand for this tenant, and this PBX user has no manual mapping.',
  PBX_USER_WITHOUT_EMAIL: 'The PBX user has no e-mail address to match on; map the user by hand.',
  PBX_USER_SUSPENDED: 'The PBX user is suspended.',
  MANUAL_MAPPING_STALE:
    'The manual mapping points at a Microsoft 365 user that no longer exists; map the PBX user again.',
  MANUAL_MAPPING_PBX_GONE:
    'The manual mapping names a PBX user who no longer exists; delete the mapping.',
  PBX_SECURE_CALLING_ON:
    'Secure calling is on for this PBX user; calls carried to Teams cannot keep it. Turn it off in the PBX for this user.',
  MISSING_PHONE_SYSTEM_LICENSE: 'The Microsoft 365 user has no Teams Phone (MCOEV) license.',
  NO_SEAT_LEFT: 'All connector seats are in use; buy more seats or remove users.',
  INVALID_NUMBER: "The PBX user's direct number is not a valid phone number.",
  NO_DIRECT_NUMBER: 'The PBX user has an extension only, no direct number to carry in Teams.',
  NUMBER_HELD_BY_OTHER_USER: 'Another Teams user already has this number.',
  ACCOUNT_TYPE_UNSUPPORTED:
    'This kind of Teams account (for example a resource account) cannot take the number.',
  TEAMS_USER_CLAIMED_TWICE: 'Two PBX users match the same Microsoft 365 user.',
  NUMBER_CLAIMED_TWICE: 'Two PBX users have the same direct number.',
  PBX_USER_GONE: 'The PBX user was deleted or suspended.',
  TEAMS_USER_GONE: 'The Microsoft 365 user was deleted.',
  NO_LONGER_MATCHED: 'The PBX user no longer matches this Microsoft 365 user.',
} as const;

export type ReasonCode = keyof typeof REASONS;
