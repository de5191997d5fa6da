import { join } from 'node:path';
import { filesMatching, locate, stem } from '../files.ts';
import { writePatternImage, writeText } from '../fixture-kit.ts';
import { defineRecipe, type SampleRef } from '../recipe.ts';

const NLM = 'https://lhncbc.nlm.nih.gov/LHC-downloads/downloads.html#tuberculosis-image-data-sets';

/**
 * Shenzhen chest X-ray set (Jaeger et al., Quant. Imaging Med. Surg. 2014): 662 PNGs
 * `ChinaSet_AllFiles/CXR_png/CHNCXR_<nnnn>_<0|1>.png`, where the last digit is the label (0 normal,
 * 1 tuberculosis), with radiologist readings in `ClinicalReadings/CHNCXR_<nnnn>_<d>.txt`. One
 * image per patient: the split is by image.
 */
export default defineRecipe({
  id: 'shenzhen-cxr',
  catalogIds: ['shenzhen-cxr'],
  title: 'Shenzhen Hospital chest X-ray set',
  layout: 'ChinaSet_AllFiles/\n  CXR_png/CHNCXR_0001_0.png … CHNCXR_0662_1.png\n  ClinicalReadings/CHNCXR_0001_0.txt …',
  references: [NLM, 'https://doi.org/10.3978/j.issn.2223-4292.2014.11.20'],
  formats: ['png', 'txt'],
  info: {
    classes: ['normal', 'tuberculosis'],
    task: 'classification',
    dimensionality: '2d',
    channels: 'gray or RGB PNG (use channels: 1)',
  },
  split: { rule: 'by image under the seed (one image per patient)' },
  access: { kind: 'manual', where: NLM, files: ['ChinaSet_AllFiles.zip'] },
  checksums: {},
  required: () => ['CXR_png'],
  async listSamples(root) {
    const base = locate(root, 'CXR_png', ['ChinaSet_AllFiles']);
    return (await filesMatching(join(base, 'CXR_png'), /^CHNCXR_\d+_[01]\.png$/i)).map((path): SampleRef => {
      const id = stem(path);
      return { id, image: { kind: 'file', path }, label: Number(id.slice(-1)), patientId: id.slice(0, -2), path };
    });
  },
  async writeFixture(dir) {
    const base = join(dir, 'ChinaSet_AllFiles');
    const ids = ['CHNCXR_0001_0', 'CHNCXR_0002_0', 'CHNCXR_0327_1', 'CHNCXR_0328_1'];
    for (const [i, id] of ids.entries()) {
      await writePatternImage(join(base, 'CXR_png', `${id}.png`), [20, 20], 1, 'png', i);
      await writeText(
        join(base, 'ClinicalReadings', `${id}.txt`),
        `male 35yrs\n${id.endsWith('1') ? 'PTB in the right upper field' : 'normal'}\n`,
      );
    }
    return { samples: ids.length };
  },
});
