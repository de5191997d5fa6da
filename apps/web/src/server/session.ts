import 'server-only';
import { headers } from 'next/headers';
import { redirect } from 'next/navigation';
import { cache } from 'react';
import { getSessionUser } from './auth';

/** The signed-in user of the current request (once per render), or null. */
export const currentUser = cache(async () => getSessionUser(await headers()));

/** For pages that need an account: sends anonymous visitors to sign in, then back here. */
export async function requireUser(path: string) {
  const user = await currentUser();
  if (!user) redirect(`/sign-in?next=${encodeURIComponent(path)}`);
  return user;
}
