import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { DatasetLayoutError } from '../../download/errors.ts';
import { filesMatching, readCsv } from '../files.ts';
import { csv, writePatternImage, writeText } from '../fixture-kit.ts';
import { defineRecipe, type SampleRef } from '../recipe.ts';

export const CXR14_CLASSES = [
  'Atelectasis',
  'Cardiomegaly',
  'Effusion',
  'Infiltration',
  'Mass',
  'Nodule',
  'Pneumonia',
  'Pneumothorax',
  'Consolidation',
  'Edema',
  'Emphysema',
  'Fibrosis',
  'Pleural_Thickening',
  'Hernia',
];

/**
 * NIH ChestX-ray14 (Wang et al., CVPR 2017): 112,120 1024×1024 PNGs `images/<patient>_<follow-up>.png`
 * (unpacked from images_001…012.tar.gz), labels in `Data_Entry_2017_v2020.csv` (Image Index,
 * Finding Labels separated by "|", Follow-up #, Patient ID, …, OriginalImagePixelSpacing[x, y])
 * as a 14-class multi-hot vector ("No Finding" is all zeros), and the official patient-wise split
 * in `train_val_list.txt` / `test_list.txt`. Validation is carved from train_val by Patient ID.
 */
export default defineRecipe({
  id: 'chestx-ray14',
  catalogIds: ['chestx-ray14'],
  title: 'NIH ChestX-ray14',
  layout:
    'Data_Entry_2017_v2020.csv (or Data_Entry_2017.csv)\ntrain_val_list.txt\ntest_list.txt\nimages/00000001_000.png … (images_001.tar.gz … images_012.tar.gz unpack to images/)',
  references: ['https://nihcc.app.box.com/v/ChestXray-NIHCC', 'https://arxiv.org/abs/1705.02315'],
  formats: ['png', 'csv', 'txt'],
  info: {
    classes: CXR14_CLASSES,
    task: 'multilabel',
    dimensionality: '2d',
    channels: 'gray [H, W, 1] (a few are RGBA: use channels: 1)',
  },
  split: { rule: 'official patient-wise train_val / test lists; val carved from train_val by Patient ID' },
  access: {
    kind: 'manual',
    where:
      'https://nihcc.app.box.com/v/ChestXray-NIHCC (Box folder; batch_download_zips.py there lists the 12 archive links)',
    files: [
      'images_001.tar.gz … images_012.tar.gz',
      'Data_Entry_2017_v2020.csv',
      'train_val_list.txt',
      'test_list.txt',
    ],
  },
  checksums: {},
  required: () => ['images'],
  async listSamples(root) {
    const table = ['Data_Entry_2017_v2020.csv', 'Data_Entry_2017.csv'].map((f) => join(root, f)).find(existsSync);
    if (!table) throw new DatasetLayoutError('chestx-ray14', root, 'missing Data_Entry_2017_v2020.csv');
    const test = existsSync(join(root, 'test_list.txt'))
      ? new Set((await readFile(join(root, 'test_list.txt'), 'utf8')).split(/\s+/).filter(Boolean))
      : undefined;
    const images = new Map((await filesMatching(root, /^\d{8}_\d{3}\.png$/)).map((p) => [p.split('/').pop()!, p]));
    const out: SampleRef[] = [];
    for (const row of await readCsv(table)) {
      const name = row['Image Index']!;
      const path = images.get(name);
      if (!path) continue;
      const findings = new Set((row['Finding Labels'] ?? '').split('|'));
      const ref: SampleRef = {
        id: name.replace(/\.png$/, ''),
        image: { kind: 'file', path },
        label: CXR14_CLASSES.map((c) => (findings.has(c) ? 1 : 0)),
        patientId: row['Patient ID'],
        path,
        extra: { view: row['View Position'] ?? '', age: Number(row['Patient Age'] ?? Number.NaN) },
      };
      if (test) ref.split = test.has(name) ? 'test' : 'train';
      out.push(ref);
    }
    return out;
  },
  async writeFixture(dir) {
    const rows: (string | number)[][] = [
      [
        'Image Index',
        'Finding Labels',
        'Follow-up #',
        'Patient ID',
        'Patient Age',
        'Patient Gender',
        'View Position',
        'OriginalImage[Width',
        'Height]',
        'OriginalImagePixelSpacing[x',
        'y]',
      ],
    ];
    const items: [string, string][] = [
      ['00000001_000.png', 'Cardiomegaly'],
      ['00000001_001.png', 'Cardiomegaly|Emphysema'],
      ['00000002_000.png', 'No Finding'],
      ['00000003_000.png', 'Hernia'],
      ['00000003_001.png', 'Hernia|Infiltration'],
      ['00000004_000.png', 'Mass|Nodule'],
    ];
    for (const [i, [name, findings]] of items.entries()) {
      await writePatternImage(join(dir, 'images', name), [16, 16], 1, 'png', i);
      const pid = Number(name.slice(0, 8));
      rows.push([name, findings, Number(name.slice(9, 12)), pid, 58, 'M', 'PA', 2682, 2749, 0.143, 0.143]);
    }
    await writeText(join(dir, 'Data_Entry_2017_v2020.csv'), csv(rows));
    await writeText(
      join(dir, 'train_val_list.txt'),
      `${items
        .slice(0, 5)
        .map(([n]) => n)
        .join('\n')}\n`,
    );
    await writeText(join(dir, 'test_list.txt'), `${items[5]![0]}\n`);
    return { samples: items.length, splits: { train: 5, test: 1 } };
  },
});
