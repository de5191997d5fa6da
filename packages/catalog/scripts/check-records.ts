/**
 * Checks the catalog records while they are written, one file at a time, without stopping at the
 * first broken file:  npx tsx packages/catalog/scripts/check-records.ts [file-stem]
 * Reports schema errors per record, name collisions and dangling references across all files,
 * and the seed names (test/data/seed-names.json) that resolve to no entry.
 */
import { readdirSync } from 'node:fs';
import { normalizeName } from '../src/names.ts';
import { type Dataset, type DatasetInput, datasetSchema } from '../src/schema.ts';
import seedNames from '../test/data/seed-names.json' with { type: 'json' };

const only = process.argv[2];
const dir = new URL('../src/records/', import.meta.url);
const files = readdirSync(dir).filter((f) => f.endsWith('.ts') && f !== 'index.ts');
const valid: { file: string; d: Dataset }[] = [];
let problems = 0;
for (const file of files) {
  let records: DatasetInput[];
  try {
    records = (await import(new URL(file, dir).href)).records;
  } catch (e) {
    console.log(`${file}: does not load: ${(e as Error).message}`);
    problems++;
    continue;
  }
  for (const r of records) {
    const parsed = datasetSchema.safeParse(r);
    if (parsed.success) valid.push({ file, d: parsed.data });
    else if (!only || file.startsWith(only)) {
      for (const i of parsed.error.issues) console.log(`${file} ${r.id}: ${i.path.join('.')}: ${i.message}`);
      problems++;
    }
  }
}
const names = new Map<string, { file: string; d: Dataset }>();
const ids = new Set(valid.map((v) => v.d.id));
for (const v of valid) {
  for (const n of [v.d.id, v.d.name, ...v.d.aliases]) {
    const k = normalizeName(n);
    const other = names.get(k);
    if (other && other.d.id !== v.d.id) {
      console.log(`collision: "${n}" names ${other.d.id} (${other.file}) and ${v.d.id} (${v.file})`);
      problems++;
    } else if (other && other.d === v.d && n !== v.d.id && normalizeName(v.d.id) !== k) {
      // same entry listing two spellings with one normalized key: harmless but redundant
    }
    names.set(k, v);
  }
  for (const ref of [...v.d.related, ...(v.d.partOf ? [v.d.partOf] : [])]) {
    if (!ids.has(ref)) console.log(`note: ${v.d.id} refers to "${ref}", not (yet) in the catalog`);
  }
}
console.log(`${valid.length} valid records in ${files.length} files`);
const missing = seedNames.filter((s) => !names.has(normalizeName(s.name)));
console.log(`${seedNames.length - missing.length}/${seedNames.length} seed names resolve`);
for (const s of missing) console.log(`  unresolved: ${s.name}  (${s.file}, ${s.where})`);
process.exitCode = problems ? 1 : 0;
