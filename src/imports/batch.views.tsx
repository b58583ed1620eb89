import { RemovalQueue, ResendAllForm, ResendButton, type RemovalDecisionView, type RemovalRequestView } from '../claims/review.views.tsx';
import { counted } from '../text/plural.ts';
import type { ImportBatch } from './import.repository.ts';

// The archivist's pages: batches, and for one batch its works and every review flag. Private
// to archivists, yet still without addresses: a reachable creator is shown as "can be invited".

export interface BatchRow extends ImportBatch {
  archivistLogin: string;
}

export interface BatchWorkView {
  id: number;
  title: string;
  state: string;
  sources: string[];
  consent: string | null;
  creators: { id: number; name: string; state: string; isReachable: boolean; isBlocked: boolean }[];
  flags: { code: string; detail: string }[];
}

const when = (iso: string | null) => (iso ? iso.slice(0, 16).replace('T', ' ') : '—');

function BatchTable(props: { batches: BatchRow[] }) {
  return (
    <table class="import-batches">
      <thead>
        <tr>
          <th scope="col">Batch</th><th scope="col">Archivist</th><th scope="col">Archive</th><th scope="col">List</th><th scope="col">Started</th>
          <th scope="col">Files</th><th scope="col">Imported</th><th scope="col">Already there</th><th scope="col">Skipped</th><th scope="col">Repairs</th><th scope="col">Flags</th>
        </tr>
      </thead>
      <tbody>
        {props.batches.map((b) => (
          <tr>
            <td><a href={`/imports/${b.id}`}>#{b.id}</a></td>
            <td>{b.archivistLogin}</td>
            <td>{b.archiveName ?? '—'}</td>
            <td>{b.listName ?? '—'}</td>
            <td>{when(b.startedAt)}{b.finishedAt ? '' : ' (running)'}</td>
            <td>{b.filesRead}</td><td>{b.worksImported}</td><td>{b.worksPresent}</td><td>{b.skipped}</td><td>{b.repairs}</td><td>{b.flags}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

export function BatchListPage(props: { batches: BatchRow[]; removals: RemovalRequestView[]; decisions: RemovalDecisionView[] }) {
  return (
    <section>
      <h1>Imports</h1>
      <RemovalQueue removals={props.removals} decisions={props.decisions} />
      {props.batches.length === 0 ? <p>No imports yet. Run <code>records-room import --as LOGIN PATH…</code> to start one.</p> : <BatchTable batches={props.batches} />}
    </section>
  );
}

function CreatorList(props: { batchId: number; creators: BatchWorkView['creators']; csrfToken: string }) {
  if (props.creators.length === 0) return <span class="muted">no creator named</span>;
  return (
    <>
      {props.creators.map((c, i) => (
        <>
          {i > 0 ? ', ' : ''}
          {c.name} <span class="muted">({c.state}{c.isBlocked ? ', blocked imports' : c.isReachable ? '' : ', unreachable'})</span>
          {c.state === 'unclaimed' && c.isReachable && !c.isBlocked ? <> <ResendButton batchId={props.batchId} creatorId={c.id} name={c.name} csrfToken={props.csrfToken} /></> : null}
        </>
      ))}
    </>
  );
}

export function BatchPage(props: {
  batch: BatchRow;
  works: BatchWorkView[];
  skipped: { source: string | null; detail: string }[];
  pages: { page: number; hasNext: boolean };
  csrfToken: string;
}) {
  const { batch, works } = props;
  const flagged = works.filter((w) => w.flags.length > 0).length;
  return (
    <section>
      <h1>Import batch #{batch.id}</h1>
      <p>
        By {batch.archivistLogin}{batch.archiveName ? `, from ${batch.archiveName}` : ''}{batch.listName ? ` (${batch.listName})` : ''}; started {when(batch.startedAt)},
        finished {when(batch.finishedAt)}. {counted(batch.filesRead, 'file read', 'files read')}, {counted(batch.worksImported, 'work imported', 'works imported')},
        {' '}{batch.worksPresent.toLocaleString('en')} already there, {batch.skipped.toLocaleString('en')} skipped, {counted(batch.repairs, 'repair')},
        {' '}{counted(batch.flags, 'flag')} on {counted(flagged, 'work')}.
      </p>
      <h2>Works</h2>
      <p><ResendAllForm batchId={batch.id} csrfToken={props.csrfToken} /></p>
      {works.length === 0 ? <p>No new works in this batch.</p> : null}
      {works.map((w) => (
        <article class="import-work" id={`work-${w.id}`}>
          <h3><a href={`/works/${w.id}`}>{w.title}</a> <span class="muted">({w.state})</span></h3>
          <p>Creators: <CreatorList batchId={batch.id} creators={w.creators} csrfToken={props.csrfToken} /></p>
          <p class="muted">Source: {w.sources.join(', ')}{w.consent ? ` · archive permission: ${w.consent}` : ''}</p>
          {w.flags.length > 0 ? (
            <ul class="review-flags" aria-label="To check">
              {w.flags.map((f) => <li><code>{f.code}</code> {f.detail}</li>)}
            </ul>
          ) : null}
        </article>
      ))}
      {props.pages.page > 1 || props.pages.hasNext ? (
        <nav class="pagination" aria-label="Pages of works">
          {props.pages.page > 1 ? <a rel="prev" href={`/imports/${batch.id}?page=${props.pages.page - 1}`}>← Previous</a> : null}{' '}
          {props.pages.hasNext ? <a rel="next" href={`/imports/${batch.id}?page=${props.pages.page + 1}`}>Next →</a> : null}
        </nav>
      ) : null}
      <h2>Skipped</h2>
      {props.skipped.length === 0 ? <p>Nothing was skipped.</p> : (
        <ul>
          {props.skipped.map((s) => <li><code>{s.source ?? '?'}</code>: {s.detail}</li>)}
        </ul>
      )}
    </section>
  );
}
