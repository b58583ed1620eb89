import type { Queryable } from '../db/database.ts';
import { seriesOfWorkTitled } from '../series/series.repository.ts';
import { seriesTitleKey } from '../series/series.service.ts';
import { SERIES_LIMITS } from '../series/series.types.ts';
import { findLegacy, pagePseudOfExternalCreator, workExists } from './legacy-id.repository.ts';

// Old addresses of an archive imported whole, and where they lead now (the routes answer 301).
//  - viewstory.php?sid=N → the work; with &chapter=M, the chapter that was M-th there;
//  - viewuser.php?uid=N → the page of the pseud holding the author's works: the archivist's
//    pseud named after them until they claim, then the pseud they claimed to;
//  - series.php?seriesid=N → the series its stories joined here (src/series: the import puts
//    each story in the series of its title, kept with the archivist's pseud of its author); for
//    an archive imported before series existed, the series' first work here, or else its
//    author's page.
// Nothing known, or a work since deleted: null (a 404).

const segment = encodeURIComponent;

async function authorPath(db: Queryable, externalCreatorId: number): Promise<string | null> {
  const found = await pagePseudOfExternalCreator(db, externalCreatorId);
  return found ? `/users/${segment(found.login)}/pseuds/${segment(found.pseud)}` : null;
}

export async function storyAddress(db: Queryable, storyId: number, chapter: number | null): Promise<string | null> {
  const found = await findLegacy(db, 'story', storyId);
  if (!found?.newId || !(await workExists(db, found.newId))) return null;
  if (chapter !== null && found.data) {
    const chapters = (JSON.parse(found.data) as { chapters?: [number, number | null][] }).chapters ?? [];
    const chapterId = chapters.find(([position]) => position === chapter)?.[1];
    if (chapterId) return `/works/${found.newId}/chapters/${chapterId}`;
  }
  return `/works/${found.newId}`;
}

export async function authorAddress(db: Queryable, authorId: number): Promise<string | null> {
  const found = await findLegacy(db, 'author', authorId);
  return found?.newId ? authorPath(db, found.newId) : null;
}

interface KeptSeries {
  title?: string;
  externalCreatorId: number | null;
  stories: { sid: number; position: number; workId: number | null }[];
}

export async function seriesAddress(db: Queryable, seriesId: number): Promise<string | null> {
  const found = await findLegacy(db, 'series', seriesId);
  if (!found?.data) return null;
  const series = JSON.parse(found.data) as KeptSeries;
  const members = [...series.stories].sort((a, b) => a.position - b.position);
  for (const member of members) {
    const joined = member.workId !== null && series.title ? await seriesOfWorkTitled(db, member.workId, seriesTitleKey(series.title.slice(0, SERIES_LIMITS.title))) : undefined;
    if (joined !== undefined) return `/series/${joined}`;
  }
  for (const member of [...series.stories].sort((a, b) => a.position - b.position)) {
    const address = await storyAddress(db, member.sid, null);
    if (address) return address;
  }
  return series.externalCreatorId ? authorPath(db, series.externalCreatorId) : null;
}
