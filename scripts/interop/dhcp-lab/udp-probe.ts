/**
 * A minimal UDP sender/listener for the lab's "pod side of the bridge" checks: it behaves like a
 * node:dgram DHCP server (bound to 0.0.0.0:67, no SO_BINDTODEVICE) or client (0.0.0.0:68), and
 * prints one JSON line per event so the test can see what the kernel allowed.
 *
 *   udp-probe.ts send DESTINATION PORT [--no-broadcast]   (from 0.0.0.0:67)
 *   udp-probe.ts listen PORT TIMEOUT_MS
 */
import dgram from 'node:dgram';

const print = (value: Record<string, unknown>): void => {
  process.stdout.write(`${JSON.stringify(value)}\n`);
};

const send = (destination: string, port: number, broadcast: boolean): void => {
  const socket = dgram.createSocket({ type: 'udp4', reuseAddr: true });
  socket.bind(67, '0.0.0.0', () => {
    socket.setBroadcast(broadcast);
    socket.send(Buffer.from('kvlab-probe'), port, destination, (error) => {
      const code = error === null || error === undefined ? undefined : (error as NodeJS.ErrnoException).code;
      print(code === undefined ? { event: 'sent', destination } : { event: 'error', destination, code });
      socket.close();
    });
  });
};

const listen = (port: number, timeoutMs: number): void => {
  const socket = dgram.createSocket({ type: 'udp4', reuseAddr: true });
  socket.on('message', (message, remote) => {
    print({ event: 'message', from: remote.address, port: remote.port, data: message.toString('utf8') });
  });
  socket.bind(port, '0.0.0.0', () => {
    print({ event: 'listening', port });
  });
  setTimeout(() => socket.close(), timeoutMs);
};

const [mode, first = '', second = '', flag] = process.argv.slice(2);
if (mode === 'send') {
  send(first, Number(second), flag !== '--no-broadcast');
} else if (mode === 'listen') {
  listen(Number(first), Number(second));
} else {
  process.stderr.write('usage: udp-probe.ts send DESTINATION PORT [--no-broadcast] | listen PORT TIMEOUT_MS\n');
  process.exitCode = 2;
}
