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

function names(list: { name: string }[]): string {
  const all = list.map((c) => c.name);
  return all.length <= 1 ? (all[0] ?? '') : `${all.slice(0, -1).join(', ')} and ${all[all.length - 1]}`;
}

/**
 * The sentence of where a work came from and where its claim stands, e.g. "Imported from
 * Kansas Fic Attic by the archivist keeper. It waits for Aelita to claim it." Once claimed, it
 * says so and no longer asks anyone to claim it.
 */
export function provenanceSentence(p: ProvenanceView): { imported: string; claim: string } {
  const posted = p.list ? `Posted to the ${p.list} list, imported` : 'Imported';
  const imported = `${posted}${p.archive ? ` from ${p.archive}` : ''} by the archivist`;
  const unclaimed = p.creators.filter((c) => c.state === 'unclaimed');
  if (p.creators.length === 0) return { imported, claim: 'Its creator is not known: if it is yours, contact the archivists.' };
  if (unclaimed.length === 0) {
    const claimed = p.creators.filter((c) => c.state === 'claimed');
    if (claimed.length === p.creators.length) return { imported, claim: p.creators.length === 1 ? 'Its creator has claimed it.' : 'Its creators have claimed it.' };
    if (claimed.length > 0) return { imported, claim: `Claimed by ${names(claimed)}.` };
    return { imported, claim: p.creators.some((c) => c.state === 'orphaned') ? 'Its creator chose to orphan it.' : 'Its creator has decided about it.' };
  }
  const unreachable = unclaimed.some((c) => !c.isReachable);
  return {
    imported,
    claim: `It waits for ${names(unclaimed)} to claim it${unreachable ? '. We have no way to write to its creator: if it is yours, contact the archivists.' : '.'}`,
  };
}

/** The small block under a work's byline: where it came from, who archived it, and where its claim stands. */
export function ImportProvenance(props: { provenance: ProvenanceView | null }) {
  const p = props.provenance;
  if (!p) return null;
  const sentence = provenanceSentence(p);
  return (
    <section class="notes import-provenance" aria-label="Imported work">
      <p>
        {sentence.imported} <a href={`/users/${encodeURIComponent(p.archivist)}`}>{p.archivist}</a>. {sentence.claim}
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
