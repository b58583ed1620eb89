// Counts in the interface agree with their nouns: "1 tag", "2 tags". English only, as the
// interface is; irregular plurals are passed in.

/** The form that agrees with `count`: `plural(1, 'is', 'are')` is "is". */
export function plural(count: number, singular: string, pluralForm = `${singular}s`): string {
  return count === 1 ? singular : pluralForm;
}

/** The count, with thousands separated, and its noun: "1 work", "1,200 works". */
export function counted(count: number, singular: string, pluralForm = `${singular}s`): string {
  return `${count.toLocaleString('en')} ${plural(count, singular, pluralForm)}`;
}
