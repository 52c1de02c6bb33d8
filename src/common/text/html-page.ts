import { createHash } from 'node:crypto';
import { escapeHtml } from './escape-html';

const STYLE = `body{font-family:system-ui,sans-serif;max-width:36rem;margin:4rem auto;padding:0 1rem;color:#222}h1{font-size:1.4rem}
.ok{color:#116329}.bad{color:#b42318}input,button{font:inherit;padding:.5rem;margin:.25rem 0;width:100%;box-sizing:border-box}`;

/** The invitation page's script: it reads the token from the fragment and posts the password. */
const INVITATION_SCRIPT = `
const token = new URLSearchParams(location.hash.slice(1)).get('token');
document.getElementById('accept').addEventListener('submit', async (event) => {
  event.preventDefault();
  const res = await fetch('/api/v1/invitations/' + encodeURIComponent(token || '') + '/accept', {
    method: 'POST', headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ password: new FormData(event.target).get('password') }) });
  const body = await res.json();
  const result = document.getElementById('result');
  result.className = res.ok ? 'ok' : 'bad';
  if (!res.ok) { result.textContent = body.error.message; return; }
  result.textContent = 'Your password is set. ';
  const link = document.createElement('a');
  link.href = '/sign-in';
  link.textContent = 'Sign in as ' + body.email;
  result.append(link);
});
`;

/**
 * The password reset page's script: without a token it asks for the address; with the token from
 * the e-mail's link (in the fragment, never sent to a server) it sets the new password.
 */
const RESET_SCRIPT = `
// The e-mail's link opened in this very tab changes only the fragment: read it afresh.
window.addEventListener('hashchange', () => location.reload());
const token = new URLSearchParams(location.hash.slice(1)).get('token');
const form = document.getElementById(token ? 'choose' : 'ask');
form.hidden = false;
if (token) document.querySelector('h1').textContent = 'Choose a new password';
const say = (ok, text) => {
  const result = document.getElementById('result');
  result.className = ok ? 'ok' : 'bad';
  result.textContent = text;
  return result;
};
form.addEventListener('submit', async (event) => {
  event.preventDefault();
  const data = new FormData(form);
  const res = await fetch('/api/v1/auth/password-reset' + (token ? '/' + encodeURIComponent(token) : ''), {
    method: 'POST', headers: { 'content-type': 'application/json' },
    body: JSON.stringify(token ? { password: data.get('password') } : { email: data.get('email') }) });
  const body = await res.json();
  if (!res.ok) return say(false, body.error.message);
  if (!token) return say(true, body.message);
  const link = document.createElement('a');
  link.href = '/sign-in';
  link.textContent = 'Sign in as ' + body.email;
  say(true, 'Your new password is set, and every session of yours has ended. ').append(link);
});
`;

const sha256 = (text: string) => `'sha256-${createHash('sha256').update(text).digest('base64')}'`;

/**
 * The content security policy of these pages: their one style and one script are allowed by
 * hash, nothing else runs, and no other site may frame them.
 */
export const PAGE_CSP = [
  "default-src 'none'",
  `style-src ${sha256(STYLE)}`,
  `script-src ${sha256(INVITATION_SCRIPT)} ${sha256(RESET_SCRIPT)}`,
  "connect-src 'self'",
  "form-action 'self'",
  "base-uri 'none'",
  "frame-ancestors 'none'",
].join('; ');

export function page(title: string, body: string): string {
  return `<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)} · Teams Connector</title>
<style>${STYLE}</style>
</head><body>${body}</body></html>`;
}

/** The invitation link's page: the token stays in the URL fragment, so it never reaches a log. */
export function acceptInvitationPage(): string {
  return page(
    'Choose your password',
    `<h1>Choose your password</h1>
<form id="accept"><label>Password (at least 12 characters)<input type="password" name="password" minlength="12" required autocomplete="new-password"></label>
<button type="submit">Set password</button></form><p id="result" role="status"></p>
<script>${INVITATION_SCRIPT}</script>`,
  );
}

/** "Forgot your password?", and the page the reset e-mail's link opens. */
export function passwordResetPage(): string {
  return page(
    'Forgot your password?',
    `<h1>Forgot your password?</h1>
<form id="ask" hidden><p>We send a link to choose a new password to your e-mail address.</p>
<label>E-mail address<input type="email" name="email" required autocomplete="email"></label>
<button type="submit">Send the link</button></form>
<form id="choose" hidden><label>New password (at least 12 characters)<input type="password" name="password" minlength="12" required autocomplete="new-password"></label>
<button type="submit">Set password</button></form><p id="result" role="status"></p>
<script>${RESET_SCRIPT}</script>`,
  );
}

/** A page stating an outcome; a refusal names its error code, for people and for scripts. */
export function outcomePage(title: string, message: string, ok: boolean, code?: string): string {
  const codeLine = code
    ? `<p>Error code: <code id="error-code" data-error-code="${escapeHtml(code)}">${escapeHtml(code)}</code></p>`
    : '';
  return page(
    title,
    `<h1 class="${ok ? 'ok' : 'bad'}">${escapeHtml(title)}</h1><p id="message">${escapeHtml(message)}</p>${codeLine}
<p><a href="/tenants">Back to Teams Connector</a> (connector admins: the tenant's page shows the connection).</p>`,
  );
}
