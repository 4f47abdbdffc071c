/** One formatter for every count (a `toLocaleString` call builds its formatter each time). */
const COUNT = new Intl.NumberFormat('en-US');

/** "1 note", "2 notes", "1,024 tokens": a count with its noun in the right number. */
export function countOf(n: number, singular: string, plural = `${singular}s`): string {
  return `${COUNT.format(n)} ${n === 1 ? singular : plural}`;
}
