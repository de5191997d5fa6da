import { COUNT_UNIT, type Dataset, DatasetNotFoundError, getCatalog, resolveAlias } from '@medsets/catalog';
import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound, redirect } from 'next/navigation';
import type { ReactNode } from 'react';
import { accessTone, Badge } from '~/components/badge';
import { CopyButton } from '~/components/copy-button';
import { DatasetCard } from '~/components/dataset-card';
import { Section } from '~/components/section';
import { explorerHref } from '~/explorer/url-state';
import { labelOf } from '~/i18n/labels';
import type { Lang } from '~/i18n/messages';
import { getMessages } from '~/i18n/server';
import { api } from '~/trpc/server';
import { DatasetTeamPanel } from './team-panel';

type Params = Promise<{ id: string }>;

export async function generateMetadata({ params }: { params: Params }): Promise<Metadata> {
  const d = resolveAlias(decodeURIComponent((await params).id));
  return { title: d ? d.name : 'Not found', description: d?.description.en };
}

export default async function DatasetPage({ params }: { params: Params }) {
  const { lang, t } = await getMessages();
  const raw = decodeURIComponent((await params).id);
  const caller = await api();
  const found = await caller.catalog.get({ id: raw }).catch((e: unknown) => {
    if ((e as { cause?: unknown }).cause instanceof DatasetNotFoundError) return null;
    throw e;
  });
  if (!found) return <NotFound query={raw} t={t} />;
  const { dataset: d, snippet, similar } = found;
  // Aliases resolve to one canonical address, so links and annotations never split across spellings.
  if (raw !== d.id) redirect(`/datasets/${d.id}`);

  const label = (facet: string, value: string) => labelOf(facet, value, lang);
  const tag = (facet: string, values: readonly string[]) =>
    values.length ? (
      <ul className="flex flex-wrap gap-1.5">
        {values.map((v) => (
          <li key={v}>
            <Link href={explorerHref({ filters: { [facet]: [v] } })} className="hover:opacity-80">
              <Badge tone={facet === 'modality' ? 'brand' : 'slate'}>{label(facet, v)}</Badge>
            </Link>
          </li>
        ))}
      </ul>
    ) : (
      <span className="text-slate-500">{t.common.none}</span>
    );

  return (
    <article className="flex flex-col gap-4" data-testid="dataset-page">
      <nav aria-label="breadcrumb" className="text-sm">
        <Link href="/" className="text-brand-700 hover:underline">
          ← {t.dataset.back}
        </Link>
      </nav>
      <header className="flex flex-col gap-2">
        <div className="flex flex-wrap items-center gap-3">
          <h1 className="text-2xl font-semibold">{d.name}</h1>
          <Badge tone={accessTone(d.access)}>{label('access', d.access)}</Badge>
          <Badge tone={d.verified ? 'green' : 'amber'}>{d.verified ? t.dataset.verified : t.dataset.unverified}</Badge>
          {d.loader && <Badge tone="green">{label('loadable', 'true')}</Badge>}
        </div>
        {d.fullName && <p className="text-slate-600">{d.fullName}</p>}
        {d.aliases.length > 0 && (
          <p className="text-sm text-slate-600">
            <span className="font-medium">{t.dataset.aliases}:</span> {d.aliases.join(' · ')}
          </p>
        )}
        <p className="max-w-3xl text-slate-800">{d.description[lang]}</p>
        <div className="flex flex-wrap gap-2 pt-1">
          <Link
            href={`/compare?ids=${[d.id, ...similar.slice(0, 1).map((s) => s.id)].join(',')}`}
            className="rounded-md border border-slate-300 bg-white px-3 py-1.5 text-sm hover:bg-slate-100"
          >
            {t.dataset.compareWith}
          </Link>
        </div>
      </header>

      <div className="grid grid-cols-1 gap-4 lg:grid-cols-3">
        <div className="flex flex-col gap-4 lg:col-span-2">
          <Section id="overview" title={t.dataset.overview}>
            <dl className="grid grid-cols-1 gap-x-4 gap-y-3 text-sm sm:grid-cols-[10rem_1fr]">
              <Fact term={t.dataset.modalities}>{tag('modality', d.modalities)}</Fact>
              <Fact term={t.dataset.tasks}>{tag('task', d.tasks)}</Fact>
              <Fact term={t.dataset.anatomy}>{tag('anatomy', d.anatomy)}</Fact>
              <Fact term={t.dataset.dimensionality}>{tag('dimensionality', d.dimensionality)}</Fact>
              <Fact term={t.dataset.fileFormats}>{tag('fileFormat', d.fileFormats)}</Fact>
              <Fact term={t.dataset.diseases}>{d.diseases.length ? d.diseases.join(', ') : t.common.none}</Fact>
              <Fact term={t.dataset.counts}>
                <Counts d={d} lang={lang} unknown={t.common.unknown} />
              </Fact>
              <Fact term={t.dataset.classes}>
                {d.classes?.length ? (
                  <ul className="flex flex-wrap gap-1.5">
                    {d.classes.map((c) => (
                      <li key={c}>
                        <Badge>{c}</Badge>
                      </li>
                    ))}
                  </ul>
                ) : (
                  t.common.unknown
                )}
              </Fact>
              <Fact term={t.dataset.access}>{label('access', d.access)}</Fact>
              <Fact term={t.dataset.license}>{d.license ?? t.dataset.noLicense}</Fact>
              <Fact term={t.dataset.year}>{d.year ?? t.common.unknown}</Fact>
              {d.challenge && (
                <Fact term={t.dataset.challenge}>
                  {d.challenge.url ? (
                    <a
                      href={d.challenge.url}
                      rel="noopener noreferrer"
                      target="_blank"
                      className="text-brand-700 underline"
                    >
                      {d.challenge.name}
                    </a>
                  ) : (
                    d.challenge.name
                  )}
                  {d.challenge.year ? ` (${d.challenge.year})` : ''}
                </Fact>
              )}
              {d.partOf && (
                <Fact term={t.dataset.partOf}>
                  <Link href={`/datasets/${d.partOf}`} className="text-brand-700 underline">
                    {getCatalog().get(d.partOf).name}
                  </Link>
                </Fact>
              )}
              {d.related.length > 0 && (
                <Fact term={t.dataset.related}>
                  <ul className="flex flex-wrap gap-x-3">
                    {d.related.map((r) => (
                      <li key={r}>
                        <Link href={`/datasets/${r}`} className="text-brand-700 underline">
                          {getCatalog().get(r).name}
                        </Link>
                      </li>
                    ))}
                  </ul>
                </Fact>
              )}
            </dl>
          </Section>

          <Section id="links" title={t.dataset.links}>
            <ul className="flex flex-col gap-1.5 text-sm">
              {d.links.map((l) => (
                <li key={l.url} className="flex flex-wrap items-center gap-2">
                  <Badge>{label('linkKind', l.kind)}</Badge>
                  <a
                    href={l.url}
                    rel="noopener noreferrer nofollow"
                    target="_blank"
                    className={`break-all ${l.status === 'broken' ? 'text-slate-500 line-through' : 'text-brand-700 underline'}`}
                  >
                    {l.label ?? l.url}
                  </a>
                  {l.status === 'broken' && <Badge tone="red">{t.dataset.linkBroken}</Badge>}
                  {l.status === 'unverified' && <Badge tone="amber">{t.dataset.linkUnverified}</Badge>}
                  {l.fromSeed && <span className="text-xs text-slate-500">({t.dataset.linkFromSeed})</span>}
                </li>
              ))}
            </ul>
          </Section>

          <Section
            id="load"
            title={t.dataset.loadIt}
            actions={
              snippet ? <CopyButton text={snippet} label={t.dataset.copyCode} done={t.dataset.copied} /> : undefined
            }
          >
            {snippet ? (
              <>
                <p className="mb-2 text-sm text-slate-600">{t.dataset.loadItHint}</p>
                <pre
                  className="overflow-x-auto rounded-md bg-slate-900 p-3 text-xs text-slate-100"
                  data-testid="load-snippet"
                >
                  <code>{snippet}</code>
                </pre>
              </>
            ) : (
              <p className="text-sm text-slate-600">{t.dataset.noLoader}</p>
            )}
          </Section>

          <Section
            id="citation"
            title={t.dataset.citation}
            actions={
              d.citation ? (
                <CopyButton text={d.citation} label={t.dataset.copyBibtex} done={t.dataset.copied} />
              ) : undefined
            }
          >
            {d.citation ? (
              <pre className="overflow-x-auto whitespace-pre-wrap rounded-md bg-slate-100 p-3 text-xs">
                {d.citation}
              </pre>
            ) : (
              <p className="text-sm text-slate-600">{t.dataset.noCitation}</p>
            )}
          </Section>

          <Section id="provenance" title={t.dataset.provenance}>
            <h3 className="mb-2 text-sm font-semibold">{t.dataset.corrections}</h3>
            {d.provenance.corrections.length ? (
              <div className="overflow-x-auto">
                <table className="w-full text-left text-sm">
                  <thead className="text-xs text-slate-500">
                    <tr>
                      <th scope="col" className="py-1 pr-3">
                        {t.compare.field}
                      </th>
                      <th scope="col" className="py-1 pr-3">
                        {t.dataset.correctionSeed}
                      </th>
                      <th scope="col" className="py-1 pr-3">
                        {t.dataset.correctionNow}
                      </th>
                      <th scope="col" className="py-1">
                        {t.dataset.correctionSource}
                      </th>
                    </tr>
                  </thead>
                  <tbody>
                    {d.provenance.corrections.map((c) => (
                      <tr key={`${c.field}-${c.seed}`} className="border-t border-slate-100 align-top">
                        <td className="py-1.5 pr-3 font-mono text-xs">{c.field}</td>
                        <td className="py-1.5 pr-3 text-slate-500 line-through">{c.seed}</td>
                        <td className="py-1.5 pr-3">
                          {c.corrected}
                          {c.note && <p className="text-xs text-slate-500">{c.note}</p>}
                        </td>
                        <td className="py-1.5">
                          <a
                            href={c.source}
                            rel="noopener noreferrer nofollow"
                            target="_blank"
                            className="break-all text-brand-700 underline"
                          >
                            {new URL(c.source).hostname}
                          </a>
                        </td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            ) : (
              <p className="text-sm text-slate-600">{t.dataset.noCorrections}</p>
            )}
            {d.provenance.sources.length > 0 && (
              <>
                <h3 className="mb-1 mt-4 text-sm font-semibold">{t.dataset.sources}</h3>
                <ul className="list-disc pl-5 text-sm">
                  {d.provenance.sources.map((s) => (
                    <li key={s}>
                      <a
                        href={s}
                        rel="noopener noreferrer nofollow"
                        target="_blank"
                        className="break-all text-brand-700 underline"
                      >
                        {s}
                      </a>
                    </li>
                  ))}
                </ul>
              </>
            )}
            <h3 className="mb-1 mt-4 text-sm font-semibold">{t.dataset.seeds}</h3>
            <ul className="list-disc pl-5 text-xs text-slate-600">
              {d.provenance.seeds.map((s) => (
                <li key={`${s.file}-${s.where}`}>
                  {s.name} — {s.where} <span className="font-mono">({s.file})</span>
                </li>
              ))}
            </ul>
          </Section>
        </div>

        <div className="flex flex-col gap-4">
          <DatasetTeamPanel datasetId={d.id} />
          <Section id="similar" title={t.dataset.similar}>
            {similar.length ? (
              <ul className="flex flex-col gap-3">
                {similar.map((s) => (
                  <li key={s.id}>
                    <DatasetCard d={s} lang={lang} label={label} itemsWord={t.explorer.items} />
                  </li>
                ))}
              </ul>
            ) : (
              <p className="text-sm text-slate-600">{t.common.none}</p>
            )}
          </Section>
        </div>
      </div>
    </article>
  );
}

function Fact({ term, children }: { term: string; children: ReactNode }) {
  return (
    <>
      <dt className="font-medium text-slate-600">{term}</dt>
      <dd>{children}</dd>
    </>
  );
}

function Counts({ d, lang, unknown }: { d: Dataset; lang: Lang; unknown: string }) {
  const known = COUNT_UNIT.values.filter((u) => d.counts[u] !== null);
  const format = new Intl.NumberFormat(lang === 'zh' ? 'zh-CN' : 'en');
  return (
    <div>
      {known.length ? (
        <ul className="flex flex-wrap gap-x-4">
          {known.map((u) => (
            <li key={u}>
              <span className="font-semibold tabular-nums">{format.format(d.counts[u]!)}</span>{' '}
              {COUNT_UNIT.labels[u][lang]}
            </li>
          ))}
        </ul>
      ) : (
        unknown
      )}
      {d.countsNote && <p className="mt-1 text-xs text-slate-500">{d.countsNote}</p>}
    </div>
  );
}

function NotFound({ query, t }: { query: string; t: Awaited<ReturnType<typeof getMessages>>['t'] }) {
  const suggestions = getCatalog().suggest(query);
  if (!query) notFound();
  return (
    <div className="rounded-lg border border-dashed border-slate-300 bg-white p-8 text-center" role="alert">
      <h1 className="text-xl font-semibold">{t.dataset.notFound}</h1>
      <p className="mt-1 text-slate-600">“{query.slice(0, 100)}”</p>
      {suggestions.length > 0 && (
        <p className="mt-3">
          {t.dataset.didYouMean}{' '}
          {suggestions.map((s, i) => (
            <span key={s}>
              {i > 0 && ', '}
              <Link href={`/datasets/${s}`} className="text-brand-700 underline">
                {getCatalog().get(s).name}
              </Link>
            </span>
          ))}
          ?
        </p>
      )}
      <Link href="/" className="mt-4 inline-block text-brand-700 underline">
        {t.common.home}
      </Link>
    </div>
  );
}
