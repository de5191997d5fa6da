import type { Metadata } from 'next';
import { SharedCollectionView } from './shared-view';

export const metadata: Metadata = { title: 'Shared collection', referrer: 'no-referrer', robots: { index: false } };

export default async function SharedPage({ params }: { params: Promise<{ token: string }> }) {
  return <SharedCollectionView token={(await params).token} />;
}
