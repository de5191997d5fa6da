import type { Metadata } from 'next';
import { requireUser } from '~/server/session';
import { CollectionEditor } from './collection-editor';

export const metadata: Metadata = { title: 'Collection' };

export default async function CollectionPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  await requireUser(`/collections/${id}`);
  return <CollectionEditor collectionId={id} />;
}
