import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { filesMatching, locate, stem } from '../files.ts';
import { writeMask, writePatternImage, writeText } from '../fixture-kit.ts';
import { defineRecipe, type SampleRef, type Source } from '../recipe.ts';

const NLM = 'https://lhncbc.nlm.nih.gov/LHC-downloads/downloads.html#tuberculosis-image-data-sets';

/**
 * Montgomery County chest X-ray set (Jaeger et al. 2014): 138 PNGs
 * `MontgomerySet/CXR_png/MCUCXR_<nnnn>_<0|1>.png` (last digit: 1 tuberculosis), lung masks in
 * `ManualMask/leftMask/` and `ManualMask/rightMask/` (same names; merged into one lung mask here)
 * and readings in `ClinicalReadings/`.
 */
export default defineRecipe({
  id: 'montgomery-cxr',
  catalogIds: ['montgomery-cxr'],
  title: 'Montgomery County chest X-ray set',
  layout:
    'MontgomerySet/\n  CXR_png/MCUCXR_0001_0.png …\n  ManualMask/leftMask/MCUCXR_0001_0.png …\n  ManualMask/rightMask/MCUCXR_0001_0.png …\n  ClinicalReadings/MCUCXR_0001_0.txt …',
  references: [NLM, 'https://doi.org/10.3978/j.issn.2223-4292.2014.11.20'],
  formats: ['png', 'txt'],
  info: {
    classes: ['normal', 'tuberculosis'],
    labelMap: { 0: 'background', 1: 'lung' },
    task: 'segmentation',
    dimensionality: '2d',
    channels: 'gray [H, W, 1]',
    maskEncoding: 'binary',
  },
  split: { rule: 'by image under the seed (one image per patient)' },
  access: { kind: 'manual', where: NLM, files: ['NLM-MontgomeryCXRSet.zip'] },
  checksums: {},
  required: () => ['CXR_png'],
  async listSamples(root) {
    const base = locate(root, 'CXR_png', ['MontgomerySet']);
    return (await filesMatching(join(base, 'CXR_png'), /^MCUCXR_\d+_[01]\.png$/i)).map((path): SampleRef => {
      const id = stem(path);
      const masks: Source[] = ['leftMask', 'rightMask']
        .map((side) => join(base, 'ManualMask', side, `${id}.png`))
        .filter(existsSync)
        .map((p) => ({ kind: 'file', path: p }));
      const ref: SampleRef = {
        id,
        image: { kind: 'file', path },
        label: Number(id.slice(-1)),
        patientId: id.slice(0, -2),
        path,
      };
      if (masks.length) ref.mask = masks;
      return ref;
    });
  },
  async writeFixture(dir) {
    const base = join(dir, 'MontgomerySet');
    const ids = ['MCUCXR_0001_0', 'MCUCXR_0002_0', 'MCUCXR_0104_1'];
    for (const [i, id] of ids.entries()) {
      await writePatternImage(join(base, 'CXR_png', `${id}.png`), [20, 20], 1, 'png', i);
      await writeMask(join(base, 'ManualMask', 'leftMask', `${id}.png`), [20, 20], 'png', i);
      await writeMask(join(base, 'ManualMask', 'rightMask', `${id}.png`), [20, 20], 'png', i + 20);
      await writeText(join(base, 'ClinicalReadings', `${id}.txt`), "Patient's Sex: F\nPatient's Age: 040Y\nnormal\n");
    }
    return { samples: ids.length };
  },
});
