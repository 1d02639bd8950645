// Prints, for each package's src folder, the 15 largest files (in lines) and the 15 longest
// functions (declarations, methods, arrow functions and function expressions). A function nested
// in another is listed on its own; the outer's length includes the inner.
// Usage: node scripts/size-report.mjs [count]   (count defaults to 15)
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import ts from 'typescript';

const roots = [
  'packages/shared/src',
  'packages/server/src',
  'packages/widget/src',
  'packages/console/src',
];
const top = Number(process.argv[2] ?? 15);
const sourceFile = /\.(ts|tsx|mts|cts|js|mjs|jsx)$/;

function listFiles(dir) {
  const out = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...listFiles(path));
    else if (sourceFile.test(entry.name) && !entry.name.endsWith('.d.ts')) out.push(path);
  }
  return out;
}

function lineCount(text) {
  if (text.length === 0) return 0;
  const lines = text.split('\n').length;
  return text.endsWith('\n') ? lines - 1 : lines;
}

function scriptKind(path) {
  if (path.endsWith('.tsx')) return ts.ScriptKind.TSX;
  if (path.endsWith('.jsx')) return ts.ScriptKind.JSX;
  if (/\.(js|mjs)$/.test(path)) return ts.ScriptKind.JS;
  return ts.ScriptKind.TS;
}

/** The name a function is known by: its own, or the variable, property or method it is bound to. */
function functionName(node) {
  if (node.name && ts.isIdentifier(node.name)) return node.name.text;
  if (node.name) return node.name.getText();
  if (ts.isConstructorDeclaration(node)) return 'constructor';
  const parent = node.parent;
  if (parent && ts.isVariableDeclaration(parent) && ts.isIdentifier(parent.name)) {
    return parent.name.text;
  }
  if (parent && ts.isPropertyAssignment(parent)) return parent.name.getText();
  if (parent && ts.isPropertyDeclaration(parent)) return parent.name.getText();
  return '<anonymous>';
}

function isFunction(node) {
  return (
    ts.isFunctionDeclaration(node) ||
    ts.isFunctionExpression(node) ||
    ts.isArrowFunction(node) ||
    ts.isMethodDeclaration(node) ||
    ts.isConstructorDeclaration(node) ||
    ts.isGetAccessorDeclaration(node) ||
    ts.isSetAccessorDeclaration(node)
  );
}

function functionsOf(path, text) {
  const source = ts.createSourceFile(path, text, ts.ScriptTarget.Latest, true, scriptKind(path));
  const found = [];
  const visit = (node) => {
    if (isFunction(node) && node.body) {
      const start = source.getLineAndCharacterOfPosition(node.getStart(source)).line;
      const end = source.getLineAndCharacterOfPosition(node.getEnd()).line;
      found.push({ name: functionName(node), line: start + 1, lines: end - start + 1 });
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

const out = [];
for (const root of roots) {
  const files = [];
  const functions = [];
  for (const path of listFiles(root)) {
    const text = readFileSync(path, 'utf8');
    const name = relative(root, path);
    files.push({ name, lines: lineCount(text) });
    for (const fn of functionsOf(path, text)) functions.push({ ...fn, file: name });
  }
  files.sort((a, b) => b.lines - a.lines || a.name.localeCompare(b.name));
  functions.sort((a, b) => b.lines - a.lines || a.file.localeCompare(b.file) || a.line - b.line);
  const totalLines = files.reduce((sum, f) => sum + f.lines, 0);
  out.push(`== ${root} (${files.length} files, ${totalLines} lines)`);
  out.push(`  largest files:`);
  for (const f of files.slice(0, top)) out.push(`    ${String(f.lines).padStart(5)}  ${f.name}`);
  out.push(`  longest functions:`);
  for (const f of functions.slice(0, top)) {
    out.push(`    ${String(f.lines).padStart(5)}  ${f.name} (${f.file}:${f.line})`);
  }
  out.push('');
}
process.stdout.write(`${out.join('\n')}\n`);
