/**
 * What the browser gets: the SDK (lib/zim), the zod-free protocol entry and the web app must not
 * reach zod, the zod schemas or the server through their imports, or the room page's first-load
 * JavaScript grows by tens of kB (zod alone was ~31 kB compressed). Type-only imports are erased
 * when compiled, so they may name anything.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../..', import.meta.url));

/** Static and dynamic imports and re-exports that load code at run time (not `import type`). */
const STATEMENT =
  /(?:^|[\s;])(?:import|export)\s+(type\s+)?(?:\{[^}]*\}|\*(?:\s+as\s+\w+)?|\w+(?:\s*,\s*(?:\{[^}]*\}|\*\s+as\s+\w+))?)\s+from\s+['"]([^'"]+)['"]/g;
const BARE_IMPORT = /(?:^|[\s;])import\s+['"]([^'"]+)['"]/g;
const DYNAMIC_IMPORT = /\bimport\(\s*['"]([^'"]+)['"]\s*\)/g;

function valueImports(source: string): string[] {
  const specifiers: string[] = [];
  for (const m of source.matchAll(STATEMENT)) if (!m[1] && m[2]) specifiers.push(m[2]);
  for (const m of source.matchAll(BARE_IMPORT)) if (m[1]) specifiers.push(m[1]);
  for (const m of source.matchAll(DYNAMIC_IMPORT)) if (m[1]) specifiers.push(m[1]);
  return specifiers;
}

function resolveLocal(from: string, specifier: string): string | undefined {
  const base = specifier.startsWith('@/') ? join(root, specifier.slice(2)) : resolve(dirname(from), specifier);
  for (const candidate of [base, `${base}.ts`, `${base}.tsx`, join(base, 'index.ts'), join(base, 'index.tsx')]) {
    if (existsSync(candidate) && statSync(candidate).isFile()) return candidate;
  }
  return undefined;
}

function sourceFiles(dir: string): string[] {
  return readdirSync(join(root, dir), { recursive: true, encoding: 'utf8' })
    .filter((f) => /\.tsx?$/.test(f))
    .map((f) => join(root, dir, f));
}

/** Every module and package the entries load, with the chain that reaches each. */
function importGraph(entries: string[]): Map<string, string[]> {
  const reached = new Map<string, string[]>();
  const queue: [string, string[]][] = entries.map((e) => [e, [relative(root, e)]]);
  while (queue.length > 0) {
    const [file, chain] = queue.shift()!;
    for (const specifier of valueImports(readFileSync(file, 'utf8'))) {
      const local = specifier.startsWith('.') || specifier.startsWith('@/');
      if (!local) {
        const pkg = specifier.startsWith('@') ? specifier.split('/').slice(0, 2).join('/') : specifier.split('/')[0]!;
        if (!reached.has(pkg)) reached.set(pkg, [...chain, specifier]);
        continue;
      }
      const target = resolveLocal(file, specifier);
      if (!target || !/\.tsx?$/.test(target)) continue; // CSS and the like
      const name = relative(root, target);
      if (reached.has(name)) continue;
      reached.set(name, [...chain, name]);
      queue.push([target, [...chain, name]]);
    }
  }
  return reached;
}

describe('client import graph', () => {
  const entries = [
    join(root, 'lib/zim/index.ts'),
    join(root, 'lib/protocol/client.ts'),
    // Route handlers (app/api/**/route.ts) run on the server only; they may use zod and node:.
    ...sourceFiles('app').filter((file) => !file.endsWith('/route.ts')),
    ...sourceFiles('components'),
    ...sourceFiles('lib/store'),
  ];
  const graph = importGraph(entries);
  const forbidden = [...graph.entries()].filter(
    ([name]) =>
      name === 'zod' ||
      name === 'lib/protocol/schemas.ts' ||
      name === 'lib/protocol/index.ts' ||
      name.startsWith('server/') ||
      name.startsWith('node:'),
  );

  it('sees the SDK and the app (the walk itself works)', () => {
    expect(graph.has('lib/zim/zim.ts')).toBe(true);
    expect(graph.has('lib/protocol/rules.ts')).toBe(true);
    expect(graph.has('socket.io-client')).toBe(true);
  });

  it('reaches neither zod, the zod schemas, nor anything server-only', () => {
    expect(forbidden.map(([, chain]) => chain.join(' → '))).toEqual([]);
  });

  it('would notice a value import of the schemas', () => {
    expect(valueImports("import { userIDSchema } from '../protocol/index.ts';")).toEqual(['../protocol/index.ts']);
    expect(valueImports("import type { HandshakeAuth } from './schemas.ts';")).toEqual([]);
    expect(valueImports("export * from './schemas.ts';\nexport type { X } from './schemas.ts';")).toEqual([
      './schemas.ts',
    ]);
  });
});
