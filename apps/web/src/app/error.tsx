'use client';

import { useT } from '~/i18n/client';

/** Any unexpected failure while rendering: a plain message and a retry, never a stack trace. */
export default function ErrorPage({ reset }: { error: Error & { digest?: string }; reset: () => void }) {
  const t = useT();
  return (
    <div role="alert" className="rounded-lg border border-red-200 bg-red-50 p-8 text-center">
      <h1 className="text-xl font-semibold text-red-900">{t.common.error}</h1>
      <button
        type="button"
        onClick={reset}
        className="mt-4 rounded-md bg-red-700 px-4 py-2 text-sm text-white hover:bg-red-800"
      >
        {t.common.retry}
      </button>
    </div>
  );
}
