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
    // The other protocol codecs (STUN, FLUTE, OMA DM) are pure too: bytes in, values out. They may share
    // the hardened XML reader of server/cwmp/xml and nothing else outside their folder; the services
    // beside them (bindings, udp-wake, the multicast runner, server/mobile) do the I/O.
    files: [
      "server/stun/{message,attributes,integrity,responder,udp-connection-request}.ts",
      "server/flute/{lct,alc,fdt,reassembly,url,types,groups}.ts",
      "server/omadm/{auth,notification}.ts",
    ],
    ignores: ["**/*.test.ts"],
    rules: restrictImports([
      {
        regex: "^(@/|\\.\\./(?!cwmp/xml$))",
        message: "A protocol codec imports nothing outside its folder.",
      },
    ]),
  },
  {
    files: ["server/omadm/{wbxml,syncml,session}/**/*.ts"],
    ignores: ["**/*.test.ts"],
    rules: restrictImports([
      {
        regex: "^(@/|\\.\\./\\.\\./(?!cwmp/xml$))",
        message: "OMA DM protocol layers import nothing outside server/omadm.",
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
