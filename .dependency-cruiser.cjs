/**
 * The one dependency rule: app-* -> adapters -> domain, and the domain imports nothing outside itself.
 * Beside it, app-* -> process (shared process plumbing), which imports nothing of ours.
 */
module.exports = {
  forbidden: [
    {
      name: "domain-is-pure",
      comment:
        "packages/domain (sources and tests) imports nothing outside itself except its test tools: no node:, no npm package, no other workspace package.",
      severity: "error",
      from: { path: "^packages/domain/" },
      to: { pathNot: ["^packages/domain/", "^node_modules/(vitest|@vitest|fast-check)/"] },
    },
    {
      name: "domain-has-no-builtins",
      severity: "error",
      from: { path: "^packages/domain/" },
      to: { dependencyTypes: ["core"] },
    },
    {
      name: "adapters-never-import-apps",
      severity: "error",
      from: { path: "^packages/adapters/" },
      to: { path: "^packages/app-" },
    },
    {
      name: "worker-does-not-import-http",
      comment: "The embedded single process (app-http) runs the worker's loops; never the other way round.",
      severity: "error",
      from: { path: "^packages/app-worker/" },
      to: { path: "^packages/app-http/" },
    },
    {
      name: "process-imports-nothing-of-ours",
      comment:
        "packages/process is the plumbing every process shares (environment, logger, signals, typed tokens); it imports no other workspace package.",
      severity: "error",
      from: { path: "^packages/process/" },
      to: { path: "^packages/(domain|adapters|app-)" },
    },
    {
      name: "only-apps-import-process",
      comment: "Process plumbing is for the apps' entries and composition roots, not for the library packages.",
      severity: "error",
      from: { path: "^packages/(domain|adapters)/" },
      to: { path: "^packages/process/" },
    },
    {
      name: "no-unresolvable",
      severity: "error",
      from: {},
      to: { couldNotResolve: true },
    },
  ],
  options: {
    doNotFollow: { path: "node_modules" },
    exclude: { path: "(^|/)dist/" },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: "tsconfig.base.json" },
    combinedDependencies: true,
    enhancedResolveOptions: {
      exportsFields: ["exports"],
      conditionNames: ["development", "import", "require", "node", "default"],
      extensions: [".ts", ".js", ".json"],
    },
  },
};
