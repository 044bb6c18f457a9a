// The sending half of the loopback TCP copy (see tcp-copy.ts), run as its own process as a source
// BE is: each connection names one file on its first line and gets the file's bytes back.
import net from 'node:net';
import { createReadStream } from 'node:fs';

const server = net.createServer((socket) => {
  let request = '';
  const onData = (chunk: Buffer) => {
    request += chunk.toString('utf8');
    const end = request.indexOf('\n');
    if (end < 0) return;
    socket.off('data', onData);
    createReadStream(request.slice(0, end), { highWaterMark: 512 * 1024 })
      .on('error', (error) => socket.destroy(error))
      .pipe(socket);
  };
  socket.on('data', onData);
  socket.on('error', () => undefined);
});
server.listen(0, '127.0.0.1', () => {
  const address = server.address() as net.AddressInfo;
  process.stdout.write(`${address.port}\n`);
});
