/** Parses a numeric id from the path; anything else is a 404, never a 500. */
export function parseId(value: string | undefined): number | null {
  if (!value || !/^\d{1,12}$/.test(value)) return null;
  const id = Number(value);
  // Ids are 32-bit integer columns on PostgreSQL; a larger number would be a database error.
  return id > 0 && id <= 2_147_483_647 ? id : null;
}
