/** Type-checking happens once in `tsc --noEmit`; ts-jest only transpiles (isolatedModules). */
// The SDK's "Node < 22" notice concerns the test machine's Node 20, not the function (nodejs24.x);
// set before jest starts its workers, which inherit it.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = "true";
module.exports = {
  testEnvironment: "node",
  roots: ["<rootDir>/__tests__"],
  testMatch: ["**/*.test.ts"],
  transform: {
    "^.+\\.ts$": ["ts-jest", { isolatedModules: true, diagnostics: false }],
    // The chat page's browser modules (web/*.js, ES modules served as written) become CommonJS for jest.
    "^.+/web/[^/]+\\.js$": ["ts-jest", { isolatedModules: true, diagnostics: false, tsconfig: { allowJs: true } }],
  },
  testTimeout: 30000,
  // Examples import the package by name, as users do; tests run them against the sources.
  moduleNameMapper: { "^cdktf-bedrock-chatbot$": "<rootDir>/index.ts" },
};
