'use client';

import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useId, useState } from 'react';
import { Badge } from '~/components/badge';
import { buttonClass, Empty, ErrorNote, fieldClass, Loading, secondaryButtonClass } from '~/components/ui/states';
import { useLang, useT } from '~/i18n/client';
import { useTRPC, useTRPCClient } from '~/trpc/react';
import type { RouterOutputs } from '~/trpc/types';
import { Markdown } from './markdown';

type TeamAnnotations = RouterOutputs['annotations']['forDataset'][number];
type AnnotationView = TeamAnnotations['annotations'][number];
type Kind = AnnotationView['kind'];
type Flag = NonNullable<AnnotationView['qualityFlag']>;
const FLAGS: Flag[] = ['label_noise', 'broken_link', 'license_issue', 'leakage_risk'];
const KINDS: Kind[] = ['note', 'tag', 'quality_flag', 'rating'];

/** Polling interval: teammates' new annotations appear without a reload. */
const POLL_MS = 3000;

const parseTags = (raw: string) =>
  raw
    .split(/[,，\s]+/)
    .map((s) => s.trim())
    .filter(Boolean);

export function Annotations({ datasetId }: { datasetId: string }) {
  const t = useT();
  const trpc = useTRPC();
  const teams = useQuery(trpc.annotations.forDataset.queryOptions({ datasetId }, { refetchInterval: POLL_MS }));
  if (teams.isPending) return <Loading label={t.common.loading} />;
  if (teams.isError) return <ErrorNote message={teams.error.message} />;
  if (!teams.data.length) return <Empty>{t.annotations.noTeams}</Empty>;
  return (
    <div className="flex flex-col gap-5">
      <p className="text-xs text-slate-500">{t.annotations.live}</p>
      {teams.data.map((team) => (
        <TeamThread key={team.team.id} datasetId={datasetId} data={team} />
      ))}
    </div>
  );
}

function TeamThread({ datasetId, data }: { datasetId: string; data: TeamAnnotations }) {
  const t = useT();
  const canWrite = data.team.role !== 'viewer';
  const top = data.annotations.filter((a) => !a.parentId);
  const replies = (id: string) => data.annotations.filter((a) => a.parentId === id);
  return (
    <section aria-label={data.team.name} data-testid="team-annotations" data-team={data.team.name}>
      <h3 className="mb-2 text-sm font-semibold">{data.team.name}</h3>
      {top.length === 0 ? (
        <p className="mb-2 text-sm text-slate-500">{t.annotations.none}</p>
      ) : (
        <ul className="mb-3 flex flex-col gap-3">
          {top.map((a) => (
            <li key={a.id}>
              <AnnotationItem a={a} datasetId={datasetId} teamId={data.team.id} role={data.team.role} />
              {replies(a.id).length > 0 && (
                <ul className="ml-4 mt-2 flex flex-col gap-2 border-l-2 border-slate-100 pl-3">
                  {replies(a.id).map((r) => (
                    <li key={r.id}>
                      <AnnotationItem a={r} datasetId={datasetId} teamId={data.team.id} role={data.team.role} />
                    </li>
                  ))}
                </ul>
              )}
            </li>
          ))}
        </ul>
      )}
      {canWrite ? (
        <Composer datasetId={datasetId} teamId={data.team.id} />
      ) : (
        <p className="text-xs text-slate-500">{t.annotations.readOnly}</p>
      )}
    </section>
  );
}

function useRefresh(datasetId: string) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  return () => queryClient.invalidateQueries(trpc.annotations.forDataset.queryFilter({ datasetId }));
}

