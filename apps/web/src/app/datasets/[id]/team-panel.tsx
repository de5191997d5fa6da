import Link from 'next/link';
import { Section } from '~/components/section';
import { getMessages } from '~/i18n/server';
import { currentUser } from '~/server/session';
import { AddToCollection } from './add-to-collection';
import { Annotations } from './annotations';

/** The signed-in part of a dataset page: add it to a collection, and the teams' annotations on it. */
export async function DatasetTeamPanel({ datasetId }: { datasetId: string }) {
  const { t } = await getMessages();
  const user = await currentUser();
  if (!user)
    return (
      <Section id="team" title={t.annotations.title}>
        <p className="text-sm text-slate-600">
          <Link
            href={`/sign-in?next=${encodeURIComponent(`/datasets/${datasetId}`)}`}
            className="text-brand-700 underline"
          >
            {t.nav.signIn}
          </Link>{' '}
          — {t.auth.needSignIn}
        </p>
      </Section>
    );
  return (
    <>
      <Section id="add-to-collection" title={t.dataset.addToCollection}>
        <AddToCollection datasetId={datasetId} />
      </Section>
      <Section id="annotations" title={t.annotations.title}>
        <Annotations datasetId={datasetId} />
      </Section>
    </>
  );
}
