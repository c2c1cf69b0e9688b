/** The HTTP exchanges one suite run makes, recorded by a pass-through proxy in front of the reference server. */
import { startFaultyServer } from '../../examples/broken/fault-proxy';
import { runSuite } from '../../runner/run/index';
import { parseCommand } from '../../runner/cli/options';

export interface RecordedExchange {
  readonly method: string;
  readonly path: string;
  readonly headers: [string, string][];
  readonly body: string;
  readonly status: number;
  readonly responseHeaders: [string, string][];
  readonly responseBody: string;
}

// Framing and addressing are the sender's business; everything else is sent again as recorded.
const NOT_REPLAYED = ['host', 'connection', 'content-length', 'transfer-encoding', 'keep-alive'];

/** The exchanges of one run against the reference server, or against `upstream`, a running target. */
export async function recordExchanges(args: readonly string[] = [], upstream?: string): Promise<RecordedExchange[]> {
  const recorded: RecordedExchange[] = [];
  const proxy = await startFaultyServer((req, res) => {
    recorded.push({
      method: req.method,
      path: req.path,
      headers: req.headers.filter(([n]) => !NOT_REPLAYED.includes(n.toLowerCase())).map(([n, v]) => [n, v]),
      body: req.body,
      status: res.status,
      responseHeaders: res.headers.map(([n, v]) => [n, v]),
      responseBody: res.body,
    });
  }, { upstream });
  try {
    const command = parseCommand(['--target', proxy.url, ...args]);
    if (command.kind !== 'run') throw new Error('unreachable');
    const { summary } = await runSuite(command.options);
    if (!summary.conformant) throw new Error('the recording run was not conformant');
    return recorded.filter((e) => !(e.method === 'GET' && e.path === '/')); // the start-up probe is not a check
  } finally {
    await proxy.close();
  }
}
