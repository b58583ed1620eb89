/** AO3's limits for series, in characters. */
export const SERIES_LIMITS = { title: 240, summary: 1250, notes: 5000, position: 9999 } as const;

/** "Add to series" on a work's form: one of the poster's series, or a new one by its title. */
export interface SeriesRequest {
  seriesId: number | null;
  newTitle: string | null;
  /** The part number wanted; null puts the work last. */
  position: number | null;
}

/** The series form, as sent. */
export interface SeriesInput {
  title: string;
  summary: string | null;
  notes: string | null;
  isComplete: boolean;
  /** The part number typed for each work shown on the form. */
  positions: Map<number, number>;
  /** Works to take out of the series. */
  remove: Set<number>;
  /** A work to add, by its number or address; null when the field was left empty. */
  addWorkId: number | null;
}
