/**
 * Decoded slide tiles kept for reuse, least recently used first out, within a byte budget. The
 * cache keeps copies in buffers it owns and recycles (a full cache takes the buffer it evicts for
 * the tile it adds), so its memory stays one fixed set of buffers however many tiles pass through,
 * and a hit is read at once, without waiting on a promise.
 */
export class TileCache {
  private readonly tiles = new Map<string, Uint8Array>();
  private bytes = 0;

  constructor(private readonly limit: number) {}

  /**
   * The cached pixels, or undefined. The buffer is the cache's: valid until the next `put`, so
   * copy out of it before awaiting anything.
   */
  get(key: string): Uint8Array | undefined {
    const hit = this.tiles.get(key);
    if (hit) {
      // Refresh its place at the young end of the LRU order.
      this.tiles.delete(key);
      this.tiles.set(key, hit);
    }
    return hit;
  }

  /** Keep a copy of `pixels` under `key`, evicting the least recently used tiles to make room. */
  put(key: string, pixels: Uint8Array): void {
    const n = pixels.length;
    if (n > this.limit || this.tiles.has(key)) return;
    let slot: Uint8Array | undefined;
    for (const [old, tile] of this.tiles) {
      if (this.bytes + n <= this.limit) break;
      this.tiles.delete(old);
      this.bytes -= tile.length;
      if (!slot && tile.length === n) slot = tile;
    }
    slot ??= new Uint8Array(n);
    slot.set(pixels);
    this.tiles.set(key, slot);
    this.bytes += n;
  }

  clear(): void {
    this.tiles.clear();
    this.bytes = 0;
  }
}
