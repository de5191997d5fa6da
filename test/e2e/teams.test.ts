import { teamFlow } from './support/team-flow.ts';

// The full team flow in a real browser against the production build on the embedded database.
teamFlow('embedded database', () => ({}));
