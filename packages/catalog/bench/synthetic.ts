import { type Dataset, datasetSchema } from '../src/schema.ts';

/** A deterministic pseudo-random generator (mulberry32), so every run builds the same catalog. */
function random(seed: number) {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const SYLLABLES = ['ka', 'lu', 'na', 'med', 'seg', 'cor', 'vis', 'tra', 'neo', 'bra', 'pul', 'hep', 'oss', 'der'];
const HAN = '肺结节乳腺超声眼底皮肤镜病理切片肝脏肾脏胰腺心脏脊柱脑肿瘤分割分类检测数据集';

/**
 * A catalog of `size` entries built by varying the real ones: new ids, names and description words,
 * so the index sees a realistic mix of English and Chinese text and a large vocabulary.
 */
export function syntheticDatasets(real: readonly Dataset[], size: number): Dataset[] {
  const next = random(42);
  const pick = <T>(list: readonly T[]) => list[Math.floor(next() * list.length)]!;
  const word = () => Array.from({ length: 2 + Math.floor(next() * 3) }, () => pick(SYLLABLES)).join('');
  const han = () => Array.from({ length: 4 }, () => pick([...HAN])).join('');
  return Array.from({ length: size }, (_, i) => {
    const base = pick(real);
    const name = `${word()}-${i}`;
    return datasetSchema.parse({
      ...base,
      id: `synthetic-${i}`,
      name,
      aliases: [`${name} v${1 + (i % 3)}`],
      related: [],
      partOf: null,
      description: {
        en: `${base.description.en} ${word()} ${word()} ${word()}`,
        zh: `${base.description.zh}${han()}${han()}`,
      },
    });
  });
}
