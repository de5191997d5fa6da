/**
 * Checks the catalog records while they are being written:
 *   npx tsx packages/catalog/scripts/check-records.ts [records-file-stem]
 * Validates every record, then lists seed names that resolve to nothing (only those whose
 * dataset is in the given records file's "owned" list when a stem is given is up to the caller).
 */
import seedNames from '../test/data/seed-names.json' with { type: 'json' };
import { Catalog } from '../src/catalog.ts';
import { allRecords } from '../src/records/index.ts';

const catalog = Catalog.fromRecords(allRecords);
console.log(`${catalog.datasets.length} valid records`);
const missing = seedNames.filter((s) => !catalog.resolve(s.name));
console.log(`${seedNames.length - missing.length}/${seedNames.length} seed names resolve`);
for (const s of missing) console.log(`  unresolved: ${s.name}  (${s.file}, ${s.where})`);
