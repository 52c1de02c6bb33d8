import { useState } from 'react';
import { api, ok, type Schemas } from '../api';
import { ErrorNote } from '../components/feedback';
import { useAction } from '../use-action';

type Answer = Schemas['ImportAnswer'];

const SUMMARY_WORDS: [keyof Answer['summary'], string][] = [
  ['create', 'new mappings'],
  ['replace', 'replaced'],
  ['remove', 'removed'],
  ['unchanged', 'unchanged'],
  ['rejected', 'rejected rows'],
];

/** Manual matching: download the template, fill it in, check it (a dry run), then import it. */
export function MappingUpload({ tenantId, canManage }: { tenantId: string; canManage: boolean }) {
  const [file, setFile] = useState<File | null>(null);
  const [answer, setAnswer] = useState<Answer | null>(null);
  const { busy, error, run, clear } = useAction();
  const base = `/api/v1/tenants/${tenantId}/mappings`;

  const send = (dryRun: boolean) =>
    run('import', async () => {
      if (!file) return;
      setAnswer(null);
      const form = new FormData();
      form.append('file', file);
      setAnswer(
        await ok(
          api.POST('/api/v1/tenants/{id}/mappings/import', {
            params: { path: { id: tenantId }, query: { dryRun } },
            // The typed body names the field; the form carries the file's bytes.
            body: {},
            bodySerializer: () => form,
          }),
        ),
      );
    });

  return (
    <div className="mapping">
      <p>
        <a href={`${base}/template.csv`} download>
          Download the template
        </a>{' '}
        (the PBX users without an automatic match) or{' '}
        <a href={`${base}.csv`} download>
          the current mappings
        </a>
        .
      </p>
      {canManage ? (
        <>
          <label>
            Filled-in mapping file (CSV)
            <input
              type="file"
              accept=".csv,text/csv"
              onChange={(e) => {
                setFile(e.target.files?.[0] ?? null);
                setAnswer(null);
                clear();
              }}
            />
          </label>
          <div className="buttons">
            <button type="button" disabled={!file || busy !== ''} onClick={() => send(true)}>
              Check the file (dry run)
            </button>
            <button
              type="button"
              disabled={!file || busy !== '' || !answer?.dryRun || answer.rejected.length > 0}
              onClick={() => send(false)}
            >
              Import
            </button>
          </div>
        </>
      ) : null}
      <ErrorNote error={error} />
      {answer ? (
        <div className="import-result" data-testid="import-result" role="status">
          <p>
            {answer.applied
              ? 'Imported: the mappings are in place.'
              : answer.rejected.length > 0
                ? 'Nothing was changed: fix the rows below and check the file again.'
                : 'Dry run: nothing was changed. Import to apply:'}
          </p>
          <ul className="inline-list">
            {SUMMARY_WORDS.map(([key, words]) => (
              <li key={key}>
                {answer.summary[key]} {words}
              </li>
            ))}
          </ul>
          {answer.rejected.length > 0 ? (
            <div className="table-wrap">
              <table>
                <caption>Rejected rows</caption>
                <thead>
                  <tr>
                    <th scope="col">Line</th>
                    <th scope="col">Column</th>
                    <th scope="col">Problem</th>
                  </tr>
                </thead>
                <tbody>
                  {answer.rejected.map((r) => (
                    <tr key={`${r.line}/${r.column}/${r.code}`}>
                      <td>{r.line}</td>
                      <td>{r.column ?? '—'}</td>
                      <td>
                        {r.message} <span className="code">({r.code})</span>
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          ) : null}
        </div>
      ) : null}
    </div>
  );
}
