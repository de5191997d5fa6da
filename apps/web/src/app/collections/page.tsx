import type { Metadata } from 'next';
import { getMessages } from '~/i18n/server';
import { requireUser } from '~/server/session';
import { CollectionsList } from './collections-list';

export const metadata: Metadata = { title: 'Collections' };

export default async function CollectionsPage() {
  await requireUser('/collections');
  const { t } = await getMessages();
  return (
    <div className="flex flex-col gap-4">
      <header>
        <h1 className="text-2xl font-semibold">{t.collections.title}</h1>
        <p className="text-slate-600">{t.collections.intro}</p>
      </header>
      <CollectionsList />
    </div>
  );
}
