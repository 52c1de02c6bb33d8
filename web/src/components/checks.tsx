/** Named checks of a connection, each passed or failed with the service's sentence. */
export function Checks(props: {
  label: string;
  checks: { name: string; ok: boolean; message: string; feature?: 'directRouting' }[];
}) {
  return (
    <ul className="checks" aria-label={props.label}>
      {props.checks.map((c) => (
        <li key={c.name} className={c.ok ? 'ok' : c.feature ? 'todo' : 'bad'}>
          {/* A feature's check does not fail the connection: it says what that feature still needs. */}
          <strong>{c.ok ? 'Passed' : c.feature ? 'Not yet' : 'Failed'}:</strong>{' '}
          {c.feature ? 'Direct Routing, ' : ''}
          {c.name}: {c.message}
        </li>
      ))}
    </ul>
  );
}
