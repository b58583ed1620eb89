import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';
import { externalCreatorsOfWorks, importedWork } from './import.repository.ts';
import type { OriginalLabel } from '../legacy/legacy.types.ts';

// Where an imported work came from, for its page: the archive and list, the source files, the
// original header as the source wrote it, and who the original creators are and whether they
// have claimed it. Addresses are never loaded here: the public page has no use for them.

export interface ProvenanceView {
  archive: string | null;
  list: string | null;
  archivist: string;
  sources: string[];
  header: OriginalLabel[];
  creators: { name: string; state: string; isReachable: boolean }[];
  removalRequested: boolean;
}

/** The provenance of a work, or null when it was not imported. */
export async function provenanceOf(db: Kysely<Database>, workId: number): Promise<ProvenanceView | null> {
  const row = await importedWork(db, workId);
  if (!row) return null;
  const creators = await externalCreatorsOfWorks(db, [workId]);
  return {
    archive: row.archiveName,
    list: row.listName,
    archivist: row.archivistLogin,
    // Only the file name: the folders are the archivist's own machine.
    sources: (JSON.parse(row.sources) as string[]).map((source) => source.split(/[\\/]/).pop() ?? source),
    header: JSON.parse(row.originalHeader) as OriginalLabel[],
    creators: creators.map((c) => ({ name: c.name, state: c.state, isReachable: c.isReachable === 1 })),
    removalRequested: row.removalRequestedAt !== null,
  };
}

const STATE_LABELS: Record<string, string> = {
  unclaimed: 'not yet claimed',
  claimed: 'claimed',
  orphaned: 'orphaned',
  'removal-requested': 'removal requested',
};

/** The small block under a work's byline: "by NAME [archived by ARCHIVIST]" and the sources. */
export function ImportProvenance(props: { provenance: ProvenanceView | null }) {
  const p = props.provenance;
  if (!p) return null;
  const from = [p.archive, p.list ? `the ${p.list} list` : null].filter(Boolean).join(', ');
  const unclaimed = p.creators.filter((c) => c.state === 'unclaimed');
  return (
    <section class="notes import-provenance" aria-label="Imported work">
      <p>
        {p.creators.length > 0 ? <>by {p.creators.map((c, i) => <>{i > 0 ? ', ' : ''}<strong>{c.name}</strong> ({STATE_LABELS[c.state] ?? c.state})</>)} </> : null}
        [archived by <a href={`/users/${encodeURIComponent(p.archivist)}`}>{p.archivist}</a>]
      </p>
      <p>
        This work was imported{from ? <> from {from}</> : null} and is held by the archivist until its creator claims it.
        {unclaimed.some((c) => !c.isReachable) || p.creators.length === 0 ? ' We have no way to write to its creator: if it is yours, contact the archivists.' : ''}
      </p>
      {p.removalRequested ? <p class="flash">Its creator asked for its removal; it is hidden until the archivist acts.</p> : null}
      <details>
        <summary>Original header and sources</summary>
        <dl>
          {p.header.map((label) => (
            <>
              <dt>{label.label}</dt>
              <dd>{label.value}</dd>
            </>
          ))}
          <dt>Source</dt>
          <dd>{p.sources.join(', ')}</dd>
        </dl>
      </details>
    </section>
  );
}
