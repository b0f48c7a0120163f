// A TCP port nothing listens on, for a server a benchmark or a test starts.
import { createServer, type AddressInfo } from 'node:net';

/** A port free on 127.0.0.1 just now (another program may still take it before it is used). */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  });
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}
