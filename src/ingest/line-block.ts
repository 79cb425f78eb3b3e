/**
 * What a parse worker takes (parse-pool.ts): a block of whole JSON lines in bytes (the
 * last may end without a line break), or one line that is too long. Made by both readers
 * of line blocks: line-blocks.ts (streams) and file-line-blocks.ts (plain files).
 */
export type LineBlock = { bytes: Uint8Array } | { tooLong: string };
