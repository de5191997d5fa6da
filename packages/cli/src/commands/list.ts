import { listDatasets } from '@medsets/catalog';
import { type Command, datasetTable } from '../command.ts';
import { EXIT } from '../io.ts';
import { langOf, parse } from '../options.ts';

export const list: Command = {
  usage: 'medsets list [--json] [--lang en|zh]',
  summary: 'every dataset in the catalog',
  run(argv, io) {
    const { values } = parse(argv, {});
    const datasets = [...listDatasets()].sort((a, b) => a.name.localeCompare(b.name, 'en', { sensitivity: 'base' }));
    io.out(values.json ? JSON.stringify(datasets, null, 2) : datasetTable(datasets, langOf(values.lang)));
    return EXIT.ok;
  },
};
