/** The live view: headline numbers, charts of the last minutes, rooms, nodes and errors. */
import type { OpsSnapshot } from '@/lib/protocol/client';
import { Sparkline } from './sparkline';
import { ErrorList, NodesTable, RoomsTable } from './ops-tables';

function Tile({ label, value, hint }: { label: string; value: string; hint: string }) {
  return (
    <div className="rounded-xl border border-slate-200 bg-white p-4 shadow-sm">
      <p className="text-xs font-semibold tracking-wide text-slate-500 uppercase">{label}</p>
      <p className="mt-1 font-mono text-2xl font-semibold text-slate-900" data-testid={label}>
        {value}
      </p>
      <p className="mt-1 text-xs text-slate-500" data-testid={`${label} hint`}>
        {hint}
      </p>
    </div>
  );
}

const perSecond = (n: number) => `${n.toFixed(n < 10 ? 1 : 0)}/s`;

export function OpsDashboard({ snapshot }: { snapshot: OpsSnapshot }) {
  const { series, nodes, rooms, roomCount, errors, at } = snapshot;
  const latest = series.at(-1);
  const connections = nodes.reduce((sum, n) => sum + n.connections, 0);
  const members = latest?.members ?? rooms.reduce((sum, r) => sum + r.memberCount, 0);
  return (
    <div className="flex flex-col gap-4">
      <div className="grid grid-cols-2 gap-3 lg:grid-cols-4">
        <Tile label="Connections" value={String(connections)} hint="Browser tabs and apps connected now" />
        <Tile label="Rooms" value={String(roomCount)} hint="Open rooms, empty ones waiting to close included" />
        <Tile label="People in rooms" value={String(members)} hint="One person in two rooms counts twice" />
        <Tile
          label="Messages"
          value={perSecond(latest?.messagesPerSecond ?? 0)}
          hint={`${snapshot.totals.messages} since the server started`}
        />
      </div>
      <div className="grid gap-3 md:grid-cols-3">
        <Sparkline
          label="Messages per second"
          values={series.map((s) => s.messagesPerSecond)}
          current={perSecond(latest?.messagesPerSecond ?? 0)}
          hint="Chat messages the server accepted"
        />
        <Sparkline
          label="Connections"
          values={series.map((s) => s.connections)}
          current={String(latest?.connections ?? connections)}
          hint="Tabs and apps connected"
        />
        <Sparkline
          label="Errors per second"
          values={series.map((s) => s.errorsPerSecond)}
          current={perSecond(latest?.errorsPerSecond ?? 0)}
          hint="Requests the server turned down"
        />
      </div>
      <div className="grid gap-4 xl:grid-cols-[3fr_2fr]">
        <RoomsTable rooms={rooms} roomCount={roomCount} now={at} />
        <ErrorList errors={errors} />
      </div>
      <NodesTable nodes={nodes} now={at} />
    </div>
  );
}
