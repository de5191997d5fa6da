import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { DatasetLayoutError } from '../../download/errors.ts';
import { stem } from '../files.ts';
import { sphere, writeNifti, writeText } from '../fixture-kit.ts';
import { defineRecipe, type Recipe, type RecipeInfo, type SampleRef } from '../recipe.ts';

/** The fields of an MSD-style `dataset.json` this recipe reads. */
export interface MsdDatasetJson {
  name?: string;
  modality?: Record<string, string>;
  labels?: Record<string, string>;
  training: { image: string; label: string }[];
  test?: (string | { image: string })[];
}

/** Samples from a parsed dataset.json: training cases (with labels) and test cases (without). */
export function msdSamples(root: string, json: MsdDatasetJson): SampleRef[] {
  const abs = (p: string) => join(root, p.replace(/^\.\//, ''));
  const out: SampleRef[] = [];
  for (const t of json.training) {
    const id = stem(t.image);
    out.push({
      id,
      image: { kind: 'file', path: abs(t.image) },
      mask: { kind: 'file', path: abs(t.label) },
      patientId: id,
      split: 'train',
      path: abs(t.image),
    });
  }
  for (const t of json.test ?? []) {
    const image = typeof t === 'string' ? t : t.image;
    const id = stem(image);
    out.push({ id, image: { kind: 'file', path: abs(image) }, patientId: id, split: 'test', path: abs(image) });
  }
  return out;
}

export async function readMsdJson(datasetId: string, root: string, file = 'dataset.json'): Promise<MsdDatasetJson> {
  let text: string;
  try {
    text = await readFile(join(root, file), 'utf8');
  } catch {
    throw new DatasetLayoutError(datasetId, root, `missing ${file}`);
  }
  const json = JSON.parse(text) as MsdDatasetJson;
  if (!Array.isArray(json.training)) throw new DatasetLayoutError(datasetId, root, `${file} has no "training" list`);
  return json;
}

export function msdInfo(json: Pick<MsdDatasetJson, 'labels' | 'modality'>): RecipeInfo {
  const labels = Object.entries(json.labels ?? { 0: 'background', 1: 'foreground' }).sort(
    ([a], [b]) => Number(a) - Number(b),
  );
  const modalities = Object.values(json.modality ?? { 0: 'image' });
  return {
    classes: labels.map(([, name]) => name),
    labelMap: Object.fromEntries(labels.map(([k, name]) => [Number(k), name])),
    task: 'segmentation',
    dimensionality: '3d',
    channels: `${modalities.join(', ')} as ${modalities.length} channel${modalities.length > 1 ? 's' : ''} [D, H, W, ${modalities.length}]`,
    maskEncoding: 'labels',
  };
}

/**
 * A tiny MSD task: `dataset.json`, `imagesTr/`, `labelsTr/`, `imagesTs/`; 4D images when the task
 * has several modalities (as Task01 and Task05 are distributed).
 */
export async function writeMsdFixture(
  dir: string,
  task: { prefix: string; modality: Record<string, string>; labels: Record<string, string>; name: string },
  counts = { train: 4, test: 2 },
): Promise<{ samples: number; splits: { train: number; test: number } }> {
  const channels = Object.keys(task.modality).length;
  const shape = channels > 1 ? [8, 8, 6, channels] : [8, 8, 6];
  const nLabels = Object.keys(task.labels).length - 1;
  const training = [];
  const test = [];
  for (let i = 0; i < counts.train; i++) {
    const name = `${task.prefix}_${String(i + 1).padStart(3, '0')}.nii.gz`;
    const seg = sphere(shape, i, nLabels);
    await writeNifti(
      join(dir, 'imagesTr', name),
      shape,
      'int16',
      (x, y, z, t) => 100 * seg(x, y, z) + 10 * t + ((x + y + z) % 7),
      [1.5, 1.5, 2],
    );
    await writeNifti(join(dir, 'labelsTr', name), [8, 8, 6], 'uint8', (x, y, z) => seg(x, y, z), [1.5, 1.5, 2]);
    training.push({ image: `./imagesTr/${name}`, label: `./labelsTr/${name}` });
  }
  for (let i = 0; i < counts.test; i++) {
    const name = `${task.prefix}_${String(100 + i).padStart(3, '0')}.nii.gz`;
    await writeNifti(join(dir, 'imagesTs', name), shape, 'int16', (x, y, z) => (x * y + z) % 50, [1.5, 1.5, 2]);
    test.push(`./imagesTs/${name}`);
  }
  const json = {
    name: task.name,
    description: 'medsets fixture',
    tensorImageSize: channels > 1 ? '4D' : '3D',
    modality: task.modality,
    labels: task.labels,
    numTraining: counts.train,
    numTest: counts.test,
    training,
    test,
  };
  await writeText(join(dir, 'dataset.json'), JSON.stringify(json, null, 4));
  return { samples: counts.train + counts.test, splits: { train: counts.train, test: counts.test } };
}

export interface MsdJsonOptions {
  id?: string;
  title?: string;
  file?: string;
  labels?: Record<string, string>;
  modality?: Record<string, string>;
}

/** Any dataset described by an MSD-style `dataset.json` (nnU-Net v1 uses the same file). */
export function msdJson(options: MsdJsonOptions = {}): Recipe {
  const file = options.file ?? 'dataset.json';
  const id = options.id ?? 'msd-json';
  let info = msdInfo({ labels: options.labels, modality: options.modality });
  return defineRecipe({
    id,
    catalogIds: [],
    title: options.title ?? 'MSD-style dataset.json',
    layout: `<root>/${file}\n<root>/imagesTr/*.nii.gz\n<root>/labelsTr/*.nii.gz\n<root>/imagesTs/*.nii.gz`,
    references: ['http://medicaldecathlon.com/', 'https://arxiv.org/abs/1902.09063'],
    formats: ['nifti', 'json'],
    info: () => info,
    split: { rule: 'official training/test lists; val carved from training by case under the seed' },
    access: { kind: 'manual', where: 'your own folder', files: [file, 'imagesTr/', 'labelsTr/', 'imagesTs/'] },
    checksums: {},
    required: () => [file],
    async listSamples(root) {
      const json = await readMsdJson(id, root, file);
      if (!options.labels) info = msdInfo(json);
      return msdSamples(root, json);
    },
    writeFixture: (dir) =>
      writeMsdFixture(dir, {
        prefix: 'case',
        name: 'Fixture',
        modality: { 0: 'CT' },
        labels: { 0: 'background', 1: 'organ' },
      }),
  });
}

export default msdJson();
