// Stands in for the `server-only` guard package under Vitest, where no client bundle exists to protect.
export {};
