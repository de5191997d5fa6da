import { ACCESS, DIMENSIONALITY, FILE_FORMAT, getDataset, LINK_KIND } from '@medsets/catalog';
import type { Command } from '../command.ts';
import { EXIT, UsageError } from '../io.ts';
import { countsText, facetTables, label, labels } from '../labels.ts';
import { langOf, parse } from '../options.ts';

export const info: Command = {
  usage: 'medsets info <id-or-alias> [--json] [--lang en|zh]',
  summary: 'every fact of one dataset, with links, citation and corrections',
  run(argv, io) {
    const { values, positionals } = parse(argv, {});
    if (positionals.length !== 1) throw new UsageError('give exactly one dataset id or alias');
    const d = getDataset(positionals[0]!);
    if (values.json) {
      io.out(JSON.stringify(d, null, 2));
      return EXIT.ok;
    }
    const lang = langOf(values.lang);
    const zh = lang === 'zh';
    const rows: [string, string, string][] = [
      ['Id', 'ID', d.id],
      ['Name', '名称', d.fullName ? `${d.name} (${d.fullName})` : d.name],
      ['Aliases', '别名', d.aliases.join(', ')],
      ['Modalities', '模态', labels(facetTables.modality, d.modalities, lang)],
      ['Tasks', '任务', labels(facetTables.task, d.tasks, lang)],
      ['Anatomy', '部位', labels(facetTables.anatomy, d.anatomy, lang)],
      ['Diseases', '疾病', d.diseases.join(', ')],
      ['Dimensionality', '维度', labels(DIMENSIONALITY.labels, d.dimensionality, lang)],
      ['Formats', '格式', labels(FILE_FORMAT.labels, d.fileFormats, lang)],
      ['Counts', '数量', countsText(d, lang) + (d.countsNote ? ` (${d.countsNote})` : '')],
      ['Classes', '类别', d.classes?.join(', ') ?? ''],
      ['Access', '获取方式', label(ACCESS.labels, d.access, lang)],
      ['License', '许可', d.license ?? ''],
      ['Year', '年份', d.year ? String(d.year) : ''],
      [
        'Challenge',
        '挑战赛',
        d.challenge ? `${d.challenge.name}${d.challenge.year ? ` ${d.challenge.year}` : ''}` : '',
      ],
      ['Loadable', 'SDK 加载', d.loader ? `loadDataset('${d.id}')` : ''],
      ['Verified', '已核实', d.verified ? (zh ? '是' : 'yes') : zh ? '否（沿用种子文档数据）' : 'no (seed facts kept)'],
    ];
    for (const [en, cn, value] of rows) if (value) io.out(`${(zh ? cn : en).padEnd(zh ? 8 : 15)} ${value}`);
    io.out(`\n${d.description[lang]}`);
    io.out(`\n${zh ? '链接' : 'Links'}:`);
    for (const l of d.links) {
      const flag = l.status === 'ok' ? '' : ` [${l.status}]`;
      io.out(`  ${label(LINK_KIND.labels, l.kind, lang)}: ${l.url}${flag}`);
    }
    if (d.provenance.corrections.length) {
      io.out(`\n${zh ? '对种子数据的更正' : 'Corrections to the seed facts'}:`);
      for (const c of d.provenance.corrections) io.out(`  ${c.field}: "${c.seed}" → "${c.corrected}" (${c.source})`);
    }
    if (d.citation) io.out(`\n${d.citation}`);
    return EXIT.ok;
  },
};
