/**
 * Zeroed bytes for the replies the server sends. A `new Uint8Array(n)` over 64 bytes gets
 * its own off-heap buffer, which measured ~10× slower than the rest of an encode; like
 * Node's Buffer pool, the send path carves views out of a slab instead. A region is never
 * handed out twice (a full slab is replaced, and the old one lives as long as a pending
 * send holds a view of it), so it is still zero and no reply can overwrite another.
 * Private to the server: nothing a caller receives is a view into this pool.
 */
const SLAB_SIZE = 64 * 1024;

export function createSendPool(): (length: number) => Uint8Array {
  let slab = new ArrayBuffer(SLAB_SIZE);
  let used = 0;
  return (length) => {
    if (length > SLAB_SIZE / 8) return new Uint8Array(length);
    if (used + length > SLAB_SIZE) {
      slab = new ArrayBuffer(SLAB_SIZE);
      used = 0;
    }
    const view = new Uint8Array(slab, used, length);
    // 8-byte alignment keeps a DataView or Float64Array over a view legal.
    used += (length + 7) & ~7;
    return view;
  };
}
