/** `to` with `from` copied into its start: a typed array grown (the packers' column arrays). */
export function grown<T extends Int32Array | Uint8Array | Float64Array>(from: T, to: T): T {
  to.set(from as never);
  return to;
}
