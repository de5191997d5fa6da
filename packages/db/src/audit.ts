import type { Tx } from './authorization.ts';
import type { Prisma } from './generated/prisma/client.ts';

export interface AuditEntry {
  actorId: string | null;
  teamId?: string | null | undefined;
  action: string;
  entity: string;
  entityId: string;
  before?: unknown;
  after?: unknown;
}

/** Records who changed what, inside the caller's transaction so the log never disagrees with the data. */
export async function audit(tx: Tx, entry: AuditEntry): Promise<void> {
  await tx.auditLog.create({
    data: {
      actorId: entry.actorId,
      teamId: entry.teamId ?? null,
      action: entry.action,
      entity: entry.entity,
      entityId: entry.entityId,
      before: toJson(entry.before),
      after: toJson(entry.after),
    },
  });
}

/** Dates become ISO strings; undefined means "no snapshot" and is stored as SQL NULL. */
function toJson(value: unknown): Prisma.InputJsonValue | undefined {
  if (value === undefined || value === null) return undefined;
  return JSON.parse(JSON.stringify(value)) as Prisma.InputJsonValue;
}
