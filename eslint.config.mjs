import js from "@eslint/js";
import tseslint from "typescript-eslint";

// Layer boundaries (README, Architecture). One rule per folder: in a flat config a later entry for the
// same files replaces the rule, so server/cwmp's entry comes after the domains' one it tightens.
const restrictImports = (patterns) => ({
  "no-restricted-imports": "off",
  "@typescript-eslint/no-restricted-imports": ["error", { patterns }],
});
const SERVER_RUNTIME = {
  regex: "^(@/|(\\.\\./)+)server/",
  allowTypeImports: true,
  message: "Client-importable code takes only types from server/; move shared values to lib/.",
};

export default tseslint.config(
  {
    ignores: [
      "node_modules",
      ".next",
      "data",
      "server/generated",
      "next-env.d.ts",
      "test-results",
      "playwright-report",
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
      "@typescript-eslint/consistent-type-imports": ["error", { fixStyle: "inline-type-imports" }],
      "@typescript-eslint/no-misused-promises": ["error", { checksVoidReturn: { attributes: false } }],
    },
  },
  {
    // Domains raise AppError and take Actor from server/core; only the API layer knows tRPC. Tests may
    // drive the router.
    files: ["server/**/*.ts"],
    ignores: ["server/api/**", "**/*.test.ts"],
    rules: restrictImports([
      {
        regex: "^(@/server/|(\\.\\./)+)api(/|$)",
        message: "Domains never import server/api: use server/core (AppError, Actor, authorize) or lib/.",
      },
    ]),
  },
  {
    // The protocol stack is self-contained: what it needs from the rest (devices, tasks, settings, the
    // logger) reaches it through the session port (session/backend.ts) and the options it is given.
    files: ["server/cwmp/**/*.ts"],
    ignores: ["**/*.test.ts"],
    rules: restrictImports([
      {
        regex: "^(@/|\\.\\./\\.\\./)",
        message: "server/cwmp imports nothing outside itself: inject it instead.",
      },
    ]),
  },
  {
    // lib/ is isomorphic: the browser bundle loads it, so it takes only types from server/.
    files: ["lib/**/*.ts"],
    rules: restrictImports([
      SERVER_RUNTIME,
      { regex: "^(@/|(\\.\\./)+)(app|components|trpc)/", message: "lib/ depends on nothing above it." },
    ]),
  },
  {
    // Components run in the browser (or are shared with it): types from server/, values from lib/.
    files: ["components/**/*.ts", "components/**/*.tsx"],
    rules: restrictImports([SERVER_RUNTIME]),
  },
  { files: ["**/*.mjs", "**/*.js"], ...tseslint.configs.disableTypeChecked },
);
