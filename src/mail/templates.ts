import { escapeHtml } from '../common/text/escape-html';

export interface OutgoingEmail {
  to: string;
  subject: string;
  text: string;
  html: string;
}

export function invitationEmail(input: {
  to: string;
  firstName: string;
  context: string;
  link: string;
  expiresAt: Date;
}): OutgoingEmail {
  const until = input.expiresAt.toISOString().replace('T', ' ').slice(0, 16) + ' UTC';
  const text = [
    `Hello ${input.firstName},`,
    '',
    `You have been invited to ${input.context} in Teams Connector as ${input.to}.`,
    'Open this link to choose your password (it works once, until ' + until + '):',
    '',
    input.link,
    '',
    'If you did not expect this invitation, ignore this e-mail.',
  ].join('\n');
  const html =
    `<p>Hello ${escapeHtml(input.firstName)},</p>` +
    `<p>You have been invited to <strong>${escapeHtml(input.context)}</strong> in Teams Connector as ${escapeHtml(input.to)}.</p>` +
    `<p><a href="${escapeHtml(input.link)}">Choose your password</a> (the link works once, until ${until}).</p>` +
    `<p>If you did not expect this invitation, ignore this e-mail.</p>`;
  return {
    to: input.to,
    subject: `Your invitation to ${input.context} in Teams Connector`,
    text,
    html,
  };
}

export function passwordResetEmail(input: {
  to: string;
  firstName: string;
  link: string;
  expiresAt: Date;
}): OutgoingEmail {
  const until = input.expiresAt.toISOString().replace('T', ' ').slice(0, 16) + ' UTC';
  const text = [
    `Hello ${input.firstName},`,
    '',
    `Someone asked for a new Teams Connector password for ${input.to}.`,
    'Open this link to choose it (it works once, until ' + until + '):',
    '',
    input.link,
    '',
    'If it was not you, ignore this e-mail: your password stays as it is.',
  ].join('\n');
  const html =
    `<p>Hello ${escapeHtml(input.firstName)},</p>` +
    `<p>Someone asked for a new Teams Connector password for ${escapeHtml(input.to)}.</p>` +
    `<p><a href="${escapeHtml(input.link)}">Choose a new password</a> (the link works once, until ${until}).</p>` +
    `<p>If it was not you, ignore this e-mail: your password stays as it is.</p>`;
  return { to: input.to, subject: 'Your new Teams Connector password', text, html };
}
