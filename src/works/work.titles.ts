// How titles sort, on its own: the importer's worker threads need it and must not load the
// works service (and the database, search and tag modules behind it) to get it.

/** Titles sort without case or a leading article, as on AO3 ("The Storm" files under S). */
export function sortTitle(title: string): string {
  return title.normalize('NFKC').toLowerCase().replace(/^(the|a|an)\s+/, '').trim();
}
