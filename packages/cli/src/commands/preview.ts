import { writeFile } from 'node:fs/promises';
import { type Batch, type DatasetInfo, infoOf, loadDataset, type Sample, tf } from '@medsets/loaders';
import sharp from 'sharp';
import type { Command } from '../command.ts';
import { guarded, recipeFor } from '../dataset-command.ts';
import { EXIT, UsageError } from '../io.ts';
import { parse } from '../options.ts';

/** Overlay colours for mask values 1, 2, 3, … (0 is left as is). */
const PALETTE: [number, number, number][] = [
  [255, 40, 40],
  [40, 220, 40],
  [40, 120, 255],
  [255, 220, 0],
  [255, 0, 255],
  [0, 230, 230],
];
const CAPTION = 16;

export const preview: Command = {
  usage:
    'medsets preview <id>[/<config>] [--split train|val|test|all] [--n 16] [--size 128] [-o sheet.png] [--root dir] [--seed n] [--json]',
  summary: 'a contact sheet of samples, masks overlaid in colour, labels under each image',
  run(argv, io) {
    return guarded('preview', io, async () => {
      const { values, positionals } = parse(argv, {
        root: { type: 'string' },
        config: { type: 'string' },
        split: { type: 'string', default: 'all' },
        n: { type: 'string', default: '16' },
        size: { type: 'string', default: '128' },
        seed: { type: 'string', default: '0' },
        output: { type: 'string', short: 'o', default: 'sheet.png' },
      });
      const n = Number(values.n);
      const size = Number(values.size);
      const seed = Number(values.seed);
      if (!(Number.isInteger(n) && n > 0 && n <= 400)) throw new UsageError('--n takes an integer from 1 to 400');
      if (!(Number.isInteger(size) && size >= 16 && size <= 1024))
        throw new UsageError('--size takes an integer from 16 to 1024');
      const { recipe, config } = await recipeFor(positionals[0], values.config);
      const info = infoOf(recipe, config);
      const ds = await loadDataset(recipe, {
        root: values.root,
        config,
        split: values.split as 'all',
        seed,
        shuffle: true,
        ...(info.dimensionality === '3d' ? {} : { size: [size, size], channels: 3 }),
        ...(info.dimensionality === 'slide' ? { tile: { size, minTissue: 0.5 } } : {}),
      });
      const cells: { rgb: Uint8Array; caption: string }[] = [];
      for await (const item of ds.take(n) as AsyncIterable<Sample | Batch>) {
        const s = item as Sample;
        cells.push({ rgb: await cellOf(s, size), caption: captionOf(s, ds.info) });
        tf.dispose([s.image, s.mask, s.label].filter((t): t is tf.Tensor => !!t));
      }
      if (!cells.length) throw new UsageError(`no samples in split "${values.split}"`);
      const cols = Math.ceil(Math.sqrt(cells.length));
      const rows = Math.ceil(cells.length / cols);
      const composites = cells.flatMap((c, k) => {
        const left = (k % cols) * size;
        const top = Math.floor(k / cols) * (size + CAPTION);
        return [
          { input: Buffer.from(c.rgb), raw: { width: size, height: size, channels: 3 as const }, left, top },
          { input: Buffer.from(captionSvg(c.caption, size)), left, top: top + size },
        ];
      });
      const png = await sharp({
        create: { width: cols * size, height: rows * (size + CAPTION), channels: 3, background: '#000' },
      })
        .composite(composites)
        .png()
        .toBuffer();
      await writeFile(values.output, png);
      if (values.json)
        io.out(JSON.stringify({ output: values.output, samples: cells.length, captions: cells.map((c) => c.caption) }));
      else
        io.out(
          `wrote ${values.output}: ${cells.length} samples of ${ds.info.id}${config ? `/${config}` : ''} (${values.split})`,
        );
      return EXIT.ok;
    });
  },
};

/** An RGB cell of `size`²: the image (middle slice for volumes) min-max scaled, mask blended in colour. */
async function cellOf(s: Sample, size: number): Promise<Uint8Array> {
  const shape = s.image.shape;
  const is3d = shape.length === 4;
  const [H, W, C] = (is3d ? shape.slice(1) : shape) as [number, number, number];
  const all = (await s.image.data()) as Float32Array;
  const mid = is3d ? Math.floor(shape[0]! / 2) : 0;
  const plane = all.subarray(mid * H * W * C, (mid + 1) * H * W * C);
  const mask = s.mask ? ((await s.mask.data()) as Int32Array).subarray(mid * H * W, (mid + 1) * H * W) : undefined;
  let lo = Number.POSITIVE_INFINITY;
  let hi = Number.NEGATIVE_INFINITY;
  for (const v of plane) {
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  const scale = hi > lo ? 255 / (hi - lo) : 0;
  const rgb = new Uint8Array(H * W * 3);
  for (let p = 0; p < H * W; p++) {
    for (let c = 0; c < 3; c++) rgb[p * 3 + c] = Math.round((plane[p * C + Math.min(c, C >= 3 ? c : 0)]! - lo) * scale);
    const m = mask?.[p] ?? 0;
    if (m > 0) {
      const colour = PALETTE[(m - 1) % PALETTE.length]!;
      for (let c = 0; c < 3; c++) rgb[p * 3 + c] = Math.round(0.55 * rgb[p * 3 + c]! + 0.45 * colour[c]!);
    }
  }
  if (H === size && W === size) return rgb;
  const out = await sharp(Buffer.from(rgb), { raw: { width: W, height: H, channels: 3 } })
    .resize(size, size, { fit: 'contain', background: '#000', kernel: 'nearest' })
    .raw()
    .toBuffer();
  return new Uint8Array(out);
}

function captionOf(s: Sample, info: DatasetInfo): string {
  if (!s.label) return s.meta.id;
  const values = Array.from(s.label.dataSync());
  if (values.length === 1) return info.classes[values[0]!] ?? String(values[0]);
  const names = values.flatMap((v, k) => (v ? [info.classes[k] ?? String(k)] : []));
  return names.join(', ') || 'none';
}

function captionSvg(text: string, width: number): string {
  const escaped = text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${CAPTION}"><rect width="100%" height="100%" fill="#111"/><text x="3" y="12" font-family="sans-serif" font-size="11" fill="#fff">${escaped}</text></svg>`;
}
