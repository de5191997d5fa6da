export { type Actor, ROLES } from './authorization.ts';
export { createDb, type Db, type DbOptions, type Prisma, type PrismaClient } from './client.ts';
export {
  AuthenticationRequiredError,
  ConflictError,
  DbError,
  ForbiddenError,
  MigrationError,
  NotFoundError,
  ValidationError,
} from './errors.ts';
export { exportTeam, importTeam, type TeamExport, teamExportSchema } from './export.ts';
export type {
  Annotation,
  AnnotationKind,
  AuditLog,
  Collection,
  CollectionItem,
  Invite,
  Membership,
  QualityFlag,
  Team,
  TeamRole,
  User,
  Visibility,
} from './generated/prisma/client.ts';
export { listMigrations, migrateDeploy, migrationState } from './migrate.ts';
export { DEMO_USER, seedDemo } from './seed.ts';
export * as annotations from './services/annotations.ts';
export * as collections from './services/collections.ts';
export * as invites from './services/invites.ts';
export * as teams from './services/teams.ts';
