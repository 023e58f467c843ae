import { defineWorkspace } from "vitest/config"

// Each package has its own vitest.config.ts; this file lists them so that
// `pnpm test` at the root runs every project in one vitest process.
export default defineWorkspace([
  "packages/*/vitest.config.ts",
  "examples/vitest.config.ts"
])
