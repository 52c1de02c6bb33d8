import { escapeHtml } from '../common/text/escape-html';
import { utcMinute } from '../common/text/utc-minute';

export interface OutgoingEmail {
  to: string;
  subject: string;
  text: string;
  html: string;
}

/**
 * An e-mail whose point is one single-use password link: a greeting, why it came (`why` as text,
 * `whyHtml` as markup), the link with its deadline, and what to do if it was not expected.
 */
function passwordLinkEmail(input: {
  to: string;
  firstName: string;
  subject: string;
  why: string;
  whyHtml: string;
  /** "Open this link to …" in the text; the link's own words in the HTML. */
  textAction: string;
  linkWords: string;
  ifNotExpected: string;
  link: string;
  expiresAt: Date;
}): OutgoingEmail {
  const until = utcMinute(input.expiresAt);
  const text = [
    `Hello ${input.firstName},`,
    '',
    input.why,
    `Open this link to ${input.textAction} (it works once, until ${until}):`,
    '',
    input.link,
    '',
    input.ifNotExpected,
  ].join('\n');
  const html =
    `<p>Hello ${escapeHtml(input.firstName)},</p>` +
    `<p>${input.whyHtml}</p>` +
    `<p><a href="${escapeHtml(input.link)}">${input.linkWords}</a> (the link works once, until ${until}).</p>` +
    `<p>${escapeHtml(input.ifNotExpected)}</p>`;
  return { to: input.to, subject: input.subject, text, html };
}

export function invitationEmail(input: {
  to: string;
  firstName: string;
  context: string;
  link: string;
  expiresAt: Date;
}): OutgoingEmail {
  return passwordLinkEmail({
    ...input,
    subject: `Your invitation to ${input.context} in Teams Connector`,
    why: `You have been invited to ${input.context} in Teams Connector as ${input.to}.`,
    whyHtml: `You have been invited to <strong>${escapeHtml(input.context)}</strong> in Teams Connector as ${escapeHtml(input.to)}.`,
    textAction: 'choose your password',
    linkWords: 'Choose your password',
    ifNotExpected: 'If you did not expect this invitation, ignore this e-mail.',
  });
}

export function passwordResetEmail(input: {
  to: string;
  firstName: string;
  link: string;
  expiresAt: Date;
}): OutgoingEmail {
  return passwordLinkEmail({
    ...input,
    subject: 'Your new Teams Connector password',
    why: `Someone asked for a new Teams Connector password for ${input.to}.`,
    whyHtml: `Someone asked for a new Teams Connector password for ${escapeHtml(input.to)}.`,
    textAction: 'choose it',
    linkWords: 'Choose a new password',
    ifNotExpected: 'If it was not you, ignore this e-mail: your password stays as it is.',
  });
}
