// The packed package checked by the ecosystem's own tools (issue 12):
//   node scripts/check-package.mjs TARBALL
// - publint on the tarball: no error, warning or suggestion;
// - attw (@arethetypeswrong/cli) on the tarball: no problem in any resolution mode (node10, node16
//   from CJS and from ESM, bundler), for every subpath of `exports`, each resolving to types;
// - `npm publish --dry-run` of pkg/ as packed (the tarball unpacked, so a build running meanwhile
//   cannot skew it): exactly the files that package.json's `files` names (each entry matching
//   something) plus what npm always adds, and every file that package.json points at (exports,
//   main, module, types, bin) among them.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join, posix } from 'node:path';
import { pathToFileURL } from 'node:url';

const root = new URL('..', import.meta.url).pathname;
const tarball = process.argv[2];
assert.ok(tarball && existsSync(tarball), 'usage: node scripts/check-package.mjs TARBALL (npm pack of pkg/)');
const unpacked = mkdtempSync(join(tmpdir(), 'tmr-pkg-'));
process.on('exit', () => rmSync(unpacked, { recursive: true, force: true }));
execFileSync('tar', ['-xzf', tarball, '-C', unpacked]);
const pkgDir = join(unpacked, 'package');
const tools = createRequire(join(root, 'tools/'));
const pkg = JSON.parse(readFileSync(join(pkgDir, 'package.json'), 'utf8'));
const version = (name) => JSON.parse(readFileSync(join(root, 'tools/node_modules', name, 'package.json'), 'utf8')).version;
const run = (cmd, args, cwd) => execFileSync(cmd, args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });

// ---- publint
const { publint } = await import(pathToFileURL(tools.resolve('publint')).href);
const { formatMessage } = await import(pathToFileURL(tools.resolve('publint/utils')).href);
const bytes = readFileSync(tarball);
const lint = await publint({ pack: { tarball: bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) }, level: 'suggestion', strict: true });
const lines = lint.messages.map((m) => `  ${m.type}: ${formatMessage(m, lint.pkg) ?? m.code}`);
console.log(`publint ${version('publint')}: ${lines.length ? `\n${lines.join('\n')}` : 'nothing to report'}`);

// ---- attw
const attwBin = join(root, 'tools/node_modules/.bin/attw');
let attwOut;
try {
  attwOut = run(attwBin, [tarball, '--format', 'json', '--no-definitely-typed']);
} catch (e) {
  attwOut = e.stdout; // exit code 1 when it finds problems; the JSON says which
}
const { analysis } = JSON.parse(attwOut);
const problems = analysis.problems ?? [];
const entrypoints = Object.keys(analysis.entrypoints);
console.log(`attw ${version('@arethetypeswrong/cli')}: ${problems.length ? `${problems.length} problem(s)` : 'no problems'}`);
for (const [subpath, entry] of Object.entries(analysis.entrypoints)) {
  for (const [mode, r] of Object.entries(entry.resolutions)) {
    const types = r.resolution?.fileName?.replace('/node_modules/tmr-client/', '') ?? 'UNRESOLVED';
    const code = r.implementationResolution?.fileName?.replace('/node_modules/tmr-client/', '') ?? '-';
    console.log(`  ${subpath.padEnd(16)} ${mode.padEnd(10)} types ${types.padEnd(16)} code ${code}`);
  }
}
for (const p of problems) console.log(`  problem: ${p.kind} ${p.entrypoint ?? ''} ${p.resolutionKind ?? ''}`);

// ---- npm publish --dry-run
// --force and a tag of its own: the dry run lists the files without failing once this version is
// on the registry, or when an older commit is checked (npm checks versions even in a dry run).
const dry = JSON.parse(run('npm', ['publish', '--dry-run', '--force', '--tag', 'dry-run-check', '--json', '--loglevel=error'], pkgDir));
const listed = (dry[pkg.name] ?? dry).files.map((f) => f.path).sort();
const walk = (rel) => (statSync(join(pkgDir, rel)).isDirectory()
  ? run('find', [rel, '-type', 'f'], pkgDir).split('\n').filter(Boolean).map((f) => posix.normalize(f))
  : [rel]);
const missing = pkg.files.filter((f) => !existsSync(join(pkgDir, f)));
const always = ['package.json', ...run('ls', [], pkgDir).split('\n').filter((f) => /^(readme|license|licence)(\..*)?$/i.test(f))];
const intended = [...new Set([...pkg.files.filter((f) => !missing.includes(f)).flatMap(walk), ...always])].sort();
const pointed = [
  pkg.main, pkg.module, pkg.types, ...Object.values(pkg.bin ?? {}),
  ...JSON.stringify(pkg.exports).match(/"\.\/[^"]+"/g).map((s) => s.slice(1, -1)).filter((s) => !Object.keys(pkg.exports).includes(s)),
].filter(Boolean).map((p) => posix.normalize(p));
const unlisted = [...new Set(pointed)].filter((p) => !listed.includes(p));
console.log(`npm publish --dry-run: ${listed.length} files, ${dry[pkg.name]?.size ?? dry.size} B packed, ${dry[pkg.name]?.unpackedSize ?? dry.unpackedSize} B unpacked`);
for (const f of listed) console.log(`  ${f}`);

// ---- verdicts
const failures = [];
if (lines.length) failures.push('publint reported something');
if (problems.length) failures.push('attw found problems');
const subpaths = Object.keys(pkg.exports).sort();
if (JSON.stringify(entrypoints.sort()) !== JSON.stringify(subpaths)) failures.push(`attw checked ${entrypoints} but exports has ${subpaths}`);
for (const [subpath, entry] of Object.entries(analysis.entrypoints)) {
  for (const [mode, r] of Object.entries(entry.resolutions)) {
    if (!r.resolution?.isTypeScript && !r.resolution?.isJson) failures.push(`${subpath} has no types under ${mode}`);
  }
}
if (missing.length) failures.push(`package.json files names what pkg/ lacks: ${missing.join(', ')}`);
if (JSON.stringify(listed) !== JSON.stringify(intended)) {
  failures.push(`dry-run lists ${listed.filter((f) => !intended.includes(f)).join(', ') || 'nothing extra'}; lacks ${intended.filter((f) => !listed.includes(f)).join(', ') || 'nothing'}`);
}
if (unlisted.length) failures.push(`package.json points at files not published: ${unlisted.join(', ')}`);
if (failures.length) {
  console.error(`package checks failed:\n  ${failures.join('\n  ')}`);
  process.exit(1);
}
console.log('package checks: ok');
