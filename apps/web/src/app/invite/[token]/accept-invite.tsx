'use client';

import { useMutation } from '@tanstack/react-query';
import Link from 'next/link';
import { buttonClass, ErrorNote } from '~/components/ui/states';
import { useT } from '~/i18n/client';
import { useTRPC } from '~/trpc/react';

/** Accepting is an explicit click (a POST), never a side effect of merely opening the link. */
export function AcceptInvite({ token }: { token: string }) {
  const t = useT();
  const trpc = useTRPC();
  const accept = useMutation(trpc.teams.acceptInvite.mutationOptions());
  if (accept.isSuccess)
    return (
      <div className="flex flex-col gap-3">
        <p role="status">{t.teams.accepted}</p>
        <Link href={`/teams/${accept.data.teamId}`} className={`${buttonClass} self-start`}>
          {t.teams.openTeam}
        </Link>
      </div>
    );
  return (
    <div className="flex flex-col gap-3">
      {accept.isError && <ErrorNote message={accept.error.message} />}
      <button
        type="button"
        className={`${buttonClass} self-start`}
        disabled={accept.isPending}
        onClick={() => accept.mutate({ token })}
      >
        {t.teams.accept}
      </button>
    </div>
  );
}
