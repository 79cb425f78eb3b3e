/** One result item as JSON text: `null` where JSON.stringify gives nothing (undefined). */
export function jsonText(item: unknown): string {
  return JSON.stringify(item) ?? 'null';
}
