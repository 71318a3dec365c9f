import js from "@eslint/js";
import { defineConfig } from "eslint/config";
import { createNodeResolver, importX } from "eslint-plugin-import-x";
import globals from "globals";
import tseslint from "typescript-eslint";

const layer = (name) => `./src/${name}`;
/**
 * The layering of docs/design.md, as imports: github/ → ingest → store/; mcp/, api/, web/ → query/ → store/;
 * delivery/ beside them (surfaces may use it, it uses none of them); normalize/ is pure and config.ts depends on nothing of ours.
 */
const LAYERS = [
  { target: "./src/config.ts", from: "./src", except: ["./config.ts"], message: "config.ts depends on nothing of ours: it parses the environment once and is passed down." },
  { target: layer("normalize"), from: "./src", except: ["./normalize"], message: "Normalization is pure: a function of the event name and payload." },
  {
    target: layer("store"),
    from: ["github", "mcp", "api", "web", "query", "delivery", "ops", "metrics", "events", "http"].map(layer),
    message: "store/ is the bottom layer: nothing above it is imported.",
  },
  { target: layer("query"), from: ["github", "mcp", "api", "web", "delivery", "ops", "metrics", "http"].map(layer), message: "query/ serves the surfaces and reads store/ only." },
  {
    target: layer("github"),
    from: ["mcp", "api", "web", "query", "delivery", "ops"].map(layer),
    message: "github/ ingests into store/; it knows nothing of the readers or of delivery.",
  },
  {
    target: layer("delivery"),
    from: ["mcp", "api", "web", "github", "query", "ops"].map(layer),
    message: "delivery/ sits beside the surfaces: they may use it, it uses none of them.",
  },
];

export default defineConfig(
  { ignores: ["dist/", "src/generated/", "node_modules/"] },
  js.configs.recommended,
  tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    plugins: { "import-x": importX },
    settings: {
      // no-cycle follows imports into .ts files only when it knows how to parse them.
      "import-x/extensions": [".ts", ".js", ".mjs"],
      "import-x/parsers": { "@typescript-eslint/parser": [".ts"] },
      // Sources import each other as "./x.js" (NodeNext); the file on disk is x.ts.
      "import-x/resolver-next": [createNodeResolver({ extensions: [".ts", ".js", ".mjs", ".json"], extensionAlias: { ".js": [".ts", ".js"] } })],
    },
    rules: {
      "import-x/no-cycle": "error",
      "import-x/no-restricted-paths": ["error", { zones: LAYERS }],
      // Functions that implement a Promise-returning interface are declared async even when they await nothing, so that a throw becomes a rejection.
      "@typescript-eslint/require-await": "off",
      // Dropping a field with a rest sibling (`const { payload: _, ...rest } = row`) is how the code omits fields.
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_", ignoreRestSiblings: true }],
      // An abort passes on AbortSignal.reason as it is, and the DOM types it as any.
      "@typescript-eslint/prefer-promise-reject-errors": ["error", { allowThrowingAny: true }],
    },
  },
  {
    // Tests read JSON answers (any) and check them with expect; typing each answer would restate the schemas under test.
    files: ["test/**/*.ts"],
    rules: {
      "@typescript-eslint/no-explicit-any": "off",
      "@typescript-eslint/no-unsafe-argument": "off",
      "@typescript-eslint/no-unsafe-assignment": "off",
      "@typescript-eslint/no-unsafe-call": "off",
      "@typescript-eslint/no-unsafe-member-access": "off",
      "@typescript-eslint/no-unsafe-return": "off",
    },
  },
  {
    // Plain JavaScript (benchmarks, scripts, the console's browser script) is linted without type information.
    files: ["**/*.js", "**/*.mjs"],
    extends: [tseslint.configs.disableTypeChecked],
    languageOptions: { globals: globals.node },
  },
  {
    files: ["src/web/assets/**/*.js"],
    languageOptions: { globals: globals.browser },
  },
);
