/**
 * Reserved profile properties (spec users-and-cohorts §5, mixpanel-formats B5) and
 * the one check the hosted product makes on their values: `$phone` starts with `+`.
 */

/** Reserved names a CSV header may give without the `$` (spec §6). */
export const RESERVED_PROFILE_PROPERTIES = [
  '$email',
  '$first_name',
  '$last_name',
  '$name',
  '$username',
  '$phone',
  '$avatar',
  '$created',
  '$city',
  '$region',
  '$country_code',
  '$timezone',
] as const;

const BY_BARE_NAME = new Map(RESERVED_PROFILE_PROPERTIES.map((p) => [p.slice(1), p]));

/**
 * The reserved property a header cell means, when it names one without its `$`:
 * `email`, `Email`, `First Name` and `first-name` all mean `$first_name`... Returns
 * undefined for anything else (including names that already carry the `$`).
 */
export function reservedPropertyFor(header: string): string | undefined {
  const bare = header
    .trim()
    .toLowerCase()
    .replace(/[\s-]+/g, '_');
  return BY_BARE_NAME.get(bare);
}

export const BAD_PHONE = '$phone does not start with "+"';

/** The warning for a `$phone` value, or undefined when it is fine (or absent). */
export function phoneProblem(properties: Record<string, unknown>): string | undefined {
  const v = properties.$phone;
  if (v === undefined || v === null) return undefined;
  return typeof v === 'string' && v.startsWith('+') ? undefined : BAD_PHONE;
}
