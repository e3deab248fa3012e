/**
 * Code typed against ZIM's official Web SDK declarations (zego-zim-web 2.29) compiles against
 * lib/zim: official-zim-usage.ts uses every room, room attribute, member attribute, message,
 * login and token method and every room, message and connection event with ZIM's own types.
 * The compiler runs here, so `npm test` fails when the SDK drifts from ZIM's shapes.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const here = (name: string) => fileURLToPath(new URL(name, import.meta.url));
const USAGE = here('./official-zim-usage.ts');
const root = fileURLToPath(new URL('../../', import.meta.url));

const METHODS = [
  // Instances, login and tokens.
  'create',
  'getInstance',
  'getVersion',
  'login',
  'logout',
  'renewToken',
  'on',
  'off',
  // Rooms.
  'createRoom',
  'joinRoom',
  'enterRoom',
  'switchRoom',
  'leaveRoom',
  'leaveAllRoom',
  'queryRoomMemberList',
  'queryRoomMembers',
  'queryRoomOnlineMemberCount',
  // Room attributes.
  'setRoomAttributes',
  'deleteRoomAttributes',
  'beginRoomAttributesBatchOperation',
  'endRoomAttributesBatchOperation',
  'queryRoomAllAttributes',
  // Member attributes.
  'setRoomMembersAttributes',
  'queryRoomMembersAttributes',
  'queryRoomMemberAttributesList',
  // Messages.
  'sendMessage',
  'queryHistoryMessage',
];
const EVENTS = [
  'connectionStateChanged',
  'tokenWillExpire',
  'error',
  'roomStateChanged',
  'roomMemberJoined',
  'roomMemberLeft',
  'roomAttributesUpdated',
  'roomAttributesBatchUpdated',
  'roomMemberAttributesUpdated',
  'receiveRoomMessage',
  'roomMessageReceived',
];

function compilerOptions(): ts.CompilerOptions {
  const file = ts.readConfigFile(`${root}tsconfig.json`, (path) => ts.sys.readFile(path));
  const parsed = ts.parseJsonConfigFileContent(file.config, ts.sys, root);
  return { ...parsed.options, noEmit: true, incremental: false, plugins: [] };
}

/** Type errors of `files` (extra files given by content), as "file(line): message". */
function typeErrors(files: string[], virtual: Record<string, string> = {}): string[] {
  const options = compilerOptions();
  const host = ts.createCompilerHost(options);
  const read = host.readFile.bind(host);
  const exists = host.fileExists.bind(host);
  const getSourceFile = host.getSourceFile.bind(host);
  host.readFile = (path) => virtual[path] ?? read(path);
  host.fileExists = (path) => path in virtual || exists(path);
  host.getSourceFile = (path, language, ...rest) =>
    path in virtual ? ts.createSourceFile(path, virtual[path] ?? '', language) : getSourceFile(path, language, ...rest);
  const program = ts.createProgram([...files, ...Object.keys(virtual)], options, host);
  return ts.getPreEmitDiagnostics(program).map((d) => {
    const where = d.file
      ? `${d.file.fileName.replace(root, '')}(${d.file.getLineAndCharacterOfPosition(d.start ?? 0).line + 1})`
      : '';
    return `${where}: ${ts.flattenDiagnosticMessageText(d.messageText, '\n')}`;
  });
}

describe("ZIM's official type declarations against lib/zim", () => {
  it('the usage file exercises every room, attribute, member attribute, message, login and token method and every such event', () => {
    const usage = readFileSync(USAGE, 'utf8');
    const official = readFileSync(`${root}node_modules/zego-zim-web/entity/ZIM.d.ts`, 'utf8');
    const handlers = readFileSync(`${root}node_modules/zego-zim-web/entity/ZIMEventHandler.d.ts`, 'utf8');
    for (const method of METHODS) {
      expect(official, `ZIM declares ${method}`).toMatch(new RegExp(`(abstract|static) ${method}[<(]`));
      expect(usage, `the usage file calls ${method}`).toMatch(new RegExp(`\\b(zim|ZIM)\\.${method}\\(`));
    }
    for (const event of EVENTS) {
      expect(handlers, `ZIM declares the ${event} event`).toMatch(new RegExp(`\\b${event}: \\(zim: ZIM`));
      // Once with ZIM's payload type, once with ZIM's handler table.
      const listens = usage.match(new RegExp(`zim\\.on\\('${event}'`, 'g')) ?? [];
      expect(listens.length, `the usage file listens to ${event} twice`).toBeGreaterThanOrEqual(2);
    }
  });

  // One compilation for both checks: the usage file, and beside it a file that must fail.
  let errors: string[] | undefined;
  const compiled = () =>
    (errors ??= typeErrors([USAGE], {
      [here('./wrong-usage.ts')]: [
        "import type * as Z from 'zego-zim-web';",
        "import { ZIM } from '../../lib/zim/index.ts';",
        'declare const zim: ZIM;',
        'export async function wrong(): Promise<Z.ZIMRoomMembersAttributesOperatedResult> {',
        "  return zim.queryRoomMembersAttributes(['bob'], 'room');",
        '}',
      ].join('\n'),
    }));

  it('code typed with zego-zim-web compiles against lib/zim with no error', { timeout: 60_000 }, () => {
    expect(compiled().filter((e) => !e.includes('wrong-usage.ts'))).toEqual([]);
  });

  it(
    "the check finds a mismatch: a result read as another of ZIM's result types is an error",
    { timeout: 60_000 },
    () => {
      expect(compiled().filter((e) => e.includes('wrong-usage.ts'))).toEqual([
        expect.stringMatching(/wrong-usage\.ts\(5\): .*errorUserList/s),
      ]);
    },
  );
});
