import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { SplitName } from '../../splits.ts';
import { filesMatching, readCsv, stem } from '../files.ts';
import { csv, writeMask, writePatternImage, writeText } from '../fixture-kit.ts';
import { defineRecipe, type RecipeInfo, type SampleRef } from '../recipe.ts';

const S3 = 'https://isic-challenge-data.s3.amazonaws.com/2018';
const TASK3_COLUMNS = ['MEL', 'NV', 'BCC', 'AKIEC', 'BKL', 'DF', 'VASC'];
const PHASES: [SplitName, string][] = [
  ['train', 'Training'],
  ['val', 'Validation'],
  ['test', 'Test'],
];

const task1Info: RecipeInfo = {
  classes: ['background', 'lesion'],
  labelMap: { 0: 'background', 1: 'lesion' },
  task: 'segmentation',
  dimensionality: '2d',
  channels: 'RGB [H, W, 3]',
  maskEncoding: 'binary',
};
const task3Info: RecipeInfo = {
  classes: TASK3_COLUMNS,
  task: 'classification',
  dimensionality: '2d',
  channels: 'RGB [H, W, 3]',
};

/**
 * ISIC 2018 (Codella et al. 2019; Tschandl et al. 2018), configs:
 * - `task1` lesion segmentation: `ISIC2018_Task1-2_<Phase>_Input/ISIC_<id>.jpg` with
 *   `ISIC2018_Task1_<Phase>_GroundTruth/ISIC_<id>_segmentation.png` (2594/100/1000).
 * - `task3` classification: `ISIC2018_Task3_<Phase>_Input/ISIC_<id>.jpg` with one-hot
 *   `ISIC2018_Task3_<Phase>_GroundTruth.csv` (image, MEL, NV, BCC, AKIEC, BKL, DF, VASC)
 *   (10015/193/1512); `ISIC2018_Task3_Training_LesionGroupings.csv` groups images by lesion_id.
 * The challenge's training/validation/test phases are the official split.
 */
export default defineRecipe({
  id: 'isic-2018',
  catalogIds: ['isic-2018'],
  title: 'ISIC 2018',
  configs: ['task1', 'task3'],
  layout:
    'task1: ISIC2018_Task1-2_{Training,Validation,Test}_Input/ISIC_0000000.jpg\n       ISIC2018_Task1_{Training,Validation,Test}_GroundTruth/ISIC_0000000_segmentation.png\ntask3: ISIC2018_Task3_{Training,Validation,Test}_Input/ISIC_0024306.jpg\n       ISIC2018_Task3_{Training,Validation,Test}_GroundTruth/ISIC2018_Task3_*_GroundTruth.csv\n       ISIC2018_Task3_Training_LesionGroupings.csv',
  references: ['https://challenge.isic-archive.com/data/#2018', 'https://arxiv.org/abs/1902.03368'],
  formats: ['jpeg', 'png', 'csv'],
  info: (config) => (config === 'task3' ? task3Info : task1Info),
  split: { rule: 'official: challenge training / validation / test phases' },
  access: (config) => {
    const task = config === 'task3' ? '3' : '1';
    const inputs = task === '1' ? 'Task1-2' : 'Task3';
    const files = PHASES.flatMap(([, phase]) => [
      `ISIC2018_${inputs}_${phase}_Input.zip`,
      `ISIC2018_Task${task}_${phase}_GroundTruth.zip`,
    ]);
    if (task === '3') files.push('ISIC2018_Task3_Training_LesionGroupings.csv');
    return {
      kind: 'direct',
      page: 'https://challenge.isic-archive.com/data/#2018',
      files: files.map((file) => ({ url: `${S3}/${file}`, file, extract: file.endsWith('.zip') })),
    };
  },
  configFor: () => undefined,
  checksums: {},
  required: (config) => [config === 'task3' ? 'ISIC2018_Task3_Training_Input' : 'ISIC2018_Task1-2_Training_Input'],
  async listSamples(root, config) {
    const out: SampleRef[] = [];
    if (config === 'task3') {
      const groupsFile = join(root, 'ISIC2018_Task3_Training_LesionGroupings.csv');
      const lesion = existsSync(groupsFile)
        ? new Map((await readCsv(groupsFile)).map((r) => [r.image, r.lesion_id]))
        : new Map();
      for (const [split, phase] of PHASES) {
        const dir = join(root, `ISIC2018_Task3_${phase}_Input`);
        if (!existsSync(dir)) continue;
        const truth = (await filesMatching(root, new RegExp(`^ISIC2018_Task3_${phase}_GroundTruth\\.csv$`)))[0];
        const labels = new Map<string, number>();
        if (truth)
          for (const r of await readCsv(truth))
            labels.set(
              r.image!,
              TASK3_COLUMNS.findIndex((c) => Number(r[c]) >= 0.5),
            );
        for (const path of await filesMatching(dir, /\.jpe?g$/i)) {
          const id = stem(path);
          const ref: SampleRef = { id, image: { kind: 'file', path }, split, path };
          const label = labels.get(id);
          if (label !== undefined && label >= 0) ref.label = label;
          const g = lesion.get(id);
          if (g) ref.group = g;
          out.push(ref);
        }
      }
      return out;
    }
    for (const [split, phase] of PHASES) {
      const dir = join(root, `ISIC2018_Task1-2_${phase}_Input`);
      if (!existsSync(dir)) continue;
      for (const path of await filesMatching(dir, /\.jpe?g$/i)) {
        const id = stem(path);
        const mask = join(root, `ISIC2018_Task1_${phase}_GroundTruth`, `${id}_segmentation.png`);
        const ref: SampleRef = { id, image: { kind: 'file', path }, split, path };
        if (existsSync(mask)) ref.mask = { kind: 'file', path: mask };
        out.push(ref);
      }
    }
    return out;
  },
  async writeFixture(dir, config) {
    const counts: Record<SplitName, number> = { train: 3, val: 1, test: 2 };
    let n = 0;
    if (config === 'task3') {
      const groups: string[][] = [['image', 'lesion_id', 'diagnosis_confirm_type']];
      for (const [split, phase] of PHASES) {
        const rows: (string | number)[][] = [['image', ...TASK3_COLUMNS]];
        for (let i = 0; i < counts[split]; i++, n++) {
          const id = `ISIC_00${24306 + n}`;
          await writePatternImage(join(dir, `ISIC2018_Task3_${phase}_Input`, `${id}.jpg`), [18, 14], 3, 'jpeg', n);
          rows.push([id, ...TASK3_COLUMNS.map((_, c) => (c === n % 7 ? '1.0' : '0.0'))]);
          if (split === 'train') groups.push([id, `HAM_000${Math.floor(i / 2)}`, 'histopathology']);
        }
        await writeText(
          join(dir, `ISIC2018_Task3_${phase}_GroundTruth`, `ISIC2018_Task3_${phase}_GroundTruth.csv`),
          csv(rows),
        );
      }
      await writeText(join(dir, 'ISIC2018_Task3_Training_LesionGroupings.csv'), csv(groups));
      return { samples: n, splits: counts };
    }
    for (const [split, phase] of PHASES)
      for (let i = 0; i < counts[split]; i++, n++) {
        const id = `ISIC_00000${String(n).padStart(2, '0')}`;
        await writePatternImage(join(dir, `ISIC2018_Task1-2_${phase}_Input`, `${id}.jpg`), [18, 14], 3, 'jpeg', n);
        await writeMask(join(dir, `ISIC2018_Task1_${phase}_GroundTruth`, `${id}_segmentation.png`), [18, 14], 'png', n);
      }
    return { samples: n, splits: counts };
  },
});
