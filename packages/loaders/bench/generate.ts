import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import sharp from 'sharp';
import { seededRandom } from '../src/random.ts';

/** Photograph-like test images: smooth colour fields plus sensor noise (PNG compresses them as it would real photos). */
export async function writePngs(dir: string, count: number, size: number): Promise<string[]> {
  const random = seededRandom(1);
  const files: string[] = [];
  for (let k = 0; k < count; k++) {
    const data = Buffer.alloc(size * size * 3);
    const [fx, fy, phase] = [random() * 0.05, random() * 0.05, random() * 6];
    for (let y = 0; y < size; y++)
      for (let x = 0; x < size; x++)
        for (let c = 0; c < 3; c++) {
          const v = 128 + 90 * Math.sin(x * fx + y * fy + phase + c) + (random() - 0.5) * 24;
          data[(y * size + x) * 3 + c] = Math.max(0, Math.min(255, Math.round(v)));
        }
    const file = join(dir, `img-${String(k).padStart(5, '0')}.png`);
    await sharp(data, { raw: { width: size, height: size, channels: 3 } })
      .png()
      .toFile(file);
    files.push(file);
  }
  return files;
}

/** CT-like int16 volumes with scl_inter -1024, gzipped, as NIfTI-1 writers produce them. */
export async function writeNiftis(dir: string, count: number, shape: [number, number, number]): Promise<string[]> {
  const random = seededRandom(2);
  const [I, J, K] = shape;
  const files: string[] = [];
  for (let n = 0; n < count; n++) {
    const header = Buffer.alloc(352);
    header.writeInt32LE(348, 0);
    [3, I, J, K, 1, 1, 1, 1].forEach((d, k) => {
      header.writeInt16LE(d, 40 + 2 * k);
    });
    header.writeInt16LE(4, 70); // int16
    header.writeInt16LE(16, 72);
    [1, 0.8, 0.8, 2.5, 1, 1, 1, 1].forEach((p, k) => {
      header.writeFloatLE(p, 76 + 4 * k);
    });
    header.writeFloatLE(352, 108);
    header.writeFloatLE(1, 112);
    header.writeFloatLE(-1024, 116);
    header.writeInt16LE(1, 254); // sform_code
    [
      [0.8, 0, 0, 0],
      [0, 0.8, 0, 0],
      [0, 0, 2.5, 0],
    ].forEach((row, r) => {
      row.forEach((v, c) => {
        header.writeFloatLE(v, 280 + 16 * r + 4 * c);
      });
    });
    header.write('n+1\0', 344, 'latin1');
    const data = Buffer.alloc(I * J * K * 2);
    for (let k = 0; k < K; k++)
      for (let j = 0; j < J; j++)
        for (let i = 0; i < I; i++) {
          const r = Math.hypot(i - I / 2, j - J / 2, (k - K / 2) * 2);
          const body = r < I * 0.4 ? 1040 + 40 * Math.sin(i * 0.3) : 0;
          data.writeInt16LE(Math.round(body + (random() - 0.5) * 30), 2 * ((k * J + j) * I + i));
        }
    const file = join(dir, `vol-${n}.nii.gz`);
    await writeFile(file, gzipSync(Buffer.concat([header, data]), { level: 6 }));
    files.push(file);
  }
  return files;
}

/** A tiled, JPEG-compressed pyramidal TIFF of tissue-like texture, written by libvips. */
export async function writeSlide(file: string, size: number): Promise<void> {
  const tile = 512;
  const random = seededRandom(3);
  const data = Buffer.alloc(tile * tile * 3);
  for (let p = 0; p < tile * tile; p++) {
    const n = (random() - 0.5) * 40;
    data[p * 3] = 200 + n;
    data[p * 3 + 1] = 110 + n;
    data[p * 3 + 2] = 165 + n;
  }
  const patch = await sharp(data, { raw: { width: tile, height: tile, channels: 3 } })
    .png()
    .toBuffer();
  await sharp({
    create: { width: size, height: size, channels: 3, background: { r: 242, g: 242, b: 242 } },
    limitInputPixels: false,
  })
    .composite([{ input: patch, tile: true, blend: 'over' }])
    .tiff({ tile: true, tileWidth: 256, tileHeight: 256, pyramid: true, compression: 'jpeg', quality: 85 })
    .toFile(file);
}
