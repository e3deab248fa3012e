/** The operations page's lists: rooms, nodes and the latest errors, each a plain table. */
import type { OpsError, OpsNode, OpsRoom } from '@/lib/protocol/client';
import { Card, CardHeader } from '@/components/ui/card';
import { actionOf, formatBytes, formatSince, formatTime, meaningOf } from './plain-words';

const th = 'px-4 py-2 text-left text-xs font-semibold tracking-wide text-slate-500 uppercase';
const td = 'px-4 py-2 text-sm text-slate-800';

export function RoomsTable({ rooms, roomCount, now }: { rooms: OpsRoom[]; roomCount: number; now: number }) {
  return (
    <Card aria-labelledby="ops-rooms">
      <CardHeader
        titleID="ops-rooms"
        title={`Rooms (${roomCount})`}
        description={
          rooms.length < roomCount
            ? `The ${rooms.length} busiest are listed.`
            : 'Every room, busiest first. A person counts once per room.'
        }
      />
      {rooms.length === 0 ? (
        <p className="px-4 py-6 text-sm text-slate-500">
          No rooms right now. They appear here as soon as someone creates or enters one.
        </p>
      ) : (
        <div className="overflow-x-auto">
          <table className="w-full">
            <thead>
              <tr>
                <th className={th}>Room</th>
                <th className={th}>Room ID</th>
                <th className={`${th} text-right`}>People</th>
                <th className={th}>Opened</th>
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-100">
              {rooms.map((room) => (
                <tr key={room.roomID}>
                  <td className={`${td} font-medium`}>{room.roomName || '(no name)'}</td>
                  <td className={`${td} font-mono text-xs break-all text-slate-600`}>{room.roomID}</td>
                  <td className={`${td} text-right font-mono`}>{room.memberCount}</td>
                  <td className={`${td} text-slate-600`}>{formatSince(room.createdAt, now)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </Card>
  );
}

export function NodesTable({ nodes, now }: { nodes: OpsNode[]; now: number }) {
  return (
    <Card aria-labelledby="ops-nodes">
      <CardHeader
        titleID="ops-nodes"
        title="Server processes"
        description="Each process serving connections. Event-loop delay is how late it runs its work: under 20 ms is healthy."
      />
      <div className="overflow-x-auto">
        <table className="w-full">
          <thead>
            <tr>
              <th className={th}>Node</th>
              <th className={th}>State</th>
              <th className={`${th} text-right`}>Connections</th>
              <th className={`${th} text-right`}>Event-loop delay</th>
              <th className={`${th} text-right`}>Memory</th>
              <th className={th}>Started</th>
            </tr>
          </thead>
          <tbody className="divide-y divide-slate-100">
            {nodes.map((node) => (
              <tr key={node.nodeID}>
                <td className={`${td} font-mono text-xs`}>{node.nodeID}</td>
                <td className={td}>
                  {node.draining ? (
                    <span className="rounded-full bg-amber-100 px-2 py-0.5 text-xs font-medium text-amber-900">
                      Shutting down
                    </span>
                  ) : (
                    <span className="rounded-full bg-teal-100 px-2 py-0.5 text-xs font-medium text-teal-900">
                      Serving
                    </span>
                  )}
                </td>
                <td className={`${td} text-right font-mono`}>{node.connections}</td>
                <td className={`${td} text-right font-mono`}>{node.eventLoopDelayMs} ms</td>
                <td className={`${td} text-right font-mono`}>{formatBytes(node.rssBytes)}</td>
                <td className={`${td} text-slate-600`}>{formatSince(node.startedAt, now)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </Card>
  );
}

export function ErrorList({ errors }: { errors: OpsError[] }) {
  return (
    <Card aria-labelledby="ops-errors">
      <CardHeader
        titleID="ops-errors"
        title="Latest errors"
        description="What went wrong for whom, newest first (the last 50)."
      />
      {errors.length === 0 ? (
        <p className="px-4 py-6 text-sm text-slate-500">No errors so far.</p>
      ) : (
        <ol className="divide-y divide-slate-100">
          {errors.map((error, i) => (
            <li key={`${error.at}-${i}`} className="flex flex-col gap-0.5 px-4 py-2">
              <p className="text-sm text-slate-900">{meaningOf(error.code)}</p>
              <p className="text-xs text-slate-500">
                <span className="font-mono">{formatTime(error.at)}</span> · while {actionOf(error.during)}
                {error.userID ? (
                  <>
                    {' '}
                    · user <span className="font-mono">{error.userID}</span>
                  </>
                ) : null}{' '}
                ·{' '}
                <span className="font-mono">
                  {error.name} {error.code}
                </span>{' '}
                · {error.message}
              </p>
            </li>
          ))}
        </ol>
      )}
    </Card>
  );
}
