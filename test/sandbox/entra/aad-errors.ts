import { randomUUID } from 'node:crypto';
import { html, json, SandboxResponse } from '../http';

/** Entra's OAuth error body: `error`, an AADSTS description with trace lines, and `error_codes`. */
export function aadError(
  status: number,
  error: string,
  code: number,
  description: string,
): SandboxResponse {
  const traceId = randomUUID();
  const correlationId = randomUUID();
  const timestamp = new Date().toISOString().replace('T', ' ').replace('Z', 'Z');
  return json(status, {
    error,
    error_description: `AADSTS${code}: ${description}\r\nTrace ID: ${traceId}\r\nCorrelation ID: ${correlationId}\r\nTimestamp: ${timestamp}`,
    error_codes: [code],
    timestamp,
    trace_id: traceId,
    correlation_id: correlationId,
    error_uri: `https://login.microsoftonline.com/error?code=${code}`,
  });
}

/** The sign-in error page Entra shows when it cannot redirect back to the app. */
export function aadErrorPage(status: number, code: number, message: string): SandboxResponse {
  const escaped = message.replace(/[<>&"]/g, (c) => `&#${c.charCodeAt(0)};`);
  return html(
    status,
    `<!DOCTYPE html><html><head><title>Sign in to your account</title></head><body>` +
      `<h1>Sorry, but we're having trouble signing you in.</h1>` +
      `<p id="error">AADSTS${code}: ${escaped}</p></body></html>`,
  );
}
