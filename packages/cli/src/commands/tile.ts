import { mkdir, writeFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import {
  extractPatch,
  niftiToVolume,
  openSlide,
  patchGrid,
  planSlideTiles,
  readNifti,
  readSlideTiles,
} from '@medsets/loaders';
import sharp from 'sharp';
import { writeNifti } from '../../../loaders/src/recipes/fixture-kit.ts';
import type { Command } from '../command.ts';
import { guarded } from '../dataset-command.ts';
import { EXIT, UsageError } from '../io.ts';
import { parse } from '../options.ts';
import { countProgress } from '../progress.ts';

export const tile: Command = {
  usage:
    'medsets tile <slide-or-volume> -o <dir> [--size 256] [--stride n] [--level 0 | --magnification 20] [--min-tissue 0.5] [--json]',
  summary: 'cut a whole-slide image into PNG tiles, or a NIfTI volume into patches, with an index.csv',
  run(argv, io) {
    return guarded('tile', io, async () => {
      const { values, positionals } = parse(argv, {
        output: { type: 'string', short: 'o' },
        size: { type: 'string', default: '256' },
        stride: { type: 'string' },
        level: { type: 'string' },
        magnification: { type: 'string' },
        'min-tissue': { type: 'string', default: '0.5' },
      });
      const input = positionals[0];
      if (!input || !values.output) throw new UsageError('give an input file and -o <dir>');
      const size = Number(values.size);
      const stride = values.stride === undefined ? undefined : Number(values.stride);
      if (!(Number.isInteger(size) && size > 0) || (stride !== undefined && !(Number.isInteger(stride) && stride > 0)))
        throw new UsageError('--size and --stride take positive integers');
      await mkdir(values.output, { recursive: true });
      const bar = countProgress('tiles', !!values.json);
      const stem = basename(input).replace(/\.(nii\.gz|nii|tiff?|svs)$/i, '');
      const rows: string[] = [];
      try {
        if (/\.nii(\.gz)?$/i.test(input)) {
          const vol = niftiToVolume(await readNifti(input));
          const starts = patchGrid(vol.shape, size, stride);
          rows.push('file,z,y,x,depth,height,width');
          for (const [k, start] of starts.entries()) {
            const patch = extractPatch(vol, start, size);
            const [D, H, W] = patch.shape;
            const file = `${stem}_z${start[0]}_y${start[1]}_x${start[2]}.nii.gz`;
            const C = patch.channels;
            await writeNifti(join(values.output, file), C > 1 ? [W, H, D, C] : [W, H, D], 'float32', (i, j, kk, t) =>
              Number(patch.data[((kk * H + j) * W + i) * C + t]),
            );
            rows.push(`${file},${start.join(',')},${D},${H},${W}`);
            bar.update(k + 1, starts.length);
          }
        } else {
          const slide = await openSlide(input);
          try {
            const level = values.level === undefined ? undefined : Number(values.level);
            const magnification = values.magnification === undefined ? undefined : Number(values.magnification);
            const plan = await planSlideTiles(slide, {
              size,
              ...(stride ? { stride } : {}),
              ...(magnification ? { magnification } : { level: level ?? 0 }),
              minTissue: Number(values['min-tissue']),
            });
            rows.push('file,level,x,y,x0,y0,size,tissue');
            let k = 0;
            for await (const t of readSlideTiles(slide, plan)) {
              const file = `${stem}_L${t.level}_x${t.x0}_y${t.y0}.png`;
              await sharp(Buffer.from(t.image.data.buffer, t.image.data.byteOffset, t.image.data.byteLength), {
                raw: { width: t.image.width, height: t.image.height, channels: t.image.channels as 3 },
              })
                .png()
                .toFile(join(values.output, file));
              rows.push(`${file},${t.level},${t.x},${t.y},${t.x0},${t.y0},${plan.size},${t.tissue.toFixed(4)}`);
              bar.update(++k, plan.tiles.length);
            }
          } finally {
            await slide.close();
          }
        }
      } finally {
        bar.stop();
      }
      await writeFile(join(values.output, 'index.csv'), `${rows.join('\n')}\n`);
      const count = rows.length - 1;
      if (values.json)
        io.out(JSON.stringify({ output: values.output, tiles: count, index: join(values.output, 'index.csv') }));
      else io.out(`wrote ${count} ${/\.nii/i.test(input) ? 'patches' : 'tiles'} and index.csv to ${values.output}`);
      return EXIT.ok;
    });
  },
};
