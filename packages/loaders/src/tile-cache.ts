/**
 * Decoded slide tiles kept for reuse, least recently used first out, within a byte budget. The
 * cache keeps copies in buffers it owns and recycles: a full cache takes the buffer it evicts for
 * the tile it adds. Keeping the decoder's own buffers instead meant every tile outlived the young
 * generation and was freed only by a full mark-compact, which V8 then ran every ~100 ms (a fifth
 * of the time per tile read one at a time).
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
