/** A labelled drop-down over a record of values and their words, as the list pages filter. */
export function Choice<V extends string>(props: {
  label: string;
  value: V;
  options: Record<V, string>;
  onChange: (value: V) => void;
}) {
  return (
    <label className="inline">
      {props.label}{' '}
      <select value={props.value} onChange={(e) => props.onChange(e.target.value as V)}>
        {(Object.entries(props.options) as [V, string][]).map(([value, words]) => (
          <option key={value} value={value}>
            {words}
          </option>
        ))}
      </select>
    </label>
  );
}
