import { type SearchQuery, search as searchCatalog } from '@medsets/catalog';
import { type Command, datasetTable } from '../command.ts';
import { EXIT, UsageError } from '../io.ts';
import { langOf, parse } from '../options.ts';

const multi = { type: 'string', multiple: true } as const;

export const search: Command = {
  usage:
    'medsets search <text> [--modality ct] [--task segmentation] [--anatomy lung] [--dimensionality 3d] ' +
    '[--format nifti] [--access open] [--loadable] [--sort relevance|name|size|year] [--limit 20] [--json] [--lang en|zh]',
  summary: 'ranked search by free text (English or Chinese) and facets',
  run(argv, io) {
    const { values, positionals } = parse(argv, {
      modality: multi,
      task: multi,
      anatomy: multi,
      dimensionality: multi,
      format: multi,
      access: multi,
      loadable: { type: 'boolean' },
      sort: { type: 'string' },
      limit: { type: 'string', default: '20' },
    });
    const limit = Number(values.limit);
    if (!Number.isInteger(limit) || limit < 1 || limit > 100) throw new UsageError('--limit must be 1 to 100');
    const query = {
      text: positionals.join(' '),
      filters: {
        modality: values.modality,
        task: values.task,
        anatomy: values.anatomy,
        dimensionality: values.dimensionality,
        fileFormat: values.format,
        access: values.access,
        loadable: values.loadable,
      },
      sort: values.sort,
      pageSize: limit,
    } as SearchQuery;
    const result = searchCatalog(query);
    const lang = langOf(values.lang);
    if (values.json) {
      io.out(
        JSON.stringify(
          { total: result.total, hits: result.hits.map((h) => h.dataset), facets: result.facets },
          null,
          2,
        ),
      );
    } else if (result.total > 0) {
      io.out(
        datasetTable(
          result.hits.map((h) => h.dataset),
          lang,
        ),
      );
      io.out(lang === 'zh' ? `共 ${result.total} 个数据集` : `${result.total} dataset(s)`);
    }
    if (result.total === 0) {
      io.err(lang === 'zh' ? '没有匹配的数据集。' : 'No dataset matches.');
      return EXIT.notFound;
    }
    return EXIT.ok;
  },
};
