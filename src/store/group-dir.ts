/**
 * Where a group key's profile tables live: `groups/<name>/g<generation>`, where <name>
 * is made from the key so that any string is a valid key. A group key is data (a
 * property name such as "company_id"), and "..", "a/b", "__proto__", a 300-character
 * key or two keys differing only in case must neither escape `groups/`, nor exceed a
 * file-name length limit, nor share a directory. So the name is a readable prefix
 * (the key's letters, digits, "_" and "-", at most 40) and a hash of the whole key:
 * `company_id-1c9a3e0f5b7d2e44a6b8c0d1`. Collisions would need a SHA-256 collision on
 * 96 bits; names are lower-case-distinct only through the hash, which is fine on
 * case-insensitive file systems too (the hash differs).
 *
 * The manifest records each table's directory, so stores written by earlier versions
 * (`groups/<encodeURIComponent(key)>`) stay readable as they are; the next write of a
 * group moves it to the new name and garbage collection removes the old directory.
 */
import { createHash } from 'node:crypto';

export function groupDirName(groupKey: string): string {
  const readable = groupKey.replace(/[^A-Za-z0-9_-]/g, '').slice(0, 40);
  const hash = createHash('sha256').update(groupKey, 'utf8').digest('hex').slice(0, 24);
  return `${readable}-${hash}`;
}

/** The parent directory (relative to the store) of a group key's table generations. */
export function groupTableParent(groupKey: string): string {
  return `groups/${groupDirName(groupKey)}`;
}
