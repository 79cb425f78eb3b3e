interface Node {
  children: Map<string, Node>;
  /** Column index when a row had a cell at exactly this path. */
  column: number | null;
}

/**
 * The columns of a tabular output, decided from the rows seen so far. Columns sit in
 * a tree by path segment, in order of first appearance, so related columns stay
 * together: `key.2` from a later row lands right after `key.1`, not after `value`.
 * Column names are the dotted paths.
 */
export class ColumnSet {
  private root: Node = { children: new Map(), column: null };
  private count = 0;

  add(path: readonly string[]): void {
    let node = this.root;
    for (const seg of path) {
      let next = node.children.get(seg);
      if (next === undefined) {
        next = { children: new Map(), column: null };
        node.children.set(seg, next);
      }
      node = next;
    }
    if (node.column === null) node.column = this.count++;
  }

  /** Column paths in display order (depth-first, first appearance). */
  paths(): string[][] {
    const out: string[][] = [];
    const walk = (node: Node, prefix: string[]) => {
      if (node.column !== null && prefix.length > 0) out.push(prefix);
      for (const [seg, child] of node.children) walk(child, [...prefix, seg]);
    };
    walk(this.root, []);
    return out;
  }
}

export const columnName = (path: readonly string[]) => path.join('.');
