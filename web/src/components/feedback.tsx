import type { ReactNode } from 'react';
import type { ApiError } from '../api';

/** The API's own sentence (and its code, for support), never raw JSON. */
export function ErrorNote({ error }: { error: Pick<ApiError, 'message' | 'code'> | null }) {
  if (!error) return null;
  return (
    <p className="error" role="alert">
      {error.message} <span className="code">({error.code})</span>
    </p>
  );
}

export function Notice({ children }: { children: ReactNode }) {
  return (
    <p className="notice" role="status">
      {children}
    </p>
  );
}

export function Loading({ what }: { what: string }) {
  return <p aria-busy="true">Loading {what}…</p>;
}

const COLOUR_WORDS = { green: 'Healthy', amber: 'Needs attention', red: 'Not working' } as const;

/** The registration indicator: colour, a word for it (colour alone says nothing to some), the reason. */
export function Indicator(props: {
  colour: 'green' | 'amber' | 'red';
  message?: string;
  compact?: boolean;
}) {
  return (
    <span className={`indicator ${props.colour}`}>
      <span className="dot" aria-hidden="true" />
      <strong>{COLOUR_WORDS[props.colour]}</strong>
      {props.compact ? null : props.message ? <span> · {props.message}</span> : null}
    </span>
  );
}

export function when(value: string | null | undefined): string {
  if (!value) return '—';
  return new Date(value).toLocaleString('en-GB', { dateStyle: 'medium', timeStyle: 'short' });
}