function AnnotationItem({
  a,
  datasetId,
  teamId,
  role,
}: {
  a: AnnotationView;
  datasetId: string;
  teamId: string;
  role: string;
}) {
  const t = useT();
  const lang = useLang();
  const trpc = useTRPC();
  const refresh = useRefresh(datasetId);
  const [mode, setMode] = useState<'view' | 'edit' | 'reply'>('view');
  const del = useMutation(trpc.annotations.delete.mutationOptions({ onSuccess: refresh }));
  const canEdit = a.mine ? role !== 'viewer' : role === 'admin' || role === 'owner';
  const when = new Intl.DateTimeFormat(lang === 'zh' ? 'zh-CN' : 'en', {
    dateStyle: 'medium',
    timeStyle: 'short',
  }).format(new Date(a.createdAt));
  const edited = new Date(a.updatedAt).getTime() - new Date(a.createdAt).getTime() > 1000;
  return (
    <article className="rounded-md bg-slate-50 p-2.5" data-testid="annotation">
      <header className="mb-1 flex flex-wrap items-center gap-2 text-xs text-slate-500">
        <span className="font-medium text-slate-800">{a.authorName}</span>
        <time dateTime={new Date(a.createdAt).toISOString()}>{when}</time>
        {edited && <span>({t.annotations.edited})</span>}
        {a.kind !== 'note' && <Badge tone="brand">{t.annotations.kinds[a.kind]}</Badge>}
        {a.qualityFlag && <Badge tone="amber">{t.annotations.flags[a.qualityFlag]}</Badge>}
        {a.rating && (
          <span>
            <span aria-hidden="true">
              {'★'.repeat(a.rating)}
              {'☆'.repeat(5 - a.rating)}
            </span>
            <span className="sr-only">{a.rating} / 5</span>
          </span>
        )}
      </header>
      {mode === 'edit' ? (
        <Editor a={a} datasetId={datasetId} onDone={() => setMode('view')} />
      ) : (
        <>
          {a.body && <Markdown text={a.body} />}
          {a.tags.length > 0 && (
            <ul className="mt-1 flex flex-wrap gap-1">
              {a.tags.map((tag) => (
                <li key={tag}>
                  <Badge>#{tag}</Badge>
                </li>
              ))}
            </ul>
          )}
        </>
      )}
      {mode === 'view' && (
        <div className="mt-1 flex gap-3 text-xs">
          {role !== 'viewer' && !a.parentId && (
            <button type="button" className="text-brand-700 underline" onClick={() => setMode('reply')}>
              {t.annotations.reply}
            </button>
          )}
          {canEdit && (
            <>
              <button type="button" className="text-brand-700 underline" onClick={() => setMode('edit')}>
                {t.annotations.edit}
              </button>
              <button
                type="button"
                className="text-red-700 underline"
                onClick={() => del.mutate({ annotationId: a.id, version: a.version })}
              >
                {t.annotations.delete}
              </button>
            </>
          )}
        </div>
      )}
      {del.isError && <ErrorNote message={del.error.message} />}
      {mode === 'reply' && (
        <Composer datasetId={datasetId} teamId={teamId} parentId={a.id} onDone={() => setMode('view')} />
      )}
    </article>
  );
}

/** Edits one annotation; a conflicting save shows the other person's version and keeps the draft. */
function Editor({ a, datasetId, onDone }: { a: AnnotationView; datasetId: string; onDone: () => void }) {
  const t = useT();
  const trpc = useTRPC();
  const client = useTRPCClient();
  const refresh = useRefresh(datasetId);
  const id = useId();
  const [body, setBody] = useState(a.body);
  const [tags, setTags] = useState(a.tags.join(', '));
  const [base, setBase] = useState(a.version);
  const [theirs, setTheirs] = useState<{ body: string; version: number } | null>(null);
  const save = useMutation(
    trpc.annotations.update.mutationOptions({
      onSuccess: async () => {
        await refresh();
        onDone();
      },
      onError: async (error) => {
        if (error.data?.code !== 'CONFLICT') return;
        const current = await client.annotations.get.query({ annotationId: a.id });
        setTheirs({ body: current.body, version: current.version });
      },
    }),
  );
  return (
    <form
      className="flex flex-col gap-2"
      onSubmit={(e) => {
        e.preventDefault();
        save.mutate({ annotationId: a.id, version: base, body, tags: parseTags(tags) });
      }}
    >
      <label htmlFor={`${id}-body`} className="sr-only">
        {t.annotations.body}
      </label>
      <textarea
        id={`${id}-body`}
        value={body}
        onChange={(e) => setBody(e.target.value)}
        rows={3}
        maxLength={20000}
        className={fieldClass}
      />
      <label htmlFor={`${id}-tags`} className="text-xs font-medium">
        {t.annotations.tags}
      </label>
      <input id={`${id}-tags`} value={tags} onChange={(e) => setTags(e.target.value)} className={fieldClass} />
      {theirs && (
        <div role="alert" className="rounded-md border border-amber-300 bg-amber-50 p-2 text-sm" data-testid="conflict">
          <p>{t.annotations.conflict}</p>
          <p className="mt-1 text-xs font-medium">{t.annotations.theirs}:</p>
          <Markdown text={theirs.body} />
          <button
            type="button"
            className={`${secondaryButtonClass} mt-1`}
            onClick={() => {
              setBase(theirs.version);
              setTheirs(null);
              save.mutate({ annotationId: a.id, version: theirs.version, body, tags: parseTags(tags) });
            }}
          >
            {t.annotations.overwrite}
          </button>
        </div>
      )}
      {save.isError && save.error.data?.code !== 'CONFLICT' && <ErrorNote message={save.error.message} />}
      <div className="flex gap-2">
        <button type="submit" className={buttonClass} disabled={save.isPending}>
          {t.annotations.save}
        </button>
        <button type="button" className={secondaryButtonClass} onClick={onDone}>
          {t.annotations.cancel}
        </button>
      </div>
    </form>
  );
}

