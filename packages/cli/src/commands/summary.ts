import { listDatasets, MODALITY, search } from '@medsets/catalog';
import type { Command } from '../command.ts';
import { EXIT } from '../io.ts';
import { label } from '../labels.ts';
import { langOf, parse } from '../options.ts';

export const summary: Command = {
  usage: 'medsets summary [--json] [--lang en|zh]',
  summary: 'how many datasets the catalog holds, by modality',
  run(argv, io) {
    const { values } = parse(argv, {});
    const lang = langOf(values.lang);
    const byModality = search({ pageSize: 1 }).facets.modality;
    const total = listDatasets().length;
    if (values.json) {
      io.out(JSON.stringify({ total, byModality: byModality.map(({ value, count }) => ({ value, count })) }, null, 2));
      return EXIT.ok;
    }
    io.out(
      lang === 'zh' ? `medsets 目录：${total} 个医学影像数据集` : `medsets catalog: ${total} medical-imaging datasets`,
    );
    for (const { value, count } of byModality) io.out(`  ${label(MODALITY.labels, value, lang).padEnd(32)} ${count}`);
    io.out(lang === 'zh' ? '\n试试：npx medsets search 肺结节' : '\nTry: npx medsets search "lung nodule"');
    return EXIT.ok;
  },
};
