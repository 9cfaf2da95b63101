// The benchmark's Node peer: the course's broadcast chat (names, join and leave notices, every text
// to everyone as "name: text") on ws 8, the WebSocket library most Node servers use, written the way
// its README broadcasts (a loop over wss.clients, send to each). Started by tools/BroadcastBenchmark.java
// (--servers course,node): node tools/bench/ws-chat.js PORT. Loopback only; `npm ci` in tools/bench
// installs ws (the benchmark runs it when node_modules is missing).
'use strict';
const { WebSocketServer, WebSocket } = require('ws');

const port = Number(process.argv[2]);
const wss = new WebSocketServer({ host: '127.0.0.1', port, path: '/chat' });
let guests = 0;

// Encoded to UTF-8 once, the same bytes to every client (as the course's server and Java-WebSocket's
// broadcast do); sent as text frames.
function broadcast(text, except) {
  const payload = Buffer.from(text, 'utf8');
  for (const client of wss.clients) {
    if (client !== except && client.readyState === WebSocket.OPEN) {
      client.send(payload, { binary: false });
    }
  }
}

wss.on('connection', (socket) => {
  const name = 'guest-' + ++guests;
  socket.send('* you are ' + name);
  broadcast('* ' + name + ' joined', socket);
  socket.on('message', (data, isBinary) => {
    if (isBinary) {
      socket.close(1003, 'this chat accepts text messages only');
      return;
    }
    broadcast(name + ': ' + data.toString());
  });
  socket.on('close', () => broadcast('* ' + name + ' left'));
  socket.on('error', () => {}); // a client went away: nothing to report in a benchmark
});

wss.on('listening', () => console.log('ws chat at ws://127.0.0.1:' + port + '/chat'));
