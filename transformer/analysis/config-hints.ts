// What to change in a project's setup when TypeScript's error comes from the configuration rather than the code:
// the errors a project made with `npm init` and `tsc --init` meets first.

const hints: ReadonlyMap<number, string> = new Map([
  // Cannot find name 'process' / 'require' / 'Buffer'; Node's types are missing.
  [2580, "Node's types are missing: `npm install -D @types/node` and set \"types\": [\"node\"] in tsconfig.json's compilerOptions"],
  [2591, "Node's types are missing: `npm install -D @types/node` and set \"types\": [\"node\"] in tsconfig.json's compilerOptions"],
  // A CommonJS file importing kfp-ts, an ES module.
  [1479, "kfp-ts is an ES module: add \"type\": \"module\" to package.json (with \"module\": \"nodenext\" in tsconfig.json)"],
  // Top-level await, or import.meta, outside an ES module.
  [1378, "make the project an ES module: \"type\": \"module\" in package.json and \"module\": \"nodenext\" in tsconfig.json"],
  [1343, "make the project an ES module: \"type\": \"module\" in package.json and \"module\": \"nodenext\" in tsconfig.json"],
  // Legacy decorators: kfp-ts's @component() and @pipeline() are standard (TC39) decorators.
  [1241, "kfp-ts uses standard decorators: remove \"experimentalDecorators\" from tsconfig.json"],
  [1270, "kfp-ts uses standard decorators: remove \"experimentalDecorators\" from tsconfig.json"],
  // Cannot find module 'kfp-ts' (or a relative import without its .js extension under nodenext).
  [2307, "install kfp-ts in this project (npm install kfp-ts); under \"module\": \"nodenext\", relative imports end in .js"],
  [2835, "under \"module\": \"nodenext\", relative imports name the file with its .js extension: './lib/steps.js'"],
]);

/** The setup change that fixes TypeScript's error `code`, when the error usually means a configuration problem. */
export function configHint(code: number): string | undefined {
  return hints.get(code);
}
