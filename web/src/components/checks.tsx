/** Named checks of a connection, each passed or failed with the service's sentence. */
export function Checks(props: {
  label: string;
  checks: { name: string; ok: boolean; message: string }[];
}) {
  return (
    <ul className="checks" aria-label={props.label}>
      {props.checks.map((c) => (
        <li key={c.name} className={c.ok ? 'ok' : 'bad'}>
          <strong>{c.ok ? 'Passed' : 'Failed'}:</strong> {c.name}: {c.message}
        </li>
      ))}
    </ul>
  );
}
