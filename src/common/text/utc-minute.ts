/** A time in a sentence: to the minute, in UTC, so readers in any time zone read it the same. */
export function utcMinute(date: Date): string {
  return `${date.toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}
