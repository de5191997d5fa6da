import Link from 'next/link';
import { getMessages } from '~/i18n/server';

export default async function NotFound() {
  const { t } = await getMessages();
  return (
    <div className="rounded-lg border border-dashed border-slate-300 bg-white p-10 text-center">
      <h1 className="text-xl font-semibold">{t.common.notFound}</h1>
      <p className="mt-1 text-slate-600">{t.common.notFoundHint}</p>
      <Link href="/" className="mt-4 inline-block text-brand-700 underline">
        {t.common.home}
      </Link>
    </div>
  );
}
