import { getAuth } from '~/server/auth';

// better-auth serves sign-up, sign-in, sign-out and session revocation under /api/auth/*, with its own
// origin check against trustedOrigins (CSRF) and the rate limits configured in ~/server/auth.
const handler = async (req: Request) => (await getAuth()).handler(req);

export { handler as GET, handler as POST };
