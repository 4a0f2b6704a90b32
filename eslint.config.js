// ESLint for the project's JavaScript: the explorer (in the browser) and the scripts node runs.
// Layout is Prettier's job (.prettierrc); `make lint` runs both.
import js from "@eslint/js";
import globals from "globals";

export default [
  { ignores: ["node_modules/", "site/", ".venv/", ".cache/"] },
  js.configs.recommended,
  {
    rules: {
      eqeqeq: "error",
      "no-var": "error",
      "prefer-const": "error",
      "no-shadow": "error",
    },
  },
  { files: ["docs/javascripts/**/*.js"], languageOptions: { globals: globals.browser } },
  {
    files: ["**/*.mjs", "**/*.cjs", "eslint.config.js"],
    languageOptions: { globals: globals.node },
  },
];
