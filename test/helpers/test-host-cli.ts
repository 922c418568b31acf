// Runs the test host by hand: `node --import tsx test/helpers/test-host-cli.ts --nodes 5000`, then open
// the printed URL in Chromium. Ctrl+C stops it.
import { parseArgs } from 'node:util';
import { startTestHost } from './test-host';

const { values } = parseArgs({ options: { nodes: { type: 'string', default: '1500' }, seed: { type: 'string', default: '7' }, port: { type: 'string', default: '0' } } });
const host = await startTestHost({ nodes: Number(values.nodes), seed: Number(values.seed), port: Number(values.port) });
process.stdout.write(`Capstan test host: ${host.url}\n`);
const stop = (): void => {
  void host.close().then(() => process.exit(0));
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