function Composer({
  datasetId,
  teamId,
  parentId,
  onDone,
}: {
  datasetId: string;
  teamId: string;
  parentId?: string;
  onDone?: () => void;
}) {
  const t = useT();
  const trpc = useTRPC();
  const refresh = useRefresh(datasetId);
  const id = useId();
  const [kind, setKind] = useState<Kind>('note');
  const [body, setBody] = useState('');
  const [tags, setTags] = useState('');
  const [flag, setFlag] = useState<Flag>('label_noise');
  const [rating, setRating] = useState(4);
  const create = useMutation(
    trpc.annotations.create.mutationOptions({
      onSuccess: async () => {
        setBody('');
        setTags('');
        await refresh();
        onDone?.();
      },
    }),
  );
  return (
    <form
      className="flex flex-col gap-2 rounded-md border border-slate-200 p-2.5"
      aria-label={parentId ? t.annotations.reply : t.annotations.add}
      data-testid="annotation-composer"
      onSubmit={(e) => {
        e.preventDefault();
        create.mutate({
          teamId,
          datasetId,
          kind: parentId ? 'note' : kind,
          body,
          tags: parseTags(tags),
          parentId: parentId ?? null,
          ...(kind === 'quality_flag' && !parentId ? { qualityFlag: flag } : {}),
          ...(kind === 'rating' && !parentId ? { rating } : {}),
        });
      }}
    >
      {!parentId && (
        <div className="flex flex-wrap gap-2">
          <label htmlFor={`${id}-kind`} className="sr-only">
            {t.annotations.kind}
          </label>
          <select
            id={`${id}-kind`}
            value={kind}
            onChange={(e) => setKind(e.target.value as Kind)}
            className={fieldClass}
          >
            {KINDS.map((k) => (
              <option key={k} value={k}>
                {t.annotations.kinds[k]}
              </option>
            ))}
          </select>
          {kind === 'quality_flag' && (
            <>
              <label htmlFor={`${id}-flag`} className="sr-only">
                {t.annotations.flag}
              </label>
              <select
                id={`${id}-flag`}
                value={flag}
                onChange={(e) => setFlag(e.target.value as Flag)}
                className={fieldClass}
              >
                {FLAGS.map((f) => (
                  <option key={f} value={f}>
                    {t.annotations.flags[f]}
                  </option>
                ))}
              </select>
            </>
          )}
          {kind === 'rating' && (
            <>
              <label htmlFor={`${id}-rating`} className="sr-only">
                {t.annotations.rating}
              </label>
              <select
                id={`${id}-rating`}
                value={rating}
                onChange={(e) => setRating(Number(e.target.value))}
                className={fieldClass}
              >
                {[1, 2, 3, 4, 5].map((r) => (
                  <option key={r} value={r}>
                    {'★'.repeat(r)}
                  </option>
                ))}
              </select>
            </>
          )}
        </div>
      )}
      <label htmlFor={`${id}-body`} className="text-xs font-medium">
        {t.annotations.body}
      </label>
      <textarea
        id={`${id}-body`}
        value={body}
        onChange={(e) => setBody(e.target.value)}
        rows={2}
        maxLength={20000}
        className={fieldClass}
      />
      {(kind === 'tag' || kind === 'note') && !parentId && (
        <>
          <label htmlFor={`${id}-tags`} className="text-xs font-medium">
            {t.annotations.tags}
          </label>
          <input id={`${id}-tags`} value={tags} onChange={(e) => setTags(e.target.value)} className={fieldClass} />
        </>
      )}
      {create.isError && <ErrorNote message={create.error.message} />}
      <div className="flex gap-2">
        <button type="submit" className={buttonClass} disabled={create.isPending}>
          {parentId ? t.annotations.reply : t.annotations.post}
        </button>
        {onDone && (
          <button type="button" className={secondaryButtonClass} onClick={onDone}>
            {t.annotations.cancel}
          </button>
        )}
      </div>
    </form>
  );
}
