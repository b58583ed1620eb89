import type { Viewer } from '../accounts/session.service.ts';
import type { CreatorRow } from '../works/work.repository.ts';
import { isCreator } from '../works/work.visibility.ts';

// Who may change a series. A series' creators are its works' creators (migration 029), so
// whoever is an approved creator of any part, whether or not that part is posted, may edit the
// series; a work joins a series only by one of its own creators. Who may see a series is its
// parts' visibility (work.visibility.ts: listedWorks).

/** `partCreators`: the creators of every part of the series. */
export function canEditSeries(viewer: Viewer | null, partCreators: CreatorRow[]): boolean {
  return isCreator(viewer, partCreators);
}

/** `workCreators`: the creators of the work to be added. */
export function canAddWork(viewer: Viewer | null, workCreators: CreatorRow[]): boolean {
  return isCreator(viewer, workCreators);
}
