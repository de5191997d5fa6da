/** Liveness for load balancers and the test harness: answers once the server is serving. */
export function GET() {
  return Response.json({ ok: true });
}
