#!/usr/bin/env node
// Writes TypeScript's default library files, as the ts-morph that kfp-ts compiles with carries them (inside its
// JavaScript), to dist/typescript-lib/<TypeScript's version>/: the compiler reads the ones a program needs from there
// (transformer/analysis/typescript-lib.ts), and its startup snapshot no longer holds the text of all of them.
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { getLibFiles, ts } from "@ts-morph/common";

const root = join(fileURLToPath(new URL("..", import.meta.url)), "dist", "typescript-lib");
rmSync(root, { recursive: true, force: true });
const folder = join(root, ts.version);
mkdirSync(folder, { recursive: true });
for (const { fileName, text } of getLibFiles()) writeFileSync(join(folder, fileName), text);
