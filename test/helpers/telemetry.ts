/** Reading what the server reports: its /metrics text, parsed, and its JSON log lines, captured. */
import { expect } from 'vitest';
import { parseMetrics, type LogLine, type Sample } from './metrics-text.ts';

export { parseMetrics, valueOf, type LogLine, type Sample } from './metrics-text.ts';

export async function scrape(url: string, secret: string): Promise<Sample[]> {
  const response = await fetch(`${url}/metrics`, { headers: { authorization: `Bearer ${secret}` } });
  expect(response.status).toBe(200);
  return parseMetrics(await response.text());
}

/** A pino destination that keeps every line, raw and parsed. */
export function logCapture() {
  const raw: string[] = [];
  const lines: LogLine[] = [];
  return {
    raw,
    lines,
    write(chunk: string) {
      for (const line of chunk.split('\n')) {
        if (line === '') continue;
        raw.push(line);
        lines.push(JSON.parse(line) as LogLine);
      }
    },
    of(event: string): LogLine[] {
      return lines.filter((l) => l.event === event);
    },
  };
}
